import Foundation

/// The JSON body of a webhook (DESIGN "Delivery"): `type`, `message_id`, `customer` with
/// only the fields the channel needs, the rendered `text`, `locale`, `channel` and `data`.
public enum WebhookPayload {
    /// Customer fields each channel needs besides id and name. Unknown channels get none.
    public static func customerFields(forChannel channel: String) -> [String] {
        switch channel {
        case "sms": ["phone"]
        case "email": ["email"]
        case "wechat": ["wechat_id"]
        default: []
        }
    }

    public static func body(for message: Message, customer: Customer?) -> [UInt8] {
        var customerObject: [String: Any] = ["id": message.customerId]
        if let customer {
            customerObject["name"] = customer.name
            for field in customerFields(forChannel: message.channel) {
                switch field {
                case "phone": customerObject["phone"] = customer.phone ?? NSNull()
                case "email": customerObject["email"] = customer.email ?? NSNull()
                case "wechat_id": customerObject["wechat_id"] = customer.wechatId ?? NSNull()
                default: break
                }
            }
        }
        let data = (try? JSONSerialization.jsonObject(with: Data(message.dataJSON.utf8))) ?? [String: Any]()
        let object: [String: Any] = [
            "type": message.kind,
            "message_id": message.id,
            "channel": message.channel,
            "customer": customerObject,
            "text": message.text,
            "locale": message.locale.rawValue,
            "data": data,
        ]
        let json = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return Array(json)
    }
}
