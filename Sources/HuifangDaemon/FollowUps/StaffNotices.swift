import Foundation
import HuifangCore

/// The notice a staff task sends to the staff-task gateway, and customer notices of
/// transactional kinds (complaint updates): where they go and what they say.
enum StaffNotices {
    /// How a customer's tasks are announced, if the staff-task channel is configured.
    static func notice(for customer: Customer, settings: HuifangConfig) -> TaskNotice? {
        guard settings.channel(named: ChannelName.staffTask) != nil else { return nil }
        return TaskNotice(locale: customer.locale)
    }

    /// `tasks` with their notices planned (R-FU-8), before anything is written.
    static func announced(_ tasks: [PlannedTask], customer: Customer, settings: HuifangConfig) -> [PlannedTask] {
        let notice = notice(for: customer, settings: settings)
        return tasks.map { task in
            var task = task
            task.notice = notice
            return task
        }
    }

    /// `work` with its tasks' notices planned.
    static func announced(_ work: PlannedWork, customer: Customer, settings: HuifangConfig) -> PlannedWork {
        var work = work
        work.tasks = announced(work.tasks, customer: customer, settings: settings)
        return work
    }

    /// A notice to the customer (complaint progress, membership, win-back, arrears) on the
    /// first channel that reaches them and that they allow (R-CUS-4): never essential, so an
    /// opt-out stops it, queued or not. Nil when no channel is left.
    static func toCustomer(_ customer: Customer, kind: String, text: String, key: String, due: Date, settings: HuifangConfig,
                           now: Date) -> Message? {
        let candidates = (customer.preferredChannel.map { [$0] } ?? []) + settings.appointments.channels
        guard let channel = Consent.channel(for: customer, candidates: candidates, configured: Set(settings.channels.map(\.name)),
                                            essential: false) else {
            return nil
        }
        var message = Message(id: MessageID.generate(now: now), dedupeKey: key, kind: kind, customerId: customer.id,
                              channel: channel, text: text, locale: customer.locale, dueAt: due, createdAt: now)
        message.windowed = true
        return message
    }
}
