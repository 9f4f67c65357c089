import Foundation

/// A membership tier (R-MEM-1): reached at a cumulative spend, with a discount and the
/// benefits templates may mention (R-MEM-7).
public struct Tier: Hashable, Sendable {
    public var name: String
    /// Cumulative spend, in minor units, from which the tier applies.
    public var fromMinor: Int64
    public var discountPercent: Int
    public var benefits: [String]
    /// Reached as well with this many visits in the last 12 months (a TCM centre ranks its
    /// regulars by how often they come); nil: by spend only.
    public var visits: Int?

    public init(name: String, fromMinor: Int64, discountPercent: Int = 0, benefits: [String] = [], visits: Int? = nil) {
        self.visits = visits
        self.name = name
        self.fromMinor = fromMinor
        self.discountPercent = discountPercent
        self.benefits = benefits
    }
}

/// The ladder of tiers, lowest first (configuration: the five cards, or the stars).
public struct TierLadder: Hashable, Sendable {
    public var tiers: [Tier]

    public init(_ tiers: [Tier]) { self.tiers = tiers.sorted { $0.fromMinor < $1.fromMinor } }

    /// The highest tier whose bar `spendMinor` reaches (exactly at the bar counts); nil below the first.
    public func tier(forSpend spendMinor: Int64, visits: Int = 0) -> Tier? {
        tiers.last { spendMinor >= $0.fromMinor || $0.visits.map { visits >= $0 } == true }
    }

    /// Whether `a` ranks above `b` on the ladder (nil: no tier).
    public func ranks(_ a: Tier?, above b: Tier?) -> Bool {
        (a.flatMap { t in tiers.firstIndex(of: t) } ?? -1) > (b.flatMap { t in tiers.firstIndex(of: t) } ?? -1)
    }

    public func tier(named name: String?) -> Tier? { tiers.first { $0.name == name } }

    /// Customer id → tier, from tier names (names no longer on the ladder are left out).
    public func tiers(of names: [Int64: String]) -> [Int64: Tier] {
        names.compactMapValues { tier(named: $0) }
    }

    /// The five-card ladder of an aesthetic clinic (R-MEM-1).
    public static let fiveCards = TierLadder([
        Tier(name: "VIP", fromMinor: 5_000_000, benefits: ["生日礼"]),
        Tier(name: "银卡", fromMinor: 7_800_000, discountPercent: 10, benefits: ["生日礼", "9折"]),
        Tier(name: "金卡", fromMinor: 9_800_000, discountPercent: 15, benefits: ["生日礼", "85折", "优先预约"]),
        Tier(name: "白金卡", fromMinor: 16_800_000, discountPercent: 20, benefits: ["生日礼", "8折", "优先预约"]),
        Tier(name: "钻石卡", fromMinor: 28_800_000, discountPercent: 25, benefits: ["生日礼", "75折", "优先预约", "专属顾问"]),
    ])
}

/// How points are earned and kept (R-MEM-4…6).
public struct PointsPolicy: Hashable, Sendable {
    /// Points per 100 currency units paid (not paid with points); rounded half up.
    public var pointsPer100 = 5
    /// Categories that earn nothing (e.g. drugs).
    public var excludedCategories: Set<String> = ["drug"]
    /// Given to a new member with the first purchase; usable from the next one.
    public var welcomePoints = 100

    public init() {}

    /// R-MEM-4: points for a purchase of `amountMinor` of which `pointsUsed` points (1 point
    /// = 1 unit = 100 minor units) paid a part.
    public func earned(amountMinor: Int64, pointsUsed: Int64, category: String?) -> Int64 {
        if let category, excludedCategories.contains(category) { return 0 }
        let paidMinor = max(0, amountMinor - pointsUsed * 100)
        // paid units × rate / 100, half up, in integers: (paidMinor × rate + 5000) / 10000.
        return (paidMinor * Int64(pointsPer100) + 5_000) / 10_000
    }
}

/// One line of a customer's points ledger.
public struct PointsEntry: Hashable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case earn, spend, welcome, expire
    }

    public var at: Date
    public var kind: Kind
    /// Positive for earn and welcome, negative for spend and expire.
    public var points: Int64
    public var purchaseId: Int64?
    /// Balance after this line.
    public var balance: Int64

    public init(at: Date, kind: Kind, points: Int64, purchaseId: Int64?, balance: Int64) {
        self.at = at
        self.kind = kind
        self.points = points
        self.purchaseId = purchaseId
        self.balance = balance
    }
}

/// A customer's membership standing.
public struct LoyaltyAccount: Hashable, Sendable {
    public var customerId: Int64
    public var spendMinor: Int64 = 0
    public var points: Int64 = 0
    public var tier: String?
    public var purchases = 0
    public var lastPurchaseAt: Date?
    /// The last quarter re-evaluated (R-MEM-3), e.g. "2026Q4".
    public var evaluatedPeriod: String?

    public init(customerId: Int64) { self.customerId = customerId }
}

/// A purchase as recorded (R-MEM): money in minor units.
public struct Purchase: Hashable, Sendable {
    public var id: Int64
    public var customerId: Int64
    public var amountMinor: Int64
    public var category: String?
    public var pointsUsed: Int64
    public var at: Date

    public init(id: Int64, customerId: Int64, amountMinor: Int64, category: String?, pointsUsed: Int64, at: Date) {
        self.id = id
        self.customerId = customerId
        self.amountMinor = amountMinor
        self.category = category
        self.pointsUsed = pointsUsed
        self.at = at
    }
}

/// What a purchase does to an account (R-MEM-1, 2, 4, 5): pure, so a test can walk a
/// customer up the ladder with a fixed clock.
public enum LoyaltyRules {
    public struct Outcome: Hashable, Sendable {
        public var account: LoyaltyAccount
        /// The ledger lines, without purchase ids (the store fills them in).
        public var entries: [PointsEntry]
        /// The tier reached by this purchase, if it is a new one (an upgrade).
        public var upgradedTo: Tier?
    }

    public static func apply(_ purchase: Purchase, to account: LoyaltyAccount, ladder: TierLadder,
                             policy: PointsPolicy, visits12m: Int = 0) throws(HuifangError) -> Outcome {
        guard purchase.amountMinor >= 0 else { throw .invalid("amount", "must not be negative") }
        guard purchase.pointsUsed >= 0 else { throw .invalid("points_used", "must not be negative") }
        // R-MEM-5: the welcome points come with the first purchase, so they cannot pay for it.
        guard purchase.pointsUsed <= account.points else {
            let hint = account.purchases == 0 ? " (welcome points count from the second purchase)" : ""
            throw .invalid("points_used", "the customer has \(account.points) usable points\(hint)")
        }
        guard purchase.pointsUsed * 100 <= purchase.amountMinor else {
            throw .invalid("points_used", "pays more than the amount (1 point = 1 unit)")
        }
        var next = account
        var entries: [PointsEntry] = []
        if purchase.pointsUsed > 0 {
            next.points -= purchase.pointsUsed
            entries.append(PointsEntry(at: purchase.at, kind: .spend, points: -purchase.pointsUsed, purchaseId: nil, balance: next.points))
        }
        let earned = policy.earned(amountMinor: purchase.amountMinor, pointsUsed: purchase.pointsUsed, category: purchase.category)
        if earned > 0 {
            next.points += earned
            entries.append(PointsEntry(at: purchase.at, kind: .earn, points: earned, purchaseId: nil, balance: next.points))
        }
        if account.purchases == 0 && policy.welcomePoints > 0 {
            next.points += Int64(policy.welcomePoints)
            entries.append(PointsEntry(at: purchase.at, kind: .welcome, points: Int64(policy.welcomePoints), purchaseId: nil, balance: next.points))
        }
        next.spendMinor += purchase.amountMinor
        next.purchases += 1
        next.lastPurchaseAt = max(account.lastPurchaseAt ?? purchase.at, purchase.at)
        let before = ladder.tier(named: account.tier)
        let reached = ladder.tier(forSpend: next.spendMinor, visits: visits12m)
        var upgraded: Tier?
        if let reached, ladder.ranks(reached, above: before) {
            next.tier = reached.name
            upgraded = reached
        }
        return Outcome(account: next, entries: entries, upgradedTo: upgraded)
    }
}

/// The store port for purchases and points.
public protocol LoyaltyStore: Sendable {
    func loyaltyAccount(customerId: Int64) throws -> LoyaltyAccount
    /// When each customer's first visit (or first purchase: the membership) was (R-MEM-7).
    func anniversaryStarts(customerIds: [Int64], basis: AnniversaryBasis) throws -> [Int64: Date]
    /// Writes the purchase, its ledger lines, the account as `outcome` leaves it and
    /// `message` (the tier-change notice) in one transaction. The caller decides `outcome`
    /// on the account read in the same unit of work.
    func recordPurchase(_ purchase: Purchase, outcome: LoyaltyRules.Outcome, message: Message?)
        throws -> (purchase: Purchase, outcome: LoyaltyRules.Outcome)
    /// Oldest first.
    func pointsLedger(customerId: Int64) throws -> [PointsEntry]
    /// Visits per customer at or after `since`, for these customers (tiers earned by visits).
    func visitCounts(since: Date, customerIds: [Int64]) throws -> [Int64: Int]
    /// The tier names of these customers, for those who hold one (R-MEM-7: greetings may
    /// mention tier and benefits).
    func tierNames(customerIds: [Int64]) throws -> [Int64: String]
    /// The memberships whose review mark is at most `now` (incremental: an account keeps
    /// when it next needs a look; a change of points, tier or last purchase makes it due,
    /// with a value no earlier read had).
    func loyaltyReviewsDue(now: Date) throws -> [PlanningMark]
    /// Moves review marks on, unless one changed since it was read; answers how many moved.
    @discardableResult
    func setNextLoyaltyReviews(_ updates: [(mark: PlanningMark, next: Int64)]) throws -> Int
    /// Every review mark back to 0 when the settings differ from those last reviewed with.
    @discardableResult
    func resetLoyaltyReviews(unlessPlannedWith fingerprint: String) throws -> Bool
    /// Of these customers, the accounts with points or a tier, not erased (the review's work).
    func loyaltyAccountsToReview(customerIds: [Int64]) throws -> [LoyaltyAccount]
    /// Spend per customer from purchases at or after `since`, for these customers (R-MEM-3's
    /// trailing year).
    func spendSince(_ since: Date, customerIds: [Int64]) throws -> [Int64: Int64]
    /// Applies a review in one transaction, if the account is still as `seen` (a purchase
    /// in between wins; the next review decides again): the expiry ledger line, the tier
    /// and evaluated quarter, and the customer's notices.
    @discardableResult
    func applyLoyaltyReview(_ review: LoyaltyReview, seen: LoyaltyAccount, messages: [Message], now: Date) throws -> Bool
}
