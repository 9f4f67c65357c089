import Foundation

/// A member of staff (R-PPL-3): a person with one or more roles, who may log in as a local
/// user (`uid`) and be reached by phone. Tasks go to people, not only to roles.
public struct StaffMember: Hashable, Sendable {
    public var id: Int64
    public var name: String
    public var roles: [StaffRole]
    public var uid: UInt32?
    public var phone: String?
    public var active: Bool
    /// The branch this member works at (`[[branches]]` id); nil: the whole chain. A member
    /// with a branch acts for that branch only.
    public var branch: String?

    public init(id: Int64 = 0, name: String, roles: [StaffRole], uid: UInt32? = nil, phone: String? = nil, active: Bool = true) {
        self.id = id
        self.name = name
        self.roles = roles
        self.uid = uid
        self.phone = phone
        self.active = active
    }
}

/// Who does a task a rule planned for a role (R-PPL-3): the customer's own consultant for a
/// consultant's task; otherwise the active member of that role with the fewest open tasks
/// (by name on a tie); the role itself when it has nobody. A task already planned for a
/// named person stays theirs. In a chain, a task of a branch goes to that branch's staff or
/// the chain's, never to another branch's (who would not see it).
public enum TaskRouting {
    public static func assignee(for role: String, customer: Customer?, branch: String? = nil, staff: [StaffMember],
                                openTasks: [String: Int]) -> String {
        guard let role = StaffRole(rawValue: role) else { return role }
        // Who works where the task belongs: a member of another branch could not see it.
        func serves(_ member: StaffMember) -> Bool { branch == nil || member.branch == nil || member.branch == branch }
        if role == .consultant, let own = customer?.consultant,
           staff.contains(where: { $0.name == own && $0.active && serves($0) }) || staff.isEmpty {
            return own
        }
        let candidates = staff.filter { $0.active && $0.roles.contains(role) && serves($0) }
        return candidates.min { (openTasks[$0.name] ?? 0, $0.name) < (openTasks[$1.name] ?? 0, $1.name) }?.name ?? role.rawValue
    }

    /// `tasks` with each role replaced by a person, counting the tasks handed out as it goes.
    /// `branch`: where the tasks belong (the visit's branch, else the customer's home).
    public static func assign(_ tasks: [PlannedTask], customer: Customer?, branch: String? = nil, staff: [StaffMember],
                              openTasks: [String: Int]) -> [PlannedTask] {
        var load = openTasks
        return tasks.map { task in
            var task = task
            task.assignee = assignee(for: task.assignee, customer: customer, branch: branch, staff: staff, openTasks: load)
            load[task.assignee, default: 0] += 1
            return task
        }
    }
}

/// The store port for staff (R-PPL-3).
public protocol StaffStore: Sendable {
    /// Adds a member; a name or uid in use already is a conflict.
    func addStaff(_ member: StaffMember, now: Date) throws -> StaffMember
    /// Every member, active or not, by name.
    func staff() throws -> [StaffMember]
    func updateStaff(_ member: StaffMember, now: Date) throws
    /// Open tasks per assignee.
    func openTaskCounts() throws -> [String: Int]
    /// Gives an open task to someone else, or moves it to another time (keeping the time it
    /// has to be done in): its queued notice is withdrawn as superseded and a new one made,
    /// in one transaction.
    /// `zone`: the clinic's, for the time the reason names.
    func rearrangeTask(id: Int64, assignee: String?, dueAt: Date?, notice: TaskNotice?, zone: TimeZone, now: Date) throws -> StaffTask
}
