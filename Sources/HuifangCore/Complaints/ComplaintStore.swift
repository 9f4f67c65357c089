import Foundation

/// Work a change brings with it: pending work to cancel (by dedupe-key prefix) and new
/// tasks and messages, stored in the change's transaction.
public struct PlannedWork: Sendable {
    public var cancelPrefixes: [String]
    public var reason: String
    public var tasks: [PlannedTask]
    public var messages: [Message]

    public init(cancelPrefixes: [String] = [], reason: String = "", tasks: [PlannedTask] = [], messages: [Message] = []) {
        self.cancelPrefixes = cancelPrefixes
        self.reason = reason
        self.tasks = tasks
        self.messages = messages
    }
}

/// The store port for complaints (R-CMP).
public protocol ComplaintStore: Sendable {
    func addComplaint(_ complaint: Complaint, now: Date, plan: (Complaint) -> PlannedWork,
                      taskMessage: (StaffTask) -> Message?) throws -> Complaint
    func complaint(id: Int64) throws -> Complaint?
    func complaints(openOnly: Bool, limit: Int) throws -> [Complaint]
    func changeComplaint(id: Int64, now: Date, _ change: (Complaint) throws -> (Complaint, PlannedWork),
                         taskMessage: (StaffTask) -> Message?) throws -> Complaint
    /// R-KEEP-4: while a customer has an open complaint, no marketing goes to them.
    func hasOpenComplaint(customerId: Int64) throws -> Bool
}
