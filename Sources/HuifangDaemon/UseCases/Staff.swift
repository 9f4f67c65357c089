import Foundation
import HuifangControl
import HuifangCore

/// Staff are people (R-PPL-3): members with roles; tasks move between them with their notices.
struct Staff {
    let context: CommandContext

    init(_ context: CommandContext) { self.context = context }

    func add(name: String, roles: [String], uid: UInt32?, phone: String?, branch: String? = nil) throws(HuifangError) -> StaffMember {
        let name = name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 100 else { throw .invalid("name", "must be 1 to 100 characters") }
        var member = StaffMember(name: name, roles: try Self.roles(roles, field: "roles", required: true), uid: uid,
                                 phone: try phone.map { p throws(HuifangError) in try normalized(p) })
        member.branch = try Branches(context).home(branch)
        let now = context.clock.now()
        let stored = try storeCall(context, "adding a member of staff") { try context.store.addStaff(member, now: now) }
        context.auditNote.add("\(stored.name): \(stored.roles.map(\.rawValue).joined(separator: ", "))")
        return stored
    }

    func edit(_ args: StaffEditArgs) throws(HuifangError) -> StaffMember {
        guard var member = try member(named: args.name) else {
            throw HuifangError(.notFound, "no staff member named \(args.name.prefix(40))", field: "name")
        }
        try Branches(context).require(member: member, field: "name")
        let old = member
        let removed = Set(try Self.roles(args.removeRoles ?? [], field: "remove_roles", required: false))
        member.roles = (member.roles + (try Self.roles(args.addRoles ?? [], field: "add_roles", required: false))
            .filter { !member.roles.contains($0) }).filter { !removed.contains($0) }
        guard !member.roles.isEmpty else { throw .invalid("remove_roles", "a member of staff keeps at least one role") }
        if let uid = args.uid { member.uid = uid }
        if let phone = args.phone { member.phone = phone.isEmpty ? nil : try normalized(phone) }
        if let active = args.active { member.active = active }
        let now = context.clock.now()
        try storeCall(context, "saving a member of staff") { try context.store.updateStaff(member, now: now) }
        context.auditNote.add("\(old.name): roles \(old.roles.map(\.rawValue).joined(separator: ",")) → \(member.roles.map(\.rawValue).joined(separator: ","))"
            + "; uid \(old.uid.map(String.init) ?? "-") → \(member.uid.map(String.init) ?? "-"); active \(old.active) → \(member.active)")
        return member
    }

    /// Gives an open task to `name` (a member of staff, or a role); the queued notice is
    /// withdrawn as superseded and sent to them instead (R-DLV-7).
    func assign(task id: Int64, to name: String) throws(HuifangError) -> StaffTask {
        try rearrange(id, assignee: { task throws(HuifangError) in try assignee(name, branch: task.branch) }, dueAt: nil)
    }

    /// Moves an open task to another time; its queued notice goes then instead (R-DLV-7).
    func move(task id: Int64, to due: Date) throws(HuifangError) -> StaffTask {
        try rearrange(id, assignee: nil, dueAt: due)
    }

    /// Reassigns (`assignee` says to whom, given the task) or moves a task, with a fresh
    /// notice; the audit row says what changed.
    private func rearrange(_ id: Int64, assignee pick: ((StaffTask) throws(HuifangError) -> String)?,
                           dueAt: Date?) throws(HuifangError) -> StaffTask {
        guard let task = try storeCall(context, "reading a task", { try context.store.task(id: id) }) else {
            throw HuifangError(.notFound, "no task with id \(id)", field: "id", chinese: "找不到编号为 \(id) 的任务。")
        }
        try Branches(context).require(task: task)
        let assignee = try pick?(task)
        let customer = try storeCall(context, "reading a customer") { try context.store.customer(id: task.customerId) }
        let notice = customer.flatMap { StaffNotices.notice(for: $0, settings: context.config.snapshot) }
        let now = context.clock.now()
        let changed = try storeCall(context, "changing a task") {
            try context.store.rearrangeTask(id: id, assignee: assignee, dueAt: dueAt, notice: notice, zone: context.zone, now: now)
        }
        if let assignee {
            context.auditNote.add("task \(id): \(task.assignee) → \(assignee)")
        } else if let dueAt {
            context.auditNote.add("task \(id): \(SendDecision.iso(task.dueAt, in: context.zone)) → \(SendDecision.iso(dueAt, in: context.zone))")
        }
        context.wakeup.signal()
        return changed
    }

    /// Who a task of `branch` (its customer's or its visit's) may go to: a role, or an active
    /// member of staff who works for that branch or for the whole chain (a member limited to
    /// another branch would not see it).
    func assignee(_ name: String, branch: String?) throws(HuifangError) -> String {
        let target = name.trimmingCharacters(in: .whitespaces)
        if StaffRole(rawValue: target) != nil { return target }
        guard let member = try member(named: target), member.active else {
            throw .invalid("staff", "\(target.prefix(40)) is neither an active member of staff nor a role (\(StaffRole.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        if let theirs = member.branch, let branch, theirs != branch {
            let branches = Branches(context)
            throw .invalid("staff", "\(member.name) works for \(branches.name(theirs)) and would not see a task of \(branches.name(branch))",
                           chinese: "\(member.name)属于\(branches.chineseName(theirs))，看不到\(branches.chineseName(branch))的任务。")
        }
        return target
    }

    /// The caller's own staff record, by the uid they connect with.
    func me() throws(HuifangError) -> StaffMember? {
        if let member = context.staffCaller { return member }
        guard let uid = context.peer?.uid else { return nil }
        return try storeCall(context, "reading the staff") { try context.store.staff() }.first { $0.uid == uid }
    }

    /// R-PPL-5: the console password, kept as a bcrypt hash; every session of the member ends.
    func setPassword(name: String, password: String) throws(HuifangError) -> StaffMember {
        guard let member = try member(named: name) else { throw HuifangError(.notFound, "no member of staff named \(name.prefix(64))", field: "name") }
        try Branches(context).require(member: member, field: "name")
        guard password.isEmpty || (8...72).contains(password.utf8.count) else {
            throw .invalid("password", "must be 8 to 72 bytes long (or empty, to remove it)")
        }
        let hash = password.isEmpty ? nil : ConsolePasswords.hash(password)
        _ = try storeCall(context, "saving a password") { try context.store.setPasswordHash(staffName: name, hash: hash, now: context.clock.now()) }
        context.auditNote.add(password.isEmpty ? "console password removed for \(name)" : "console password set for \(name)")
        return member
    }

    func member(named name: String) throws(HuifangError) -> StaffMember? {
        try storeCall(context, "reading the staff") { try context.store.staff() }.first { $0.name == name }
    }

    private func normalized(_ phone: String) throws(HuifangError) -> String {
        try PhoneNumber.normalize(phone, region: context.config.snapshot.service.defaultRegion)
    }

    static func roles(_ names: [String], field: String, required: Bool) throws(HuifangError) -> [StaffRole] {
        var roles: [StaffRole] = []
        for name in names {
            guard let role = StaffRole(rawValue: name) else {
                throw .invalid(field, "\(name.prefix(40)) is not a role (\(StaffRole.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            if !roles.contains(role) { roles.append(role) }
        }
        if required && roles.isEmpty { throw .invalid(field, "a member of staff has at least one role") }
        return roles
    }
}
