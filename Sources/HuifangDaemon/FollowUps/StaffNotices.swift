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

    /// A transactional message to the customer on their first reachable channel (essential:
    /// complaint progress is not marketing), or nil when none reaches them.
    static func toCustomer(_ customer: Customer, kind: String, text: String, key: String, due: Date, settings: HuifangConfig,
                           now: Date) -> Message? {
        let configured = Set(settings.channels.map(\.name))
        let candidates = (customer.preferredChannel.map { [$0] } ?? []) + settings.appointments.channels
        guard let channel = candidates.first(where: { configured.contains($0) && ChannelFallback.hasContact(customer, for: $0) }) else {
            return nil
        }
        var message = Message(id: MessageID.generate(now: now), dedupeKey: key, kind: kind, customerId: customer.id,
                              channel: channel, text: text, locale: customer.locale, dueAt: due, createdAt: now)
        message.essential = true
        message.windowed = true
        return message
    }
}
