import Foundation

/// The JSON body of a webhook (DESIGN "Delivery"): `type`, `message_id`, `customer` with
/// only the fields the channel needs, the rendered `text`, `locale`, `channel` and `data`.
///
/// Written by hand, keys in sorted order, because it is on the delivery hot path:
/// Foundation's JSONSerialization with sorted keys spent most of a delivery's CPU time
/// comparing keys through NSString on Linux.
public enum WebhookPayload {
    public static func body(for message: Message, customer: Customer?) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 + message.text.utf8.count + message.dataJSON.utf8.count)
        out.append(contentsOf: #"{"channel":"#.utf8)
        appendString(message.channel, to: &out)
        out.append(contentsOf: #","customer":{"#.utf8)
        // Customer keys in sorted order: email, id, name, phone, wechat_id. Besides id and
        // name, only the field the channel needs; unknown channels get none.
        var contact: (key: String, value: String?)?
        if let customer {
            switch message.channel {
            case "sms": contact = ("phone", customer.phone)
            case "email": contact = ("email", customer.email)
            case "wechat": contact = ("wechat_id", customer.wechatId)
            default: contact = nil
            }
        }
        if let (key, value) = contact, key == "email" {
            appendString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            appendOptional(value, to: &out)
            out.append(UInt8(ascii: ","))
        }
        out.append(contentsOf: #""id":"#.utf8)
        out.append(contentsOf: String(message.customerId).utf8)
        if let customer {
            out.append(contentsOf: #","name":"#.utf8)
            appendString(customer.name, to: &out)
        }
        if let (key, value) = contact, key != "email" {
            out.append(UInt8(ascii: ","))
            appendString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            appendOptional(value, to: &out)
        }
        out.append(contentsOf: #"},"data":"#.utf8)
        out.append(contentsOf: validObject(message.dataJSON).utf8)
        out.append(contentsOf: #","locale":"#.utf8)
        appendString(message.locale.rawValue, to: &out)
        out.append(contentsOf: #","message_id":"#.utf8)
        appendString(message.id, to: &out)
        out.append(contentsOf: #","text":"#.utf8)
        appendString(message.text, to: &out)
        out.append(contentsOf: #","type":"#.utf8)
        appendString(message.kind, to: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// `data` as stored when it is a JSON object, else `{}`.
    static func validObject(_ text: String) -> String {
        if text == "{}" { return text }
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)), object is [String: Any] else {
            return "{}"
        }
        return text
    }

    private static func appendOptional(_ value: String?, to out: inout [UInt8]) {
        if let value { appendString(value, to: &out) } else { out.append(contentsOf: "null".utf8) }
    }

    /// A JSON string: quotes, backslashes and control characters escaped; other UTF-8 as is.
    public static func appendString(_ value: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most texts need no escape: looked over and copied whole in their UTF-8 storage.
        var value = value
        let plain = value.withUTF8 { bytes -> Bool in
            guard !bytes.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if plain {
            out.append(UInt8(ascii: "\""))
            return
        }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case 0x0A: out.append(contentsOf: #"\n"#.utf8)
            case 0x0D: out.append(contentsOf: #"\r"#.utf8)
            case 0x09: out.append(contentsOf: #"\t"#.utf8)
            case 0x08: out.append(contentsOf: #"\b"#.utf8)
            case 0x0C: out.append(contentsOf: #"\f"#.utf8)
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
