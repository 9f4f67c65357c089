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
        let clinic = context.config.snapshot.service.name
        return try close(id, .noAnswer, note: note, who: who) { task, customer in
            let now = context.clock.now()
            let plan = FollowUpPlanner.noAnswer(taskId: task.id, customer: customer, clinic: clinic, now: now)
            return (plan.tasks, plan.messages.map { $0.message(id: MessageID.generate(now: now), now: now) })
        }
    }

    /// R-FU-10: something is wrong: an urgent task for the treating doctor within a day; the
    /// department head is alerted.
    func abnormal(_ id: Int64, note: String?, who: String?) throws(HuifangError) -> StaffTask {
        guard let note, !note.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw .invalid("note", "says what is abnormal (e.g. blistering after laser)")
        }
        return try close(id, .abnormal, note: note, who: who) { task, customer in
            let visit = try? task.visitId.flatMap { try context.store.visit(id: $0) }
            let plan = FollowUpPlanner.abnormal(taskId: task.id, visit: visit, customer: customer, note: note, now: context.clock.now())
            return (plan.tasks, [])
        }
    }

    private func close(_ id: Int64, _ status: StaffTask.Status, note: String?, who: String?,
                       followUps: (StaffTask, Customer) -> ([PlannedTask], [Message])) throws(HuifangError) -> StaffTask {
        let now = context.clock.now()
        guard let task = try storeCall(context, "reading a task", { try context.store.task(id: id) }) else {
            throw HuifangError(.notFound, "no task with id \(id)", field: "id")
        }
        guard let customer = try storeCall(context, "reading a customer", { try context.store.customer(id: task.customerId) }) else {
            throw HuifangError(.notFound, "the task's customer is gone", field: "id")
        }
        let settings = context.config.snapshot
        let (tasks, messages) = followUps(task, customer)
        let closed = try storeCall(context, "closing a task") {
            try context.store.closeTask(id: task.id, status: status, note: note ?? "", who: who ?? task.assignee, now: now,
                                        followUps: StaffNotices.announced(tasks, customer: customer, settings: settings),
                                        messages: messages)
        }
        context.wakeup.signal()
        return closed
    }
}
