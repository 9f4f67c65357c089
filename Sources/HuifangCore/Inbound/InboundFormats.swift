import Foundation

/// Reads the bodies gateways send into `InboundItem`s. Pure: no I/O, no clock. Unknown
/// fields are let through (gateways add them); missing or mistyped ones are named.
public enum InboundFormats {
    public static let maxItems = 1000
    static let textLimit = 2000

    /// A Standard Webhooks body: `{"type": "message.receipt" | "message.reply" | "task.outcome",
    /// "timestamp": …, "data": {…}}`.
    public static func standardWebhook(_ body: [UInt8]) throws(InboundFormatError) -> InboundItem {
        let root = try object(try json(body), at: nil)
        guard let type = root["type"] as? String else { throw InboundFormatError("type", "is missing or not a string") }
        let data = try object(root["data"], at: "data")
        switch type {
        case "message.receipt":
            let id = try string(data, "message_id", at: "data", limit: 64)
            let status = try string(data, "status", at: "data", limit: 20)
            guard status == "delivered" || status == "undelivered" else {
                throw InboundFormatError("data.status", "must be delivered or undelivered")
            }
            return .receipt(.init(messageId: id, delivered: status == "delivered", at: try instant(data, "at", at: "data"),
                                  error: try optionalString(data, "error", at: "data", limit: 200)))
        case "message.reply":
            let phone = try optionalString(data, "phone", at: "data", limit: 40)
            let email = try optionalString(data, "email", at: "data", limit: 254)
            let wechat = try optionalString(data, "wechat_id", at: "data", limit: 64)
            guard phone != nil || email != nil || wechat != nil else {
                throw InboundFormatError("data", "needs phone, email or wechat_id: who replied")
            }
            return .reply(.init(phone: phone, email: email, wechatId: wechat, text: try string(data, "text", at: "data", limit: textLimit, allowEmpty: true),
                                at: try instant(data, "at", at: "data")))
        case "task.outcome":
            guard let number = data["task_id"] as? NSNumber, !isBool(number), let id = Int64(exactly: number.doubleValue), id > 0 else {
                throw InboundFormatError("data.task_id", "must be a task id, a whole number")
            }
            let outcomeText = try string(data, "outcome", at: "data", limit: 20)
            guard let outcome = InboundItem.Outcome.Kind(rawValue: outcomeText) else {
                throw InboundFormatError("data.outcome", "must be done, no_answer or abnormal")
            }
            return .outcome(.init(taskId: id, outcome: outcome, note: try optionalString(data, "note", at: "data", limit: textLimit),
                                  staff: try string(data, "staff", at: "data", limit: 64)))
        default:
            throw InboundFormatError("type", "must be message.receipt, message.reply or task.outcome")
        }
    }

    /// An Alibaba Cloud SMS push: a JSON array of `SmsReport` receipts (`out_id`, `success`,
    /// `err_code`, `report_time`) or `SmsUp` replies (`phone_number`, `content`,
    /// `send_time`, `sequence_id`), told apart by their fields. Its times are Beijing time.
    public static func aliyunSMS(_ body: [UInt8]) throws(InboundFormatError) -> [InboundItem] {
        guard let items = try json(body) as? [Any] else { throw InboundFormatError(nil, "the body must be a JSON array") }
        guard !items.isEmpty else { throw InboundFormatError(nil, "the array is empty") }
        guard items.count <= maxItems else { throw InboundFormatError(nil, "more than \(maxItems) items in one request") }
        var result: [InboundItem] = []
        for (index, element) in items.enumerated() {
            let at = "[\(index)]"
            let item = try object(element, at: at)
            if item["content"] != nil {
                let phone = try string(item, "phone_number", at: at, limit: 40)
                var gatewayId: String?
                if let sequence = item["sequence_id"] {
                    if let number = sequence as? NSNumber, !isBool(number) { gatewayId = number.stringValue }
                    else if let text = sequence as? String, text.count <= 64 { gatewayId = text }
                    else { throw InboundFormatError("\(at).sequence_id", "must be a number") }
                }
                result.append(.reply(.init(phone: phone, text: try string(item, "content", at: at, limit: textLimit, allowEmpty: true),
                                           at: try beijingTime(item, "send_time", at: at), gatewayId: gatewayId)))
            } else if item["success"] != nil || item["out_id"] != nil {
                let success: Bool
                switch item["success"] {
                case let number as NSNumber where isBool(number): success = number.boolValue
                case let text as String where text == "true" || text == "false": success = text == "true"
                default: throw InboundFormatError("\(at).success", "must be true or false")
                }
                let code = try optionalString(item, "err_code", at: at, limit: 64)
                let detail = try optionalString(item, "err_msg", at: at, limit: 200)
                let error = success ? nil : [code, detail].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: " ")
                result.append(.receipt(.init(messageId: try optionalString(item, "out_id", at: at, limit: 64) ?? "",
                                             delivered: success, at: try beijingTime(item, "report_time", at: at),
                                             error: error?.isEmpty == false ? error : nil)))
            } else {
                throw InboundFormatError(at, "is neither a receipt (success, out_id) nor a reply (content)")
            }
        }
        return result
    }

    // MARK: - fields

    private static func json(_ body: [UInt8]) throws(InboundFormatError) -> Any {
        guard !body.isEmpty else { throw InboundFormatError(nil, "the body is empty") }
        // The parser recurses: a deep body is refused before it.
        if JSONDepth.exceeds(body, 16) { throw InboundFormatError(nil, "the body nests deeper than 16 levels") }
        do {
            return try JSONSerialization.jsonObject(with: Data(body), options: [])
        } catch {
            throw InboundFormatError(nil, "the body is not valid JSON")
        }
    }

    private static func object(_ value: Any?, at path: String?) throws(InboundFormatError) -> [String: Any] {
        guard let value else { throw InboundFormatError(path, "is missing") }
        guard let object = value as? [String: Any] else {
            throw InboundFormatError(path, path == nil ? "the body must be a JSON object" : "must be an object")
        }
        return object
    }

    private static func name(_ parent: String, _ key: String) -> String { parent.isEmpty ? key : "\(parent).\(key)" }

    private static func string(_ object: [String: Any], _ key: String, at parent: String, limit: Int,
                               allowEmpty: Bool = false) throws(InboundFormatError) -> String {
        guard let value = object[key] else { throw InboundFormatError(name(parent, key), "is missing") }
        guard let text = value as? String else { throw InboundFormatError(name(parent, key), "must be a string") }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty && !allowEmpty { throw InboundFormatError(name(parent, key), "is empty") }
        guard text.count <= limit else { throw InboundFormatError(name(parent, key), "is longer than \(limit) characters") }
        return trimmed
    }

    private static func optionalString(_ object: [String: Any], _ key: String, at parent: String,
                                       limit: Int) throws(InboundFormatError) -> String? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let text = value as? String else { throw InboundFormatError(name(parent, key), "must be a string") }
        guard text.count <= limit else { throw InboundFormatError(name(parent, key), "is longer than \(limit) characters") }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// ISO-8601 with an offset (`2026-11-28T10:00:04+08:00`), or absent.
    private static func instant(_ object: [String: Any], _ key: String, at parent: String) throws(InboundFormatError) -> Date? {
        guard let text = try optionalString(object, key, at: parent, limit: 40) else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        throw InboundFormatError(name(parent, key), "must be ISO-8601 with an offset, e.g. 2026-11-28T10:00:04+08:00")
    }

    /// `2026-11-28 10:00:01`, Beijing time (UTC+8, as Alibaba Cloud writes it).
    private static func beijingTime(_ object: [String: Any], _ key: String, at parent: String) throws(InboundFormatError) -> Date? {
        guard let text = try optionalString(object, key, at: parent, limit: 40) else { return nil }
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == ":" || $0 == "T" }).compactMap { Int($0) }
        guard parts.count == 6 else { throw InboundFormatError(name(parent, key), "must be YYYY-MM-DD HH:MM:SS") }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        let components = DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4], second: parts[5])
        guard components.isValidDate(in: calendar), let date = calendar.date(from: components) else {
            throw InboundFormatError(name(parent, key), "is not a real date and time")
        }
        return date
    }

    private static func isBool(_ number: NSNumber) -> Bool {
        // JSONSerialization gives true and false as NSNumbers of type "c" (char).
        String(cString: number.objCType) == "c"
    }
}
