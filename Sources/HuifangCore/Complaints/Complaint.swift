import Foundation

/// A complaint (R-CMP-1) and where it stands (R-CMP-4).
public struct Complaint: Hashable, Sendable {
    public enum Status: String, Sendable, CaseIterable {
        case received, investigating, resolved, closed

        /// As staff read it on the console and in its refusals.
        public var chineseName: String {
            switch self {
            case .received: "已受理"
            case .investigating: "处理中"
            case .resolved: "已解决"
            case .closed: "已结案"
            }
        }
    }

    public enum Severity: String, Sendable, CaseIterable, Comparable {
        case low, normal, high, critical

        public static func < (a: Severity, b: Severity) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }

        /// As staff read it in a task or on the console.
        public var chineseName: String {
            switch self {
            case .low: "低"
            case .normal: "一般"
            case .high: "高"
            case .critical: "紧急"
            }
        }
    }

    public var id: Int64
    public var customerId: Int64
    public var receivedAt: Date
    /// phone, email, in-person, online
    public var channel: String
    public var content: String
    public var severity: Severity
    public var expectation: String
    public var owner: String
    public var status: Status
    /// Escalation steps taken (R-CMP-3): 0 with customer service.
    public var level: Int
    public var cause: String?
    public var service: String?
    public var staff: String?
    public var respondedAt: Date?
    public var resolvedAt: Date?
    public var resolution: String?
    /// When a "not satisfied" answer re-opened it (R-CMP-5); deadlines count from here.
    public var reopenedAt: Date?

    public init(id: Int64, customerId: Int64, receivedAt: Date, channel: String, content: String, severity: Severity,
                expectation: String, owner: String, status: Status = .received, level: Int = 0, cause: String? = nil,
                service: String? = nil, staff: String? = nil, respondedAt: Date? = nil, resolvedAt: Date? = nil,
                resolution: String? = nil, reopenedAt: Date? = nil) {
        self.id = id
        self.customerId = customerId
        self.receivedAt = receivedAt
        self.channel = channel
        self.content = content
        self.severity = severity
        self.expectation = expectation
        self.owner = owner
        self.status = status
        self.level = level
        self.cause = cause
        self.service = service
        self.staff = staff
        self.respondedAt = respondedAt
        self.resolvedAt = resolvedAt
        self.resolution = resolution
        self.reopenedAt = reopenedAt
    }

    public var isOpen: Bool { status == .received || status == .investigating }
    public static let channels = ["phone", "email", "in-person", "online"]
}

/// R-CMP-2: first response and resolution deadlines, per severity.
public struct ComplaintDeadlines: Hashable, Sendable {
    public var response: TimeInterval
    public var resolution: TimeInterval

    public init(responseHours: Int, resolutionHours: Int) {
        response = Double(responseHours) * 3600
        resolution = Double(resolutionHours) * 3600
    }

    public static let defaults: [Complaint.Severity: ComplaintDeadlines] = [
        .low: ComplaintDeadlines(responseHours: 24, resolutionHours: 72),
        .normal: ComplaintDeadlines(responseHours: 24, resolutionHours: 72),
        .high: ComplaintDeadlines(responseHours: 8, resolutionHours: 48),
        .critical: ComplaintDeadlines(responseHours: 2, resolutionHours: 24),
    ]
}

/// The complaint rules as pure functions (R-CMP-2, R-CMP-3, R-CMP-5).
public enum ComplaintRules {
    /// The escalation chain, one step per missed deadline.
    public static let chain: [StaffRole] = [.customerService, .supervisor, .departmentHead]
    public static let escalatedKind = MessageKind.complaintEscalated

    /// The deadlines of an open complaint: first response (until responded), resolution.
    public static func deadlines(_ c: Complaint, _ d: ComplaintDeadlines) -> (response: Date?, resolution: Date) {
        let start = c.reopenedAt ?? c.receivedAt
        return (c.respondedAt == nil ? start.addingTimeInterval(d.response) : nil, start.addingTimeInterval(d.resolution))
    }

    /// How many of its deadlines an open complaint has missed at `now`.
    public static func missed(_ c: Complaint, _ d: ComplaintDeadlines, now: Date) -> Int {
        guard c.isOpen else { return 0 }
        let (response, resolution) = deadlines(c, d)
        return (response.map { now >= $0 } == true ? 1 : 0) + (now >= resolution ? 1 : 0)
    }

    /// R-CMP-3: the escalation due at `now`, if any: the next owner in the chain, one step per
    /// missed deadline (never past the end of the chain).
    public static func escalation(_ c: Complaint, _ d: ComplaintDeadlines, now: Date) -> (level: Int, owner: StaffRole)? {
        let target = min(missed(c, d, now: now), chain.count - 1)
        guard target > c.level else { return nil }
        return (target, chain[target])
    }

    /// When the next escalation would come, for the forecast.
    public static func nextEscalation(_ c: Complaint, _ d: ComplaintDeadlines, after now: Date) -> Date? {
        guard c.isOpen, c.level < chain.count - 1 else { return nil }
        let (response, resolution) = deadlines(c, d)
        return [response, resolution].compactMap { $0 }.filter { $0 > now }.min()
    }

    /// R-CMP-5: the satisfaction follow-up, this long after the resolution.
    public static let satisfactionDelay: TimeInterval = 3 * 86_400
}
