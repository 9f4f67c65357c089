import Foundation
import Synchronization

/// What an operator supplies to create a customer, before the store gives it an id.
/// `validated()` checks every field and names the first bad one (R-OPS-4).
public struct CustomerDraft: Sendable, Equatable {
    public var name: String
    public var gender: Gender = .unknown
    public var birthday: String?
    public var lunarBirthday: Bool = false
    /// A lunar birthday as people write it (`三月初八`, `L04-01`), instead of `birthday`.
    public var lunarDate: String?
    /// The year of birth, with `lunarDate`: then the Gregorian birthday is known.
    public var birthYear: Int?
    public var phone: String?
    public var email: String?
    public var wechatId: String?
    public var locale: String?
    public var timeZone: String?
    public var tags: [String] = []
    public var notes: String = ""

    public init(name: String) { self.name = name }

    /// A validated customer with id 0; the store assigns the real id.
    public func validated(defaultTimeZone: String, region: String = "CN", now: Date) throws(HuifangError) -> Customer {
        let name = self.name.trimmingBlanks(newlines: true)
        guard !name.isEmpty else { throw .invalid("name", "must not be empty", chinese: "姓名不能为空。") }
        guard name.count <= 200 else { throw .invalid("name", "is longer than 200 characters", chinese: "姓名不能超过 200 个字。") }

        var birthday: LocalDate?
        if let text = self.birthday {
            guard let date = LocalDate(written: text) else {
                throw .invalid("birthday", "must be a real date written YYYY-MM-DD", chinese: "生日须是真实的日期，写成 1990-05-01 或 1990年5月1日 这样。")
            }
            guard date.year >= 1900, date <= Self.localDate(now) else {
                throw .invalid("birthday", "must lie between 1900-01-01 and today", chinese: "生日须在 1900-01-01 到今天之间。")
            }
            birthday = date
        }
        var lunarBirthday = self.lunarBirthday
        var lunar: LunarDate?
        if let text = lunarDate {
            guard birthday == nil else {
                throw .invalid("lunar_date", "give either birthday or a lunar date, not both", chinese: "公历生日和农历生日只填一个。")
            }
            guard let parsed = LunarInput.parse(text) else {
                throw .invalid("lunar_date", "'\(text.prefix(20))' is not a lunar date: write \(LunarInput.forms)",
                               chinese: "「\(text.prefix(20))」不是农历日期：请写成 三月初八、闰四月初一 这样。")
            }
            if let year = birthYear {
                guard (1900...Self.localDate(now).year).contains(year),
                      let date = ChineseCalendar.gregorian(of: parsed, lunarYearStartingIn: year), date <= Self.localDate(now) else {
                    throw .invalid("birth_year", "\(LunarInput.chinese(parsed)) of \(year) is not a day that has been (is that month leap that year?)",
                                   chinese: "\(year) 年没有已过去的农历\(LunarInput.chinese(parsed))（那一年有这个闰月吗？）。")
                }
                birthday = date
                lunarBirthday = true
            } else {
                lunar = parsed
            }
        } else if birthYear != nil {
            throw .invalid("birth_year", "goes with a lunar date")
        }
        if lunarBirthday && birthday == nil {
            throw .invalid("lunar_birthday", "needs a birthday")
        }
        let phone = try self.phone.map { value throws(HuifangError) in try PhoneNumber.normalize(value, region: region) }
        let email = try self.email.map { value throws(HuifangError) in try Self.validEmail(value) }
        guard phone != nil || email != nil || wechatId != nil else {
            throw .invalid("phone", "a customer needs a phone, an e-mail or a WeChat id", chinese: "手机、邮箱、微信号至少要留一个。")
        }
        let locale: MessageLocale
        if let text = self.locale {
            guard let parsed = MessageLocale(rawValue: text) else {
                throw .invalid("locale", "must be one of zh-Hans, zh-Hant, en")
            }
            locale = parsed
        } else {
            locale = .zhHans
        }
        let zone = timeZone ?? defaultTimeZone
        guard zone.utf8.contains(UInt8(ascii: "/")) || zone == "UTC", Self.isKnownZone(zone) else {
            throw .invalid("tz", "is not an IANA time zone name (e.g. Asia/Shanghai)")
        }
        var customer = Customer(
            id: 0, name: name, gender: gender, birthday: birthday, lunarBirthday: lunarBirthday,
            phone: phone, email: email, wechatId: wechatId, locale: locale, timeZone: zone,
            tags: tags, notes: notes, createdAt: now)
        customer.lunarDate = lunar
        return customer
    }

    /// One @ with something before it, and a domain with a dot inside; no spaces. Read as
    /// UTF-8 bytes (`@`, `.` and space are single bytes there).
    static func validEmail(_ raw: String) throws(HuifangError) -> String {
        let value = raw.trimmingBlanks()
        let bytes = value.utf8
        let at = UInt8(ascii: "@"), dot = UInt8(ascii: ".")
        guard let sign = bytes.firstIndex(of: at), sign != bytes.startIndex,
              !bytes[bytes.index(after: sign)...].contains(at), !bytes.contains(UInt8(ascii: " ")) else {
            throw .invalid("email", "is not an e-mail address", chinese: "「\(value.prefix(60))」不是有效的邮箱地址。")
        }
        let domain = bytes[bytes.index(after: sign)...]
        guard domain.contains(dot), domain.first != dot, domain.last != dot else {
            throw .invalid("email", "is not an e-mail address", chinese: "「\(value.prefix(60))」不是有效的邮箱地址。")
        }
        return value
    }

    /// The latest date it is anywhere on Earth (UTC+14).
    static func localDate(_ now: Date) -> LocalDate {
        let seconds = Int((now.timeIntervalSince1970 + 14 * 3600).rounded(.down))
        return LocalDate(daysSince1970: seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
    }

    /// Whether Foundation knows the zone; asked once per name (an import asks per row).
    static func isKnownZone(_ name: String) -> Bool {
        if let known = knownZones.withLock({ $0[name] }) { return known }
        let known = TimeZone(identifier: name) != nil
        knownZones.withLock { zones in
            if zones.count > 1_000 { zones.removeAll() }
            zones[name] = known
        }
        return known
    }

    private static let knownZones = Mutex<[String: Bool]>([:])
}
