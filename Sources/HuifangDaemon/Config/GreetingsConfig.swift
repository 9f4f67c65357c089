import Foundation
import HuifangCore

/// `[greetings]`, `[windows]`, `[[holidays]]` and `[templates.*]`: the rules for birthdays,
/// holidays and contact windows (R-TIME-1…4), read and checked at load.
public struct GreetingsConfig: Sendable, Equatable {
    public var enabled = true
    public var birthdays = true
    public var birthday = BirthdayRule()
    /// Channels to greet on, in order of preference.
    public var channels = ["wechat", "sms", "email"]
    public var planIntervalMs = 600_000
    public var lookaheadHours = 48
    public var staleAfterHours = 24
    public var holidays: [HolidayRule] = []
    public var birthdayTemplate = DefaultTemplates.birthday
    public var holidayTemplate = DefaultTemplates.holiday
    /// R-MEM-7: what an anniversary counts from, if the business greets one.
    public enum Anniversary: String, Sendable, Equatable { case firstVisit = "first-visit", membership }
    public var anniversary: Anniversary?
    public var anniversaryTemplate = DefaultTemplates.anniversary
    /// R-MEM-7: the birthday-gift task is due this many days before the birthday.
    public var giftDaysBefore = 3
    /// Named window sets; `messages`, `calls` and `staff` (working hours, in the clinic's
    /// zone) exist by default.
    public var windows: [String: ContactWindows] = ["messages": .defaultMessages, "calls": .defaultCalls, "staff": .defaultStaff,
                                                    "always": .always]

    /// The window set for a channel: its `window` key, else calls for staff tasks, else
    /// messages for messaging channels, else always open.
    public func windows(for channel: HuifangConfig.Channel) -> ContactWindows {
        if let name = channel.window { return windows[name] ?? .always }
        switch channel.name {
        case ChannelName.staffTask: return windows["calls"] ?? .always
        case "sms", "email", "wechat": return windows["messages"] ?? .always
        default: return .always
        }
    }
}

extension HuifangConfig {
    /// When a channel's messages may reach their recipient, and in which zone (nil: the
    /// customer's). Notices to staff follow staff working hours (`[windows] staff`, or the
    /// channel's own `window`) in the clinic's zone, never a customer's call window.
    /// The windows a channel's messages are sent in and the zone they are read in (nil: each
    /// customer's own). A branch's customers are contacted in its `windows` set, and its staff
    /// notices follow its time zone.
    public func sendWindows(for channel: Channel, branch: Branch? = nil) -> (windows: ContactWindows, zone: TimeZone?) {
        guard channel.name == ChannelName.staffTask else {
            return (branch?.windows.flatMap { greetings.windows[$0] } ?? greetings.windows(for: channel), nil)
        }
        let windows = channel.window.flatMap { greetings.windows[$0] } ?? greetings.windows["staff"] ?? .defaultStaff
        return (windows, zone(of: branch))
    }

    /// Each configured channel's contact windows (R-TIME-1).
    public func channelWindows() -> [String: ContactWindows] {
        var windows: [String: ContactWindows] = [:]
        for channel in channels { windows[channel.name] = greetings.windows(for: channel) }
        return windows
    }

    public func greetingSettings() -> GreetingSettings {
        let windows = channelWindows()
        var settings = GreetingSettings(
            birthday: greetings.birthdays ? greetings.birthday : nil, holidays: greetings.holidays,
            birthdayTemplate: greetings.birthdayTemplate, holidayTemplate: greetings.holidayTemplate,
            channels: greetings.channels, windows: windows, clinicName: service.name,
            staleAfter: Double(greetings.staleAfterHours) * 3600)
        settings.branchNames = Dictionary(branches.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        if greetings.anniversary != nil { settings.anniversaryTemplate = greetings.anniversaryTemplate }
        if pets.birthdays {
            settings.petBirthdayTemplate = notices.overrides[.petBirthday] ?? CustomerNotice.petBirthday.defaultTemplate
        }
        return settings
    }

    static func readGreetings(_ root: inout ConfigReader, into config: inout HuifangConfig) throws(ConfigError) {
        var greetings = GreetingsConfig()
        if var t = try root.table("greetings") {
            greetings.enabled = try t.bool("enabled", default: true)
            greetings.birthdays = try t.bool("birthdays", default: true)
            if let (text, position) = try t.optionalString("birthday_time") {
                guard let time = LocalTime(text), time.hour < 24 else {
                    throw t.error("[greetings] birthday_time must be HH:MM, not '\(text)'", at: position)
                }
                greetings.birthday.time = time
            }
            if let (text, position) = try t.optionalString("leap_day") {
                guard let rule = BirthdayRule.LeapDay(rawValue: text) else {
                    throw t.error("[greetings] leap_day must be feb28 or mar1, not '\(text)'", at: position)
                }
                greetings.birthday.leapDay = rule
            }
            if let list = try t.stringArray("channels") { greetings.channels = list.map(\.0) }
            greetings.planIntervalMs = try t.int("plan_interval_ms", default: greetings.planIntervalMs, range: 1000...86_400_000)
            greetings.lookaheadHours = try t.int("lookahead_hours", default: greetings.lookaheadHours, range: 1...24 * 31)
            greetings.staleAfterHours = try t.int("stale_after_hours", default: greetings.staleAfterHours, range: 1...24 * 31)
            if let (text, position) = try t.optionalString("anniversary") {
                guard let basis = GreetingsConfig.Anniversary(rawValue: text) else {
                    throw t.error("[greetings] anniversary must be first-visit or membership, not '\(text.prefix(40))'", at: position)
                }
                greetings.anniversary = basis
            }
            greetings.giftDaysBefore = try t.int("gift_days_before", default: greetings.giftDaysBefore, range: 0...30)
            try t.rejectUnknownKeys(allowed: ["enabled", "birthdays", "birthday_time", "leap_day", "channels",
                                              "plan_interval_ms", "lookahead_hours", "stale_after_hours", "anniversary", "gift_days_before"])
        }
        if var t = try root.table("windows") {
            // NAME = ["HH:MM-HH:MM", …] opens a set of windows; NAME_quiet_hours = "HH:MM-HH:MM"
            // says the same by its complement (quiet 21:00-08:00 is the window 08:00-21:00).
            for key in t.table.keys {
                if key.hasSuffix("_quiet_hours") {
                    let name = String(key.dropLast("_quiet_hours".count))
                    guard let (text, position) = try t.optionalString(key), let quiet = TimeWindow(text) else {
                        throw t.error("[windows] \(key) must be one window written HH:MM-HH:MM", at: t.table[key]?.valuePosition)
                    }
                    _ = position
                    greetings.windows[name] = ContactWindows(quietHours: quiet)
                    continue
                }
                var parsed: [TimeWindow] = []
                for (text, at) in try t.stringArray(key) ?? [] {
                    guard let window = TimeWindow(text) else {
                        throw t.error("[windows] \(key): '\(text)' is not a window written HH:MM-HH:MM", at: at)
                    }
                    parsed.append(window)
                }
                guard !parsed.isEmpty else {
                    throw t.error("[windows] \(key) needs at least one HH:MM-HH:MM window", at: t.table[key]?.valuePosition)
                }
                greetings.windows[key] = ContactWindows(parsed)
            }
        }
        for var h in try root.tables("holidays") {
            greetings.holidays.append(try readHoliday(&h))
        }
        let ids = greetings.holidays.map(\.id)
        if let duplicate = ids.first(where: { id in ids.filter { $0 == id }.count > 1 }) {
            throw ConfigError(file: root.file, position: nil, message: "[[holidays]] id '\(duplicate)' is used twice")
        }
        if var t = try root.table("templates") {
            for kind in t.table.keys.sorted() {
                let allowed: [String]
                let notice = CustomerNotice(rawValue: kind)
                switch kind {
                case GreetingPlanner.birthdayKind: allowed = GreetingPlanner.birthdayVariables
                case GreetingPlanner.holidayKind: allowed = GreetingPlanner.holidayVariables
                case GreetingPlanner.anniversaryKind: allowed = GreetingPlanner.anniversaryVariables
                default:
                    guard let notice else {
                        let known = [GreetingPlanner.birthdayKind, GreetingPlanner.holidayKind, GreetingPlanner.anniversaryKind]
                            + CustomerNotice.allCases.map(\.rawValue)
                        throw t.error("[templates] has no message kind '\(kind)' (known: \(known.joined(separator: ", ")))",
                                      at: t.table[kind]?.keyPosition)
                    }
                    allowed = notice.variables
                }
                guard var kindTable = try t.table(kind) else { continue }
                var byLocale = (notice.map { config.notices.overrides[$0] ?? $0.defaultTemplate }
                    ?? (kind == GreetingPlanner.birthdayKind ? greetings.birthdayTemplate
                        : kind == GreetingPlanner.anniversaryKind ? greetings.anniversaryTemplate : greetings.holidayTemplate)).byLocale
                for locale in MessageLocale.allCases {
                    guard let (text, position) = try kindTable.optionalString(locale.rawValue) else { continue }
                    do {
                        byLocale[locale] = try MessageTemplate(text, allowed: allowed)
                    } catch {
                        throw kindTable.error("[templates.\"\(kind)\"] \(locale.rawValue) \(error.description)", at: position)
                    }
                }
                try kindTable.rejectUnknownKeys(allowed: MessageLocale.allCases.map(\.rawValue))
                if let notice {
                    config.notices.overrides[notice] = LocalizedTemplate(byLocale)
                } else if kind == GreetingPlanner.birthdayKind {
                    greetings.birthdayTemplate = LocalizedTemplate(byLocale)
                } else if kind == GreetingPlanner.anniversaryKind {
                    greetings.anniversaryTemplate = LocalizedTemplate(byLocale)
                } else {
                    greetings.holidayTemplate = LocalizedTemplate(byLocale)
                }
            }
        }
        config.greetings = greetings
    }

    private static func readHoliday(_ h: inout ConfigReader) throws(ConfigError) -> HolidayRule {
        let id = try h.string("id")
        func monthDay(_ key: String) throws(ConfigError) -> (Int, Int)? {
            guard let (text, position) = try h.optionalString(key) else { return nil }
            let parts = text.split(separator: "-")
            guard parts.count == 2, let m = Int(parts[0]), let d = Int(parts[1]), (1...12).contains(m), (1...31).contains(d) else {
                throw h.error("\(h.name) \(key) must be MM-DD, not '\(text)'", at: position)
            }
            if key == "lunar" && d > 30 { throw h.error("\(h.name) lunar months have at most 30 days", at: position) }
            if key == "date" && LocalDate(year: 2024, month: m, day: d) == nil {
                throw h.error("\(h.name) date '\(text)' is not a day of the year", at: position)
            }
            return (m, d)
        }
        let gregorian = try monthDay("date")
        let lunar = try monthDay("lunar")
        let day: HolidayRule.Day
        switch (gregorian, lunar) {
        case let ((m, d)?, nil): day = .gregorian(month: m, day: d)
        case let (nil, (m, d)?): day = .lunar(month: m, day: d)
        default: throw h.error("\(h.name) '\(id)' needs exactly one of date = \"MM-DD\" or lunar = \"MM-DD\"", at: h.table.position)
        }
        var time = LocalTime(hour: 9, minute: 30)!
        if let (text, position) = try h.optionalString("time") {
            guard let parsed = LocalTime(text), parsed.hour < 24 else { throw h.error("\(h.name) time must be HH:MM", at: position) }
            time = parsed
        }
        var audience = HolidayRule.Audience.all
        if let (text, position) = try h.optionalString("audience") {
            if text == "all" {
                audience = .all
            } else if text.hasPrefix("tag:"), text.count > 4 {
                audience = .tag(String(text.dropFirst(4)))
            } else if text == "member" || text == "members" {
                audience = .members
            } else if text.hasPrefix("tier:"), text.count > 5 {
                audience = .tier(String(text.dropFirst(5)))   // checked against [membership] once it is read
            } else {
                throw h.error("\(h.name) audience must be \"all\", \"member\", \"tier:NAME\" or \"tag:NAME\", not '\(text)'", at: position)
            }
        }
        var names: [MessageLocale: String] = [:]
        if var n = try h.table("name") {
            for locale in MessageLocale.allCases {
                if let (text, _) = try n.optionalString(locale.rawValue) { names[locale] = text }
            }
            try n.rejectUnknownKeys(allowed: MessageLocale.allCases.map(\.rawValue))
        }
        try h.rejectUnknownKeys(allowed: ["id", "date", "lunar", "time", "audience", "name"])
        return HolidayRule(id: id, day: day, time: time, audience: audience, names: names)
    }
}
