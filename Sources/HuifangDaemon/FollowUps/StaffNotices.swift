import Foundation
import HuifangControl
import HuifangCore

/// The notice a staff task sends to the staff-task gateway, and customer notices of
/// transactional kinds (complaint updates): where they go and what they say.
enum StaffNotices {
    /// A task's notice, if the staff-task channel is configured.
    static func message(for task: StaffTask, customer: Customer, settings: HuifangConfig, now: Date) -> Message? {
        guard settings.channel(named: ChannelName.staffTask) != nil else { return nil }
        let data: [String: Any] = ["task_id": task.id, "assignee": task.assignee, "step": task.step, "urgent": task.urgent,
                                   "overdue_at": ControlCoding.timestamp(task.overdueAt)]
        let json = (try? JSONSerialization.data(withJSONObject: data, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        var message = Message(id: MessageID.generate(now: now), dedupeKey: "task:\(task.id)", kind: task.kind,
                              customerId: customer.id, channel: ChannelName.staffTask, text: task.text, locale: customer.locale,
                              dataJSON: json, dueAt: task.dueAt, createdAt: now)
        message.essential = true   // a notice to staff, not marketing to the customer
        message.windowed = !task.urgent
        return message
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
