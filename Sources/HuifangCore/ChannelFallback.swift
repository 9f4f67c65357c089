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

    public static func hasContact(_ customer: Customer, for channel: String) -> Bool {
        switch channel {
        case "sms": customer.phone?.isEmpty == false
        case "email": customer.email?.isEmpty == false
        case "wechat": customer.wechatId?.isEmpty == false
        default: true
        }
    }
}
