import Foundation
import HuifangCore

/// The rows of each import file, as `import.customers`, `import.visits` and
/// `import.appointments` take them, and how a CSV row's values become one.
extension CustomerAddArgs {
    /// A customers CSV row; yes/no, gender and tag words are read as people write them.
    public static func importRow(_ values: [String: String], line: Int) throws(ImportRowError) -> CustomerAddArgs {
        var args = CustomerAddArgs(name: values["name"] ?? "")
        args.phone = values["phone"]
        args.email = values["email"]
        args.wechatId = values["wechat_id"]
        args.birthday = values["birthday"]
        args.tz = values["tz"]
        args.locale = values["locale"]
        args.notes = values["notes"]
        if let value = values["lunar_birthday"] {
            switch value.lowercased() {
            case "1", "true", "yes", "y", "是", "农历", "農曆": args.lunarBirthday = true
            case "0", "false", "no", "n", "否", "公历", "阳历": args.lunarBirthday = false
            default: throw ImportRowError(line: line, field: "lunar_birthday", message: "must be yes or no (是/否), not '\(value.prefix(40))'",
                                          chinese: "农历一栏须填 是 或 否，不是「\(value.prefix(40))」。")
            }
        }
        if let value = values["gender"] {
            switch value.lowercased() {
            case "女", "f": args.gender = "female"
            case "男", "m": args.gender = "male"
            default: args.gender = value.lowercased()
            }
        }
        if let value = values["tags"] {
            args.tags = value.split(whereSeparator: { ";|、，".contains($0) }).map { String($0).trimmingBlanks() }.filter { !$0.isEmpty }
        }
        return args
    }

    /// A phone may appear once per file (spaces and dashes do not count).
    public static func importKey(_ args: CustomerAddArgs) -> (field: String, key: String)? {
        args.phone.map { ("phone", $0.filter { $0 != " " && $0 != "-" }) }
    }
}

/// The customer a visit or appointment row belongs to: by id, or by the phone of a customer
/// imported before.
public struct ImportCustomerRef: Codable, Sendable, Equatable {
    public var customer: Int64?
    public var phone: String?

    public init(customer: Int64? = nil, phone: String? = nil) {
        self.customer = customer
        self.phone = phone
    }

    static func from(_ values: [String: String], line: Int) throws(ImportRowError) -> ImportCustomerRef {
        if let text = values["customer"] {
            guard let id = Int64(text), id > 0 else {
                throw ImportRowError(line: line, field: "customer", message: "must be a customer id (a whole number), not '\(text.prefix(40))'",
                                     chinese: "客户编号须是整数，不是「\(text.prefix(40))」。")
            }
            return ImportCustomerRef(customer: id, phone: values["phone"])
        }
        guard let phone = values["phone"] else {
            throw ImportRowError(line: line, field: "customer", message: "give the customer's id or phone", chinese: "请填客户编号或手机。")
        }
        return ImportCustomerRef(phone: phone)
    }
}

func required(_ values: [String: String], _ field: String, line: Int) throws(ImportRowError) -> String {
    guard let value = values[field] else { throw ImportRowError(line: line, field: field, message: "is required", chinese: "不能为空。") }
    return value
}

/// A past visit (history: no follow-up plan is made for it).
public struct VisitImportRow: Codable, Sendable, Equatable {
    public var customer: ImportCustomerRef
    public var service: String
    public var staff: String
    /// When it ended: ISO-8601 with a zone, or `YYYY-MM-DD[ HH:MM]` in the clinic's zone.
    public var at: String
    public var amount: String?

    public init(customer: ImportCustomerRef, service: String, staff: String, at: String, amount: String? = nil) {
        self.customer = customer
        self.service = service
        self.staff = staff
        self.at = at
        self.amount = amount
    }

    public static func importRow(_ values: [String: String], line: Int) throws(ImportRowError) -> VisitImportRow {
        VisitImportRow(customer: try .from(values, line: line), service: try required(values, "service", line: line),
                       staff: try required(values, "staff", line: line), at: try required(values, "at", line: line),
                       amount: values["amount"])
    }
}

/// A coming appointment: booked as `appointment add` books one, reminders included.
public struct AppointmentImportRow: Codable, Sendable, Equatable {
    public var customer: ImportCustomerRef
    public var service: String
    public var staff: String
    /// ISO-8601 with a zone, or `YYYY-MM-DD HH:MM` in the clinic's zone.
    public var start: String
    public var duration: Int?
    public var place: String?

    public init(customer: ImportCustomerRef, service: String, staff: String, start: String, duration: Int? = nil, place: String? = nil) {
        self.customer = customer
        self.service = service
        self.staff = staff
        self.start = start
        self.duration = duration
        self.place = place
    }

    public static func importRow(_ values: [String: String], line: Int) throws(ImportRowError) -> AppointmentImportRow {
        var duration: Int?
        if let text = values["duration"] {
            guard let minutes = Int(text) else {
                throw ImportRowError(line: line, field: "duration", message: "must be whole minutes, not '\(text.prefix(40))'",
                                     chinese: "时长须是整数分钟，不是「\(text.prefix(40))」。")
            }
            duration = minutes
        }
        return AppointmentImportRow(customer: try .from(values, line: line), service: try required(values, "service", line: line),
                                    staff: try required(values, "staff", line: line), start: try required(values, "start", line: line),
                                    duration: duration, place: values["place"])
    }
}
