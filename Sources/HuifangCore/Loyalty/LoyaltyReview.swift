import Foundation

/// What the periodic upkeep does to one membership (R-MEM-3, R-MEM-6), decided from the
/// account, its trailing-12-month spend and `now` alone.
public struct LoyaltyReview: Hashable, Sendable {
    /// Points that expire now (all of them: 2 years after the last purchase).
    public var expirePoints: Int64 = 0
    /// When the points expire, if the 30-day warning is due now.
    public var warnExpiryOn: Date?
    /// The quarter re-evaluated now (e.g. "2026Q4"), if one is due.
    public var period: String?
    /// Set when the re-evaluation moves the customer down: the new tier (nil inside: none).
    public var downgradeTo: Tier??
    /// Set when visits alone reached a higher tier.
    public var upgradeTo: Tier?

    public init() {}

    public var isEmpty: Bool { self == LoyaltyReview() }

    /// The account as this review leaves it: points expired, the period evaluated, the new tier.
    public func applied(to account: LoyaltyAccount) -> LoyaltyAccount {
        var account = account
        account.points -= expirePoints
        if let period { account.evaluatedPeriod = period }
        if let downgradeTo { account.tier = downgradeTo?.name }
        if let upgradeTo { account.tier = upgradeTo.name }
        return account
    }

    public static let expiryYears = 2
    public static let warningDays = 30

    /// When `account`'s points expire: 2 years after the last purchase.
    public static func expiry(of account: LoyaltyAccount, calendar: Calendar) -> Date? {
        account.lastPurchaseAt.flatMap { calendar.date(byAdding: .year, value: expiryYears, to: $0) }
    }

    /// The review period `date` falls in, in the calendar's zone, for reviews every
    /// `months` months (a divisor of 12): "2026Q4" for quarters, else e.g. "2026P2/2".
    public static func period(of date: Date, months: Int = 3, calendar: Calendar) -> String {
        let parts = calendar.dateComponents([.year, .month], from: date)
        let index = ((parts.month ?? 1) - 1) / months + 1
        return months == 3 ? "\(parts.year ?? 0)Q\(index)" : "\(parts.year ?? 0)P\(index)/\(12 / months)"
    }

    /// When `account` next needs a review after one at `now` (nil: not until it changes):
    /// its points' 30-day warning, else their expiry; and for a member with a tier, the start
    /// of the next review period in the calendar's zone. A purchase, or a change of points or
    /// tier, sends the account back to be reviewed at once (the store's trigger).
    public static func nextReview(_ account: LoyaltyAccount, after now: Date, ladder: TierLadder, reviewMonths: Int = 3,
                                  calendar: Calendar) -> Date? {
        var candidates: [Date] = []
        if account.points > 0, let expires = expiry(of: account, calendar: calendar) {
            let warning = expires.addingTimeInterval(-Double(warningDays) * 86_400)
            candidates.append(now < warning ? warning : expires)
        }
        if ladder.tier(named: account.tier) != nil {
            let parts = calendar.dateComponents([.year, .month], from: now)
            let month = ((parts.month ?? 1) - 1) / reviewMonths * reviewMonths + reviewMonths + 1
            let next = month > 12 ? DateComponents(year: (parts.year ?? 0) + 1, month: 1, day: 1)
                                  : DateComponents(year: parts.year, month: month, day: 1)
            if let start = calendar.date(from: next) { candidates.append(start) }
        }
        return candidates.min()
    }

    /// What the review depends on besides each account: when it changes, every account is
    /// reviewed again.
    public static func fingerprint(ladder: TierLadder, reviewMonths: Int, zone: TimeZone) -> String {
        let tiers = ladder.tiers.map { "\($0.name)@\($0.fromMinor)/\($0.visits.map(String.init) ?? "-")" }
        return "v1; every \(reviewMonths) months; \(zone.identifier); \(tiers.joined(separator: ","))"
    }

    /// R-MEM-3: once per review period (a quarter by default), a member whose trailing-12-month spend is below their
    /// tier's bar moves down to the tier it reaches. R-MEM-6: points expire 2 years after
    /// the last purchase, with a warning 30 days before.
    /// A visit brought the customer's visits in the last 12 months to a tier's bar: the
    /// upgrade (nil: none).
    public static func visitUpgrade(_ account: LoyaltyAccount, visits12m: Int, ladder: TierLadder) -> LoyaltyReview? {
        let reached = ladder.tier(forSpend: account.spendMinor, visits: visits12m)
        guard let reached, ladder.ranks(reached, above: ladder.tier(named: account.tier)) else { return nil }
        var review = LoyaltyReview()
        review.upgradeTo = reached
        return review
    }

    public static func review(_ account: LoyaltyAccount, trailingSpendMinor: Int64, evaluatedPeriod: String?,
                              ladder: TierLadder, now: Date, calendar: Calendar, reviewMonths: Int = 3,
                              trailingVisits: Int = 0) -> LoyaltyReview {
        var review = LoyaltyReview()
        if account.points > 0, let expires = expiry(of: account, calendar: calendar) {
            if now >= expires {
                review.expirePoints = account.points
            } else if now >= expires.addingTimeInterval(-Double(warningDays) * 86_400) {
                review.warnExpiryOn = expires
            }
        }
        let period = period(of: now, months: reviewMonths, calendar: calendar)
        if let current = ladder.tier(named: account.tier), evaluatedPeriod != period {
            review.period = period
            let deserved = ladder.tier(forSpend: trailingSpendMinor, visits: trailingVisits)
            if ladder.ranks(current, above: deserved) {
                review.downgradeTo = .some(deserved)
            }
        }
        return review
    }
}
