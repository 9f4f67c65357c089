import Foundation
import HuifangCore

/// Staff tasks (R-FU-8…10, R-CUS-3): a task closes with an outcome, which is a contact
/// record, and brings the follow-ups the outcome calls for, in one unit of work.
struct Tasks {
    let context: CommandContext

    init(_ context: CommandContext) { self.context = context }

    /// Done: the outcome is recorded, nothing follows.
    func done(_ id: Int64, note: String?, who: String?) throws(HuifangError) -> StaffTask {
        try close(id, .done, note: note, who: who) { _, _ in ([], []) }
    }

    /// R-FU-9: no answer: a call-back SMS at once, consultant tasks tomorrow and in a month.
    func noAnswer(_ id: Int64, note: String?, who: String?) throws(HuifangError) -> StaffTask {
        try close(id, .noAnswer, note: note, who: who) { task, customer in
            let now = context.clock.now()
            let plan = FollowUpPlanner.noAnswer(taskId: task.id, customer: customer, clinic: context.config.snapshot.clinicName(for: customer),
                                                now: now)
            return (plan.tasks, plan.messages.map { $0.message(id: MessageID.generate(now: now), now: now) })
        }
    }

    /// R-FU-10: something is wrong: an urgent task for the treating doctor within a day; the
    /// department head is alerted.
    func abnormal(_ id: Int64, note: String?, who: String?) throws(HuifangError) -> StaffTask {
        guard let note, !note.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw .invalid("note", "says what is abnormal (e.g. blistering after laser)", chinese: "请在备注里写明异常情况，例如：激光后起水疱。")
        }
        return try close(id, .abnormal, note: note, who: who) { task, customer in
            let visit = try? task.visitId.flatMap { try context.store.visit(id: $0) }
            let plan = FollowUpPlanner.abnormal(taskId: task.id, visit: visit, customer: customer, note: note, now: context.clock.now())
            return (plan.tasks, [])
        }
    }

    /// R-FU-8, R-FU-11: a task set by hand (a doctor's next follow-up), for a member of staff
    /// or a role; with `every`, closing it plans the next one as far ahead again.
    func add(customer: Customer, at due: Date, staff: String, note: String, every: String?) throws(HuifangError) -> StaffTask {
        let text = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw .invalid("note", "says what the task is for") }
        guard text.count <= 2000 else { throw .invalid("note", "is longer than 2000 characters") }
        var recurrence: Recurrence?
        if let every {
            guard let parsed = Recurrence(every) else { throw .invalid("every", "must be a count and d, w, m or y, e.g. 3m (every three months)") }
            recurrence = parsed
        }
        let assignee = try Staff(context).assignee(staff, branch: customer.branch)
        let now = context.clock.now()
        let task = PlannedTask(kind: MessageKind.followUpDue, customerId: customer.id, visitId: nil, step: recurrence?.step ?? "manual",
                               assignee: assignee, dueAt: due, overdueAt: due.addingTimeInterval(86_400), text: text,
                               dedupeKey: "manual-task:\(customer.id):\(due.unixMillis):\(MessageID.generate(now: now).suffix(8))")
        let settings = context.config.snapshot
        let work = StaffNotices.announced(PlannedWork(tasks: [task]), customer: customer, settings: settings, store: context.store)
        guard let written = try storeCall(context, "adding a task", { try context.store.apply(work, now: now) }).tasks.first else {
            throw HuifangError(.internal, "the task was not written")
        }
        context.wakeup.signal()
        return written
    }

    /// The next of a repeating task, planned when this one closes.
    private func recurring(_ task: StaffTask) -> [PlannedTask] {
        guard let recurrence = Recurrence.of(step: task.step) else { return [] }
        let due = recurrence.next(after: task.dueAt, in: context.zone)
        return [PlannedTask(kind: task.kind, customerId: task.customerId, visitId: task.visitId, step: task.step, assignee: task.assignee,
                            dueAt: due, overdueAt: due.addingTimeInterval(task.overdueAt.timeIntervalSince(task.dueAt)), text: task.text,
                            urgent: task.urgent, dedupeKey: "repeat:\(task.id)")]
    }

    private func close(_ id: Int64, _ status: StaffTask.Status, note: String?, who: String?,
                       followUps: (StaffTask, Customer) -> ([PlannedTask], [Message])) throws(HuifangError) -> StaffTask {
        let now = context.clock.now()
        guard let task = try storeCall(context, "reading a task", { try context.store.task(id: id) }) else {
            throw HuifangError(.notFound, "no task with id \(id)", field: "id", chinese: "找不到编号为 \(id) 的任务。")
        }
        try Branches(context).require(task: task)
        guard let customer = try storeCall(context, "reading a customer", { try context.store.customer(id: task.customerId) }) else {
            throw HuifangError(.notFound, "the task's customer is gone", field: "id", chinese: "这条任务的客户已不在档案中。")
        }
        let settings = context.config.snapshot
        let (followUpTasks, messages) = followUps(task, customer)
        let tasks = followUpTasks + recurring(task)
        let closed = try storeCall(context, "closing a task") {
            try context.store.closeTask(id: task.id, status: status, note: note ?? "", who: who ?? task.assignee, now: now,
                                        followUps: StaffNotices.announced(tasks, customer: customer, settings: settings, store: context.store),
                                        messages: messages)
        }
        context.wakeup.signal()
        return closed
    }
}
