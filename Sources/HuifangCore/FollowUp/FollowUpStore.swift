import Foundation

/// Which tasks to list (R-REP-1 agenda, `task list`).
public struct TaskFilter: Sendable, Equatable {
    public var assignee: String?
    /// Any of these assignees (a person and their roles).
    public var assignees: [String]?
    /// Open tasks due before this instant (today's agenda: the end of today).
    public var dueBefore: Date?
    /// Open tasks overdue at this instant (R-FU-11).
    public var overdueAt: Date?
    /// One customer's open tasks.
    public var customerId: Int64?
    public var limit: Int

    public init(assignee: String? = nil, dueBefore: Date? = nil, overdueAt: Date? = nil, limit: Int = 200) {
        self.assignee = assignee
        self.dueBefore = dueBefore
        self.overdueAt = overdueAt
        self.limit = limit
    }
}

/// The store port for visits, staff tasks and contact records (R-FU, R-CUS-3).
public protocol FollowUpStore: Sendable {
    /// Records a visit; answers it with its id. What its protocols plan is applied in the
    /// same unit of work (R-FU: "at once").
    func addVisit(_ visit: Visit, now: Date) throws -> Visit
    func visit(id: Int64) throws -> Visit?
    /// The id of a visit with the same customer, end time, service and staff, if one is
    /// recorded (an import run twice skips it).
    func sameVisit(as visit: Visit) throws -> Int64?
    /// The customer's visits that ended at or after `since`, latest first (R-FU-6).
    func visits(customerId: Int64, since: Date) throws -> [Visit]
    func task(id: Int64) throws -> StaffTask?
    func tasks(_ filter: TaskFilter) throws -> [StaffTask]
    /// Re-words an open task (one call now covers two services of one day).
    func retextTask(id: Int64, text: String) throws
    /// Closes an open task with an outcome, records the contact (R-CUS-3), withdraws its
    /// notice if still queued, and stores the follow-ups the outcome calls for (R-FU-9,
    /// R-FU-10) — one transaction.
    func closeTask(id: Int64, status: StaffTask.Status, note: String, who: String, now: Date,
                   followUps: [PlannedTask], messages: [Message]) throws -> StaffTask
    func contacts(customerId: Int64, limit: Int) throws -> [ContactRecord]
    /// R-CUS-3: a contact made outside Huifang (a call, a visit, a WeChat chat).
    func addContact(_ record: ContactRecord, customerId: Int64) throws
}
