import Foundation

/// How a new staff task is announced to the staff-task gateway (R-FU-8), planned with the
/// task before anything is written. The store turns it into the notice message when it
/// writes the task, in the same transaction, since only then is the task's id known.
public struct TaskNotice: Hashable, Sendable {
    public var channel: String
    public var locale: MessageLocale
    /// Whom the task is about, so staff can call without looking them up (R-PPL-3).
    public var customerName: String?
    public var salutation: String?
    /// E.164, as the gateway's data carries it.
    public var phone: String?
    /// The clinic's region, in which the text writes the phone as staff read it (`138 0000 0001`).
    public var region: String

    public init(channel: String = ChannelName.staffTask, locale: MessageLocale, customer: Customer? = nil, region: String = "CN") {
        self.channel = channel
        self.locale = locale
        self.region = region
        customerName = customer?.name
        salutation = customer.flatMap { Salutation.values(for: $0)["salutation"] }
        phone = customer?.phone
    }

    /// The notice of `task`, just written: dedupe key `task:<id>`, the task's text, and the
    /// task's id, assignee, step, urgency and deadline as data. It goes to staff, so the
    /// customer's consent does not apply; an urgent task's goes at once, others wait for the
    /// staff window.
    public func message(for task: StaffTask, visit: Visit? = nil, now: Date) -> Message {
        var data: [String: Any] = ["task_id": task.id, "assignee": task.assignee, "step": task.step, "urgent": task.urgent,
                                   "overdue_at": Self.timestamp(task.overdueAt)]
        data["customer_name"] = customerName
        data["salutation"] = salutation
        data["phone"] = phone
        // What the task is about: the visit's service and day.
        if let visit {
            data["service"] = visit.service
            data["visit_at"] = Self.timestamp(visit.endedAt)
        }
        // Whom to call, in the text too, as far as it does not say so already.
        var text = task.text
        var missing: [String] = []
        if let customerName, !text.contains(customerName), !(salutation.map { text.contains($0) } ?? false) {
            // The salutation when it says more than the name (王女士 for 王小梅; a customer of unknown gender is greeted by name).
            missing.append("客户：" + customerName + (salutation.flatMap { $0 == customerName ? nil : "（\($0)）" } ?? ""))
        }
        if let phone {
            let written = PhoneNumber.readable(phone, region: region)
            if !text.contains(phone), !text.contains(written) { missing.append("电话 " + written) }
        }
        if !missing.isEmpty { text += "（" + missing.joined(separator: "，") + "）" }
        let json = (try? JSONSerialization.data(withJSONObject: data, options: [.sortedKeys]))
            .map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        var message = Message(id: MessageID.generate(now: now), dedupeKey: "task:\(task.id)", kind: task.kind,
                              customerId: task.customerId, channel: channel, text: text, locale: locale,
                              dataJSON: json, dueAt: task.dueAt, createdAt: now)
        message.windowed = !task.urgent
        return message
    }

    /// ISO-8601 in UTC with milliseconds, as the control protocol writes instants.
    static func timestamp(_ date: Date) -> String {
        ISO8601Text.string(date, in: utc, milliseconds: true)
    }

    private static let utc = TimeZone(identifier: "UTC")!
}
