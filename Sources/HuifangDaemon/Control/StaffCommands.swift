import Foundation
import HuifangControl
import HuifangCore

/// staff.add, .list, .edit, task.assign and task.add (R-PPL-3, R-FU-8): the socket's side of `Staff`.
enum StaffCommands {
    static let all = [add, list, edit, passwd, assign, move, addTask]

    static let passwd = CommandHandler(API.StaffPasswd.self) { (args: StaffPasswdArgs, context) throws(HuifangError) in
        let member = try Staff(context).setPassword(name: args.name, password: args.password)
        let open = try storeCall(context, "counting tasks") { try context.store.openTaskCounts() }
        return view(member, openTasks: open[member.name] ?? 0)
    }

    static let add = CommandHandler(API.StaffAdd.self) { (args: StaffAddArgs, context) throws(HuifangError) in
        view(try Staff(context).add(name: args.name, roles: args.roles, uid: args.uid, phone: args.phone, branch: args.branch), openTasks: 0)
    }

    static let list = CommandHandler(API.StaffList.self) { (_: NoArgs, context) throws(HuifangError) in
        let (members, open) = try storeCall(context, "reading the staff") { (try context.store.staff(), try context.store.openTaskCounts()) }
        // A role limited to a branch sees its branch's staff and the chain's (who may take its tasks).
        return Branches(context).visibleWithChain(members, branch: \.branch).map { view($0, openTasks: open[$0.name] ?? 0) }
    }

    static let edit = CommandHandler(API.StaffEdit.self) { (args: StaffEditArgs, context) throws(HuifangError) in
        let member = try Staff(context).edit(args)
        let open = try storeCall(context, "counting tasks") { try context.store.openTaskCounts() }
        return view(member, openTasks: open[member.name] ?? 0)
    }

    static let assign = CommandHandler(API.TaskAssign.self) { (args: TaskAssignArgs, context) throws(HuifangError) in
        FollowUpCommands.view(try Staff(context).assign(task: args.id, to: args.staff), now: context.clock.now())
    }

    static let move = CommandHandler(API.TaskMove.self) { (args: TaskMoveArgs, context) throws(HuifangError) in
        let at = try context.time(args.at, field: "at")
        return FollowUpCommands.view(try Staff(context).move(task: args.id, to: at), now: context.clock.now())
    }

    static let addTask = CommandHandler(API.TaskAdd.self) { (args: TaskAddArgs, context) throws(HuifangError) in
        let at = try context.time(args.at, field: "at")
        let customer = try liveCustomer(args.customer, field: "customer", context)
        let task = try Tasks(context).add(customer: customer, at: at, staff: args.staff, note: args.note, every: args.every)
        return FollowUpCommands.view(task, now: context.clock.now())
    }

    static func view(_ m: StaffMember, openTasks: Int) -> StaffView {
        var view = StaffView(id: m.id, name: m.name, roles: m.roles.map(\.rawValue), uid: m.uid, phone: m.phone, active: m.active,
                             openTasks: openTasks)
        view.branch = m.branch
        return view
    }
}
