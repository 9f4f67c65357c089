import Foundation

/// Times as people type them (R-PPL-1), read in a zone (the clinic's, unless the text gives
/// an offset): `2026-11-28 15:00`, `11-28 15:00` (this year, or next if that day has
/// passed), `15:00` (today), `明天 15:00` / `tomorrow 15:00` (also 今天/today, 后天), a bare
/// date `2026-11-28` (its midnight), or ISO-8601 with an offset. A wall time that does not
/// exist in the zone (a DST gap) or happens twice (a DST overlap) is refused, saying why.
public enum TimeInput {
    public static let forms = "2026-11-28 15:00, 11-28 15:00, 15:00, 明天 15:00 or ISO-8601 with an offset"

    public static func parse(_ raw: String, zone: TimeZone, now: Date) -> Result<Date, TimeInputError> {
        let text = raw.trimmingCharacters(in: .whitespaces)
        if let date = iso(text) { return .success(date) }
        // A spreadsheet's 2026/11/28 is 2026-11-28.
        let typed = text.replacingOccurrences(of: "/", with: "-")
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let today = calendar.dateComponents([.year, .month, .day], from: now)

        var words = typed.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        // 明天15:00 written without a space.
        if words.count == 1, let word = ["明天", "今天", "后天"].first(where: { text.hasPrefix($0) && text.count > $0.count }) {
            words = [word, String(text.dropFirst(word.count))]
        }
        var day: (year: Int, month: Int, day: Int)?
        var clock: (hour: Int, minute: Int, second: Int)?
        switch words.count {
        case 1:
            if let t = time(words[0]) {
                clock = t
                day = (today.year!, today.month!, today.day!)
            } else if let d = fullDate(words[0]) {
                day = d
                clock = (0, 0, 0)
            } else if let (d, t) = dateAndTimeWithT(words[0]) {
                day = d
                clock = t
            }
        case 2:
            guard let t = time(words[1]) else { break }
            clock = t
            if let offset = relativeDays[words[0].lowercased()] {
                let date = calendar.date(byAdding: .day, value: offset, to: calendar.startOfDay(for: now))!
                let c = calendar.dateComponents([.year, .month, .day], from: date)
                day = (c.year!, c.month!, c.day!)
            } else if let d = fullDate(words[0]) {
                day = d
            } else if let (month, dayOfMonth) = monthDay(words[0]) {
                // This year, or next year when that day has passed.
                let year = (month, dayOfMonth) < (today.month!, today.day!) ? today.year! + 1 : today.year!
                day = (year, month, dayOfMonth)
            }
        default: break
        }
        guard let day, let clock else { return .failure(.unreadable(text)) }
        return resolve(day, clock, zone: zone, text: text)
    }

    /// A calendar date as people type it: `2026-11-28`, or `11-28` (this year, or next if
    /// passed), or 今天/明天/today/tomorrow.
    public static func date(_ raw: String, zone: TimeZone, now: Date) -> LocalDate? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let text = raw.trimmingCharacters(in: .whitespaces)
        if let offset = relativeDays[text.lowercased()] {
            let c = calendar.dateComponents([.year, .month, .day], from: calendar.date(byAdding: .day, value: offset, to: now)!)
            return LocalDate(year: c.year!, month: c.month!, day: c.day!)
        }
        let typed = text.replacingOccurrences(of: "/", with: "-")
        if let d = fullDate(typed) { return LocalDate(year: d.year, month: d.month, day: d.day) }
        if let (month, day) = monthDay(typed) {
            let today = calendar.dateComponents([.year, .month, .day], from: now)
            let year = (month, day) < (today.month!, today.day!) ? today.year! + 1 : today.year!
            return LocalDate(year: year, month: month, day: day)
        }
        return nil
    }

    private static let relativeDays = ["today": 0, "今天": 0, "tomorrow": 1, "明天": 1, "后天": 2]

    /// The instant a wall time names in `zone`: exactly one, or an error saying why not.
    static func resolve(_ day: (year: Int, month: Int, day: Int), _ clock: (hour: Int, minute: Int, second: Int),
                        zone: TimeZone, text: String) -> Result<Date, TimeInputError> {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        guard let naive = utc.date(from: DateComponents(year: day.year, month: day.month, day: day.day,
                                                        hour: clock.hour, minute: clock.minute, second: clock.second)),
              utc.component(.day, from: naive) == day.day else {
            return .failure(.noSuchDate(text))
        }
        // Each offset the zone uses around that day: the wall time read with it, if the zone
        // really shows that wall time then, is one reading.
        let offsets = Set([-86_400.0, 0, 86_400].map { zone.secondsFromGMT(for: naive.addingTimeInterval($0)) })
        let readings = Set(offsets.map { naive.addingTimeInterval(-Double($0)) }.filter {
            zone.secondsFromGMT(for: $0) == Int(naive.timeIntervalSince($0))
        }).sorted()
        let wall = String(format: "%04d-%02d-%02d %02d:%02d", day.year, day.month, day.day, clock.hour, clock.minute)
        switch readings.count {
        case 1: return .success(readings[0])
        case 0: return .failure(.doesNotExist(wall, zone: zone.identifier))
        default: return .failure(.ambiguous(wall, zone: zone.identifier, offsets: readings.map { offsetText(zone.secondsFromGMT(for: $0)) }))
        }
    }

    static func offsetText(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let minutes = abs(seconds) / 60
        return String(format: "%@%02d:%02d", sign, minutes / 60, minutes % 60)
    }

    private static func iso(_ text: String) -> Date? {
        guard text.contains("T"), text.last == "Z" || text.dropFirst(10).contains("+") || text.dropFirst(10).contains("-") else { return nil }
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        return withFraction.date(from: text) ?? plain.date(from: text)
    }

    private static func numbers(_ text: String, separator: Character) -> [Int]? {
        let parts = text.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else {
            return nil
        }
        return parts.map { Int($0)! }
    }

    private static func time(_ text: String) -> (hour: Int, minute: Int, second: Int)? {
        guard let n = numbers(text, separator: ":"), n.count == 2 || n.count == 3,
              (0...23).contains(n[0]), (0...59).contains(n[1]), n.count == 2 || (0...59).contains(n[2]) else { return nil }
        return (n[0], n[1], n.count == 3 ? n[2] : 0)
    }

    private static func fullDate(_ text: String) -> (year: Int, month: Int, day: Int)? {
        guard let n = numbers(text, separator: "-"), n.count == 3, text.prefix(while: { $0 != "-" }).count == 4,
              (1...12).contains(n[1]), (1...31).contains(n[2]) else { return nil }
        return (n[0], n[1], n[2])
    }

    private static func monthDay(_ text: String) -> (Int, Int)? {
        guard let n = numbers(text, separator: "-"), n.count == 2, (1...12).contains(n[0]), (1...31).contains(n[1]) else { return nil }
        return (n[0], n[1])
    }

    /// `2026-11-28T15:00` without an offset: a local time.
    private static func dateAndTimeWithT(_ text: String) -> ((year: Int, month: Int, day: Int), (hour: Int, minute: Int, second: Int))? {
        let parts = text.split(separator: "T")
        guard parts.count == 2, let d = fullDate(String(parts[0])), let t = time(String(parts[1])) else { return nil }
        return (d, t)
    }
}

public enum TimeInputError: Error, Equatable, CustomStringConvertible {
    case unreadable(String)
    case noSuchDate(String)
    case doesNotExist(String, zone: String)
    case ambiguous(String, zone: String, offsets: [String])

    public var description: String {
        switch self {
        case .unreadable(let text):
            "'\(text.prefix(40))' is not a time: write \(TimeInput.forms)"
        case .noSuchDate(let text):
            "'\(text.prefix(40))' names a day that does not exist"
        case .doesNotExist(let wall, let zone):
            "\(wall) does not exist in \(zone): the clocks go forward over it (daylight saving); pick another time"
        case .ambiguous(let wall, let zone, let offsets):
            "\(wall) happens twice in \(zone): the clocks go back over it (daylight saving); add the offset, e.g. \(wall.replacingOccurrences(of: " ", with: "T"))\(offsets[0]) or …\(offsets[1])"
        }
    }

    /// The same, as the console says it to staff.
    public var chinese: String {
        switch self {
        case .unreadable(let text):
            "「\(text.prefix(40))」不是时间：请写成 2026-11-28 15:00、11-28 15:00、15:00 或 明天 15:00。"
        case .noSuchDate(let text):
            "「\(text.prefix(40))」这一天不存在。"
        case .doesNotExist(let wall, _):
            "\(wall) 因夏令时拨快而不存在，请另选时间。"
        case .ambiguous(let wall, _, let offsets):
            "\(wall) 因夏令时拨回而出现两次，请加上时差，例如 \(wall.replacingOccurrences(of: " ", with: "T"))\(offsets[0])。"
        }
    }
}
