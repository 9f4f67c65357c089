import Foundation

/// Keeping customers (R-KEEP-1…3): the thresholds and cadences, all configuration.
public struct RetentionSettings: Hashable, Sendable {
    /// R-KEEP-2: no visit for this many days makes a customer dormant.
    public var dormantDays = 90
    /// R-KEEP-1: visits in the trailing 12 months from which frequency is high.
    public var frequentVisits = 4
    /// R-KEEP-1: spend in the trailing 12 months (minor units) from which spend is high.
    public var highSpendMinor: Int64 = 1_000_000
    /// R-KEEP-1: days between care calls, per segment, counted from the last visit.
    public var cadenceDays: [Segment: Int] = [.highHigh: 30, .highLow: 45, .lowHigh: 45, .lowLow: 60]
    /// R-KEEP-3: days between arrears reminders, and how many before the account is suspended.
    public var arrearsEveryDays = 7
    public var arrearsSuspendAfter = 3

    public init() {}
}

/// R-KEEP-1: visit frequency × spend over the trailing 12 months.
public enum Segment: String, Sendable, CaseIterable, Codable {
    case highHigh = "high-frequency-high-spend"
    case highLow = "high-frequency-low-spend"
    case lowHigh = "low-frequency-high-spend"
    case lowLow = "low-frequency-low-spend"

    /// As staff say it.
    public var label: String {
        switch self {
        case .highHigh: "高频高消费"
        case .highLow: "高频低消费"
        case .lowHigh: "低频高消费"
        case .lowLow: "低频低消费"
        }
    }

    public static func of(visits: Int, spendMinor: Int64, settings: RetentionSettings) -> Segment {
        switch (visits >= settings.frequentVisits, spendMinor >= settings.highSpendMinor) {
        case (true, true): .highHigh
        case (true, false): .highLow
        case (false, true): .lowHigh
        case (false, false): .lowLow
        }
    }
}

/// What the store knows of a customer's last year, for R-KEEP-1 and 2.
public struct RetentionFacts: Hashable, Sendable {
    public var customerId: Int64
    public var visits12m: Int
    public var spend12mMinor: Int64
    public var lastVisit: Date
    public var member: Bool

    public init(customerId: Int64, visits12m: Int, spend12mMinor: Int64, lastVisit: Date, member: Bool) {
        self.customerId = customerId
        self.visits12m = visits12m
        self.spend12mMinor = spend12mMinor
        self.lastVisit = lastVisit
        self.member = member
    }
}

public enum RetentionPlanner {
    /// What to do for one customer now: a win-back (message for customers, a staff call for
    /// members) once per dormant spell (R-KEEP-2); otherwise the segment's care call when its
    /// cadence since the last visit has come round (R-KEEP-1). Dedupe keys carry the last
    /// visit, so a new visit starts afresh and nothing is planned twice.
    public enum Action: Hashable, Sendable {
        case winBackMessage(key: String)
        case winBackCall(PlannedTask)
        case careCall(PlannedTask, Segment)
    }

    public static func plan(_ facts: RetentionFacts, settings: RetentionSettings, now: Date) -> Action? {
        let days = Int(now.timeIntervalSince(facts.lastVisit) / 86_400)
        let since = facts.lastVisit.unixMillis
        if days >= settings.dormantDays {
            let key = "winback:\(facts.customerId):\(since)"
            guard facts.member else { return .winBackMessage(key: key) }
            return .winBackCall(PlannedTask(
                kind: MessageKind.retentionWinBack, customerId: facts.customerId, visitId: nil, step: "retention/winback",
                assignee: "consultant", dueAt: now, overdueAt: now.addingTimeInterval(3 * 86_400),
                text: "会员 \(days) 天未到店，请致电回访", dedupeKey: key))
        }
        let segment = Segment.of(visits: facts.visits12m, spendMinor: facts.spend12mMinor, settings: settings)
        guard let cadence = settings.cadenceDays[segment], cadence > 0, days >= cadence else { return nil }
        let round = days / cadence
        return .careCall(PlannedTask(
            kind: MessageKind.retentionCare, customerId: facts.customerId, visitId: nil, step: "retention/\(segment.rawValue)",
            assignee: "customer-service", dueAt: now, overdueAt: now.addingTimeInterval(2 * 86_400),
            text: "关怀回访（\(segment.label)客户，距上次到店 \(days) 天）", dedupeKey: "care:\(facts.customerId):\(since):\(round)"), segment)
    }
}

/// R-KEEP-3: an unpaid balance.
public struct Arrears: Hashable, Sendable {
    public var customerId: Int64
    public var owedMinor: Int64
    public var since: Date
    public var remindersSent: Int
    public var suspended: Bool

    public init(customerId: Int64, owedMinor: Int64, since: Date, remindersSent: Int = 0, suspended: Bool = false) {
        self.customerId = customerId
        self.owedMinor = owedMinor
        self.since = since
        self.remindersSent = remindersSent
        self.suspended = suspended
    }

    /// The reminder due now, if any: reminder n falls n × every days after the balance
    /// arose; after the `suspendAfter`-th the account is suspended and reminders stop.
    public func reminderDue(now: Date, settings: RetentionSettings) -> (number: Int, suspend: Bool)? {
        guard owedMinor > 0, settings.arrearsEveryDays > 0 else { return nil }
        let elapsed = Int(now.timeIntervalSince(since) / Double(settings.arrearsEveryDays * 86_400))
        let due = min(elapsed, settings.arrearsSuspendAfter)
        guard due > remindersSent else { return nil }
        return (due, due >= settings.arrearsSuspendAfter)
    }
}

/// What a payment against arrears did.
public enum ArrearsPayment: Hashable, Sendable {
    /// Taken off; the balance left (nil: paid in full).
    case paid(remaining: Arrears?)
    /// More than the `owedMinor` owed: nothing changed.
    case exceedsBalance(owedMinor: Int64)
}

/// The store port for R-KEEP.
extension RetentionPlanner {
    /// When `plan` could next act for a customer, as things stand: the next multiple of any
    /// segment's cadence (the 12-month figures may move the customer to another segment) or
    /// dormancy, whichever is first; nil once dormant (the win-back is planned; a new visit
    /// starts the count again).
    public static func nextCheck(_ facts: RetentionFacts, settings: RetentionSettings, now: Date) -> Date? {
        let days = Int(now.timeIntervalSince(facts.lastVisit) / 86_400)
        guard days < settings.dormantDays else { return nil }
        var next = settings.dormantDays
        for cadence in settings.cadenceDays.values where cadence > 0 {
            next = min(next, (days / cadence + 1) * cadence)
        }
        return facts.lastVisit.addingTimeInterval(Double(next) * 86_400)
    }

    /// What retention upkeep depends on besides each customer's visits: when it changes,
    /// every customer is worked out again.
    public static func fingerprint(_ settings: RetentionSettings) -> String {
        let cadences = Segment.allCases.map { "\($0.rawValue)=\(settings.cadenceDays[$0] ?? 0)" }
        return "v1; dormant \(settings.dormantDays); frequent \(settings.frequentVisits); high \(settings.highSpendMinor); \(cadences.joined(separator: ","))"
    }
}

public protocol RetentionStore: Sendable {
    /// Customers with a visit, not erased: visits and spend (visits and purchases) since
    /// `since`, their last visit, whether they hold a tier (campaign audiences).
    func retentionFacts(since: Date) throws -> [RetentionFacts]
    /// The same for these customers only.
    func retentionFacts(customerIds: [Int64], since: Date) throws -> [RetentionFacts]
    /// Incremental upkeep: the customers whose time has come (an index range).
    func retentionDue(now: Date) throws -> [PlanningMark]
    /// Sets each customer's next time, unless it changed since it was read.
    @discardableResult
    func setNextRetention(_ updates: [(mark: PlanningMark, next: Int64)]) throws -> Int
    /// When the retention settings differ from those last planned with, every customer is
    /// to be worked out again; returns whether that happened.
    @discardableResult
    func resetRetention(unlessPlannedWith fingerprint: String) throws -> Bool
    func arrears(customerId: Int64) throws -> Arrears?
    func allArrears() throws -> [Arrears]
    /// Sets the balance owed (0 clears it and lifts a suspension).
    func setArrears(customerId: Int64, owedMinor: Int64, now: Date) throws -> Arrears?
    /// Takes a payment off the balance in one atomic update, so two desks paying at once both
    /// count; paid in full clears it and lifts a suspension. A payment larger than what is
    /// owed changes nothing and answers the balance as it stands.
    func payArrears(customerId: Int64, amountMinor: Int64) throws -> ArrearsPayment
    /// Records reminder `number` (and the suspension) with its message, if still due.
    @discardableResult
    func recordArrearsReminder(customerId: Int64, number: Int, suspend: Bool, message: Message?) throws -> Bool
}
