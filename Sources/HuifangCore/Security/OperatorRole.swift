import Foundation

/// Who may do what on the control socket (R-OPS-2). A local user maps to one role in
/// `[roles]`; root is always admin, and admin may do everything.
public enum OperatorRole: String, Sendable, CaseIterable, Codable {
    case frontDesk = "front-desk"
    case customerService = "customer-service"
    case consultant, doctor, manager, admin
}

/// One line of the audit log: every mutation, every refusal, every read of health data.
public struct AuditEntry: Hashable, Sendable {
    public enum Outcome: String, Sendable, CaseIterable {
        case ok, denied, error
    }

    public var at: Date
    public var uid: UInt32?
    public var role: String
    public var command: String
    public var customerId: Int64?
    public var outcome: Outcome
    public var detail: String
    /// Who acted, by name, when it was not a local user alone: a member of staff (a staff
    /// app's callback, the console) or a gateway (`inbound:aliyun`).
    public var actor: String?

    public init(at: Date, uid: UInt32?, role: String, command: String, customerId: Int64?, outcome: Outcome, detail: String,
                actor: String? = nil) {
        self.actor = actor
        self.at = at
        self.uid = uid
        self.role = role
        self.command = command
        self.customerId = customerId
        self.outcome = outcome
        self.detail = detail
    }
}

/// What a caller limited to a branch reads of the audit log: what was done to that branch's
/// customers, and what they did themselves (by their uid on the socket, or as `actor` from
/// the console or a staff app), such as pausing an endpoint or a refusal.
public struct AuditScope: Sendable, Equatable {
    public var branch: String
    public var uid: UInt32?
    public var actor: String?

    public init(branch: String, uid: UInt32? = nil, actor: String? = nil) {
        self.branch = branch
        self.uid = uid
        self.actor = actor
    }
}

/// The store port for the audit log.
public protocol AuditStore: Sendable {
    func audit(_ entry: AuditEntry) throws
    /// Latest first; of one customer, since a time, within a scope, when given.
    func auditEntries(customerId: Int64?, since: Date?, scope: AuditScope?, limit: Int) throws -> [AuditEntry]
}
