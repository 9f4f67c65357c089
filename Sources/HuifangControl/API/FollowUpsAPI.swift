import Foundation
import HuifangCore

// The followups commands of the control protocol, declared once (see `ControlMethod`).

extension API {
    public enum VisitAdd: ControlMethod {
        public typealias Args = VisitAddArgs
        public typealias Result = VisitView
        public static let name = "visit.add"
        public static let summary = "record a visit; its protocols' follow-up tasks and messages are planned at once"
        public static let access = Access.frontLine
        public static let mutates = true
        public static func auditCustomer(args: Args, result: Result?) -> Int64? { args.customer }
    }

    public enum TaskList: ControlMethod {
        public typealias Args = TaskListArgs
        public typealias Result = [TaskView]
        public static let name = "task.list"
        public static let summary = "open staff tasks, urgent and oldest first"
        public static let access = Access.frontLine
    }

    public enum TaskDone: ControlMethod {
        public typealias Args = TaskCloseArgs
        public typealias Result = TaskView
        public static let name = "task.done"
        public static let summary = "close a task as done; the outcome is a contact record"
        public static let access = Access.frontLine
        public static let mutates = true
        public static func auditCustomer(args: Args, result: Result?) -> Int64? { result?.customer }
    }

    // R-FU-9
    public enum TaskNoAnswer: ControlMethod {
        public typealias Args = TaskCloseArgs
        public typealias Result = TaskView
        public static let name = "task.no-answer"
        public static let summary = "a call-back SMS at once, consultant tasks tomorrow and in a month"
        public static let access = Access.frontLine
        public static let mutates = true
        public static func auditCustomer(args: Args, result: Result?) -> Int64? { result?.customer }
    }

    // R-FU-10
    public enum TaskAbnormal: ControlMethod {
        public typealias Args = TaskCloseArgs
        public typealias Result = TaskView
        public static let name = "task.abnormal"
        public static let summary = "an urgent task for the treating doctor within a day; the department head is alerted"
        public static let access = Access.frontLine
        public static let mutates = true
        public static func auditCustomer(args: Args, result: Result?) -> Int64? { result?.customer }
    }
}

// MARK: - Arguments and results

public struct VisitAddArgs: Codable, Sendable, Equatable {
    /// The pet the visit was for (a groomer's), by its id (R-PPL-4).
    public var pet: Int64?
    public var customer: Int64
    public var service: String
    public var staff: String
    /// When the visit ended, ISO-8601 with a zone; absent means now.
    public var at: String?
    /// A decimal amount, at most two decimals, e.g. "12800.00".
    public var amount: String?
    /// R-FU-7: the course this visit is a session of, which session, out of how many, and
    /// when the next one is (ISO-8601 with a zone).
    public var course: String?
    public var session: Int?
    public var sessions: Int?
    public var nextSession: String?
    /// Record a service the catalogue does not have, as written, with no protocol.
    public var unlisted: Bool?
    /// The branch it took place at (`[[branches]]` id); default: the caller's, else the
    /// customer's home branch. Its follow-ups belong there.
    public var branch: String?

    public init(customer: Int64, service: String, staff: String, at: String? = nil, amount: String? = nil) {
        self.customer = customer
        self.service = service
        self.staff = staff
        self.at = at
        self.amount = amount
    }
}

public struct TaskListArgs: Codable, Sendable, Equatable {
    public var staff: String?
    /// "today" (due by the end of today) or "overdue".
    public var due: String?
    /// Only the caller's own tasks (their staff record's uid): theirs by name and their roles'.
    public var mine: Bool?

    public init(staff: String? = nil, due: String? = nil) {
        self.staff = staff
        self.due = due
    }
}

public struct TaskCloseArgs: Codable, Sendable, Equatable {
    public var id: Int64
    public var note: String?
    /// Who made the contact (defaults to the task's assignee).
    public var who: String?

    public init(id: Int64, note: String? = nil, who: String? = nil) {
        self.id = id
        self.note = note
        self.who = who
    }
}

public struct TaskView: Codable, Sendable, Equatable {
    public var id: Int64
    public var kind: String
    public var customer: Int64
    public var visit: Int64?
    public var step: String
    public var assignee: String
    public var text: String
    public var urgent: Bool
    public var dueAt: String
    public var overdueAt: String
    public var overdue: Bool
    public var status: String
    public var note: String?
    /// Whom to call: the customer's name, how to greet them and their phone (in lists).
    public var customerName: String?
    public var salutation: String?
    public var phone: String?
    /// What it is about: the visit's service and when it was (in lists).
    public var service: String?
    public var visitAt: String?
    /// The branch it belongs to (`[[branches]]` id), in a chain.
    public var branch: String?

    public init(id: Int64, kind: String, customer: Int64, visit: Int64?, step: String, assignee: String, text: String,
                urgent: Bool, dueAt: String, overdueAt: String, overdue: Bool, status: String, note: String?) {
        self.id = id
        self.kind = kind
        self.customer = customer
        self.visit = visit
        self.step = step
        self.assignee = assignee
        self.text = text
        self.urgent = urgent
        self.dueAt = dueAt
        self.overdueAt = overdueAt
        self.overdue = overdue
        self.status = status
        self.note = note
    }
}

public struct VisitView: Codable, Sendable, Equatable {
    public var id: Int64
    public var customer: Int64
    public var service: String
    public var staff: String
    public var endedAt: String
    public var amount: String
    public var tasks: [TaskView]
    /// Ids of the customer messages the visit planned.
    public var messages: [String]

    public init(id: Int64, customer: Int64, service: String, staff: String, endedAt: String, amount: String,
                tasks: [TaskView], messages: [String]) {
        self.id = id
        self.customer = customer
        self.service = service
        self.staff = staff
        self.endedAt = endedAt
        self.amount = amount
        self.tasks = tasks
        self.messages = messages
    }
}
