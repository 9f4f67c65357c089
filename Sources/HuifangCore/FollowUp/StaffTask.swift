import Foundation

/// A stored staff task (R-FU): a follow-up call or check for a person or role.
public struct StaffTask: Hashable, Sendable {
    public enum Status: String, Sendable, CaseIterable {
        case open, done
        case noAnswer = "no-answer"
        case abnormal, cancelled

        /// As staff read it on the console and in its refusals.
        public var chineseName: String {
            switch self {
            case .open: "待办"
            case .done: "已完成"
            case .noAnswer: "未接通"
            case .abnormal: "异常"
            case .cancelled: "已取消"
            }
        }
    }

    public var id: Int64
    public var kind: String
    public var customerId: Int64
    public var visitId: Int64?
    public var step: String
    public var assignee: String
    public var text: String
    public var urgent: Bool
    public var dueAt: Date
    public var overdueAt: Date
    public var status: Status
    public var note: String?
    public var closedAt: Date?
    public var messageId: String?
    /// The branch of the task's customer (or visit); nil: none.
    public var branch: String?

    public init(id: Int64, kind: String, customerId: Int64, visitId: Int64?, step: String, assignee: String, text: String,
                urgent: Bool, dueAt: Date, overdueAt: Date, status: Status, note: String?, closedAt: Date?, messageId: String?) {
        self.id = id
        self.kind = kind
        self.customerId = customerId
        self.visitId = visitId
        self.step = step
        self.assignee = assignee
        self.text = text
        self.urgent = urgent
        self.dueAt = dueAt
        self.overdueAt = overdueAt
        self.status = status
        self.note = note
        self.closedAt = closedAt
        self.messageId = messageId
    }

    /// R-FU-11: open past its last day.
    public func isOverdue(at now: Date) -> Bool { status == .open && now >= overdueAt }
}

/// R-CUS-3: one contact with a customer.
public struct ContactRecord: Hashable, Sendable {
    public var at: Date
    public var channel: String
    public var who: String
    public var outcome: String
    public var note: String
    public var taskId: Int64?

    public init(at: Date, channel: String, who: String, outcome: String, note: String, taskId: Int64?) {
        self.at = at
        self.channel = channel
        self.who = who
        self.outcome = outcome
        self.note = note
        self.taskId = taskId
    }
}

extension StaffTask {
    /// The task with its branch set.
    public func inBranch(_ branch: String?) -> StaffTask {
        var task = self
        task.branch = branch
        return task
    }
}
