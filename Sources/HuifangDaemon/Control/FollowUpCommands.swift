import Foundation
import HuifangControl
import HuifangCore

/// visit.add, task.list, task.done, task.no-answer, task.abnormal, customer.contacts (R-FU, R-CUS-3).
enum FollowUpCommands {
    static let all = [visitAdd, taskList, taskDone, taskNoAnswer, taskAbnormal, contacts]

    static let visitAdd = CommandHandler(API.VisitAdd.self) { (args: VisitAddArgs, context) throws(HuifangError) in
        let now = context.clock.now()
        var ended = now
        if let at = args.at {
            ended = try context.time(at, field: "at")
        }
        let customer = try liveCustomer(args.customer, field: "customer", context)
        let visits = Visits(context)
        var visit = try visits.checked(customer: customer, service: args.service, staff: args.staff, endedAt: ended,
                                       amount: args.amount, course: try courseSession(args, context, now: now), pet: args.pet, unlisted: args.unlisted == true)
        visit.branch = try Branches(context).home(args.branch)
        let result = try visits.record(visit, customer: customer)
        return VisitView(id: result.visit.id, customer: customer.id, service: visit.service, staff: visit.staff,
                         endedAt: ControlCoding.timestamp(visit.endedAt), amount: Money.format(visit.amountMinor),
                         tasks: result.applied.tasks.map { task in
                             var row = view(task, now: now)
                             row.customerName = customer.name
                             row.phone = customer.phone
                             return row
                         },
                         messages: result.applied.messages.filter { $0.channel != ChannelName.staffTask }.map(\.id))
    }

    /// R-FU-7: course, session and sessions go together; the next session lies ahead.
    private static func courseSession(_ args: VisitAddArgs, _ context: CommandContext, now: Date) throws(HuifangError) -> CourseSession? {
        guard let course = args.course?.trimmingCharacters(in: .whitespaces), !course.isEmpty else {
            if args.session != nil || args.sessions != nil || args.nextSession != nil {
                throw .invalid("course", "is needed with session, sessions or next_session")
            }
            return nil
        }
        guard let total = args.sessions, (1...100).contains(total) else { throw .invalid("sessions", "must be 1 to 100") }
        guard let session = args.session, (1...total).contains(session) else {
            throw .invalid("session", "must lie between 1 and sessions (\(total))")
        }
        var next: Date?
        if let text = args.nextSession {
            let parsed = try context.time(text, field: "next_session")
            guard parsed > now else { throw .invalid("next_session", "must be a future time") }
            guard session < total else { throw .invalid("next_session", "the last session has no next one") }
            next = parsed
        }
        return CourseSession(course: course, session: session, total: total, nextSession: next)
    }

    static let taskList = CommandHandler(API.TaskList.self) { (args: TaskListArgs, context) throws(HuifangError) in
        let now = context.clock.now()
        var filter = TaskFilter(assignee: args.staff)
        if args.mine == true {
            guard let me = try Staff(context).me() else {
                throw .invalid("mine", "uid \(context.peer.map { String($0.uid) } ?? "?") is no member of staff (staff add --uid)")
            }
            filter.assignees = [me.name] + me.roles.map(\.rawValue)
        }
        switch args.due {
        case nil: break
        case "today":
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = context.zone
            filter.dueBefore = calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: now))
        case "overdue": filter.overdueAt = now
        default: throw .invalid("due", "must be today or overdue")
        }
        let (tasks, customers, visits) = try storeCall(context, "listing tasks") {
            () throws -> ([StaffTask], [Int64: Customer], [Int64: Visit]) in
            let tasks = Branches(context).visible(try context.store.tasks(filter), branch: \.branch)
            var visits: [Int64: Visit] = [:]
            for id in Set(tasks.compactMap(\.visitId)) { visits[id] = try context.store.visit(id: id) }
            return (tasks, try context.store.customers(ids: tasks.map(\.customerId)), visits)
        }
        return tasks.map { task in
            var row = view(task, now: now)
            if let customer = customers[task.customerId] {
                row.customerName = customer.name
                row.salutation = Salutation.values(for: customer)["salutation"]
                row.phone = customer.phone
            }
            if let visit = task.visitId.flatMap({ visits[$0] }) {
                row.service = visit.service
                row.visitAt = ControlCoding.timestamp(visit.endedAt)
            }
            return row
        }
    }

    static let taskDone = CommandHandler(API.TaskDone.self) { (args: TaskCloseArgs, context) throws(HuifangError) in
        view(try Tasks(context).done(args.id, note: args.note, who: args.who), now: context.clock.now())
    }

    static let taskNoAnswer = CommandHandler(API.TaskNoAnswer.self) { (args: TaskCloseArgs, context) throws(HuifangError) in
        view(try Tasks(context).noAnswer(args.id, note: args.note, who: args.who), now: context.clock.now())
    }

    static let taskAbnormal = CommandHandler(API.TaskAbnormal.self) { (args: TaskCloseArgs, context) throws(HuifangError) in
        view(try Tasks(context).abnormal(args.id, note: args.note, who: args.who), now: context.clock.now())
    }

    static let contacts = CommandHandler(API.CustomerContacts.self) { (args: IDArgs, context) throws(HuifangError) in
        _ = try visibleCustomer(args.id, field: "id", context)
        let records = try storeCall(context, "reading contacts") { try context.store.contacts(customerId: args.id, limit: 500) }
        return records.map {
            ContactView(at: ControlCoding.timestamp($0.at), channel: $0.channel, who: $0.who, outcome: $0.outcome, note: $0.note,
                        task: $0.taskId)
        }
    }

    static func view(_ t: StaffTask, now: Date) -> TaskView {
        var view = TaskView(id: t.id, kind: t.kind, customer: t.customerId, visit: t.visitId, step: t.step, assignee: t.assignee,
                            text: t.text, urgent: t.urgent, dueAt: ControlCoding.timestamp(t.dueAt),
                            overdueAt: ControlCoding.timestamp(t.overdueAt), overdue: t.isOverdue(at: now), status: t.status.rawValue,
                            note: t.note)
        view.branch = t.branch
        return view
    }
}
