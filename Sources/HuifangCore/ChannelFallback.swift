import Foundation

/// R-DLV-4: when a message is dead on its channel, the customer's next allowed channel in
/// the configured order is tried (e.g. sms → email). A channel is allowed when it is
/// configured, the customer has the contact it needs, and consent allows it for the
/// message's kind (R-CUS-4).
public enum ChannelFallback {
    public static func next(after message: Message, order: [String], customer: Customer, policy: ConsentPolicy) -> String? {
        guard let index = order.firstIndex(of: message.channel) else { return nil }
        return Consent.channel(for: customer, candidates: Array(order[(index + 1)...]), kind: message.kind,
                               category: message.category, policy: policy)
    }

    /// The copy of `message` that goes on `channel` instead, now, linked to it.
    public static func copy(of message: Message, on channel: String, now: Date) -> Message {
        var copy = Message(
            id: MessageID.generate(now: now), dedupeKey: "fallback:\(message.id):\(channel)", kind: message.kind,
            customerId: message.customerId, channel: channel, text: message.text, locale: message.locale,
            dataJSON: message.dataJSON, dueAt: now, expiresAt: message.expiresAt, createdAt: now, fallbackOf: message.id)
        copy.windowed = message.windowed
        copy.category = message.category
        return copy
    }

    public static func hasContact(_ customer: Customer, for channel: String) -> Bool {
        switch channel {
        case "sms": customer.phone?.isEmpty == false
        case "email": customer.email?.isEmpty == false
        case "wechat": customer.wechatId?.isEmpty == false
        default: true
        }
    }
}
