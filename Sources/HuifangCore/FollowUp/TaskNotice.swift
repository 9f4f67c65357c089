import Foundation

/// How a new staff task is announced to the staff-task gateway (R-FU-8), planned with the
/// task before anything is written. The store turns it into the notice message when it
/// writes the task, in the same transaction, since only then is the task's id known.
public struct TaskNotice: Hashable, Sendable {
    public var channel: String
    public var locale: MessageLocale

    public init(channel: String = ChannelName.staffTask, locale: MessageLocale) {
        self.channel = channel
        self.locale = locale
    }

    /// The notice of `task`, just written: dedupe key `task:<id>`, the task's text, and the
    /// task's id, assignee, step, urgency and deadline as data. It goes to staff, so the
    /// customer's consent does not apply; an urgent task's goes at once, others wait for the
    /// staff window.
    public func message(for task: StaffTask, now: Date) -> Message {
        let data: [String: Any] = ["task_id": task.id, "assignee": task.assignee, "step": task.step, "urgent": task.urgent,
                                   "overdue_at": Self.timestamp(task.overdueAt)]
        let json = (try? JSONSerialization.data(withJSONObject: data, options: [.sortedKeys]))
            .map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        var message = Message(id: MessageID.generate(now: now), dedupeKey: "task:\(task.id)", kind: task.kind,
                              customerId: task.customerId, channel: channel, text: task.text, locale: locale,
                              dataJSON: json, dueAt: task.dueAt, createdAt: now)
        message.windowed = !task.urgent
        return message
    }

    /// ISO-8601 in UTC with milliseconds, as the control protocol writes instants.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
