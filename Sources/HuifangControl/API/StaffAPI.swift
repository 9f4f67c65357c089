import Foundation
import HuifangCore

// The staff commands of the control protocol, declared once (see `ControlMethod`). R-PPL-3.

extension API {
    public enum StaffAdd: ControlMethod {
        public typealias Args = StaffAddArgs
        public typealias Result = StaffView
        public static let name = "staff.add"
        public static let summary = "add a member of staff: a person with one or more roles, maybe a local user and a phone"
        public static let access = Access.managers
        public static let mutates = true
    }

    public enum StaffList: ControlMethod {
        public typealias Args = NoArgs
        public typealias Result = [StaffView]
        public static let name = "staff.list"
        public static let summary = "the staff, with their roles and open tasks (a role limited to a branch: its branch's and the chain's)"
        public static let access = Access.frontLine
    }

    public enum StaffEdit: ControlMethod {
        public typealias Args = StaffEditArgs
        public typealias Result = StaffView
        public static let name = "staff.edit"
        public static let summary = "change a member's roles, uid, phone or whether they still work here"
        public static let access = Access.managers
        public static let mutates = true
    }

    // R-PPL-5
    public enum StaffPasswd: ControlMethod {
        public typealias Args = StaffPasswdArgs
        public typealias Result = StaffView
        public static let name = "staff.passwd"
        public static let summary = "set a member's password for the web console (bcrypt); an empty one removes it; their sessions end"
        public static let access = Access.managers
        public static let mutates = true
    }

    // R-FU-8, R-FU-11
    public enum TaskAdd: ControlMethod {
        public typealias Args = TaskAddArgs
        public typealias Result = TaskView
        public static let name = "task.add"
        public static let summary = "set a follow-up by hand for a member of staff; with every, a repeating recall"
        public static let access = Access.frontLine
        public static let mutates = true
        public static func auditCustomer(args: Args, result: Result?) -> Int64? { args.customer }
    }

    public enum TaskMove: ControlMethod {
        public typealias Args = TaskMoveArgs
        public typealias Result = TaskView
        public static let name = "task.move"
        public static let summary = "move an open task to another time; its queued notice goes then instead"
        public static let access = Access.frontLine
        public static let mutates = true
        public static func auditCustomer(args: Args, result: Result?) -> Int64? { result?.customer }
    }

    public enum TaskAssign: ControlMethod {
        public typealias Args = TaskAssignArgs
        public typealias Result = TaskView
        public static let name = "task.assign"
        public static let summary = "give an open task to someone else; its queued notice goes to them instead"
        public static let access = Access.frontLine
        public static let mutates = true
        public static func auditCustomer(args: Args, result: Result?) -> Int64? { result?.customer }
    }
}

// MARK: - Arguments and results

public struct StaffAddArgs: Codable, Sendable, Equatable {
    public var name: String
    public var roles: [String]
    public var uid: UInt32?
    public var phone: String?
    /// The branch they work at (`[[branches]]` id): their role on the socket and in the
    /// console is limited to it.
    public var branch: String?

    public init(name: String, roles: [String], uid: UInt32? = nil, phone: String? = nil) {
        self.name = name
        self.roles = roles
        self.uid = uid
        self.phone = phone
    }
}

public struct StaffPasswdArgs: Codable, Sendable, Equatable {
    /// Who, by name.
    public var name: String
    /// At least 8 characters; empty: the member can no longer log in.
    public var password: String

    public init(name: String, password: String) {
        self.name = name
        self.password = password
    }
}

public struct StaffEditArgs: Codable, Sendable, Equatable {
    /// Who, by name.
    public var name: String
    public var addRoles: [String]?
    public var removeRoles: [String]?
    public var uid: UInt32?
    public var phone: String?
    /// false: no longer gets new tasks.
    public var active: Bool?

    public init(name: String) { self.name = name }
}

public struct TaskAddArgs: Codable, Sendable, Equatable {
    public var customer: Int64
    /// When (a time as people type it, clinic time).
    public var at: String
    /// A member of staff by name, or a role.
    public var staff: String
    /// What it is for.
    public var note: String
    /// Repeat: `3m`, `2w`, `10d`, `1y`.
    public var every: String?

    public init(customer: Int64, at: String, staff: String, note: String, every: String? = nil) {
        self.customer = customer
        self.at = at
        self.staff = staff
        self.note = note
        self.every = every
    }
}

public struct TaskMoveArgs: Codable, Sendable, Equatable {
    public var id: Int64
    /// The new time, as people type times.
    public var at: String

    public init(id: Int64, at: String) {
        self.id = id
        self.at = at
    }
}

public struct TaskAssignArgs: Codable, Sendable, Equatable {
    public var id: Int64
    /// A member of staff by name (or a role).
    public var staff: String

    public init(id: Int64, staff: String) {
        self.id = id
        self.staff = staff
    }
}

public struct StaffView: Codable, Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var roles: [String]
    public var uid: UInt32?
    public var phone: String?
    public var active: Bool
    public var openTasks: Int
    public var branch: String?

    public init(id: Int64, name: String, roles: [String], uid: UInt32?, phone: String?, active: Bool, openTasks: Int) {
        self.id = id
        self.name = name
        self.roles = roles
        self.uid = uid
        self.phone = phone
        self.active = active
        self.openTasks = openTasks
    }
}
