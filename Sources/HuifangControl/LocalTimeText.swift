import Foundation

/// Instants as the desk reads them (R-PPL-1): the daemon writes ISO-8601 in the clinic's
/// offset, and tables show that wall time, `11-28 周六 15:00`, with the year only when it is
/// not this year. Text that is not an instant is shown as it is. huifangctl's tables and the
/// web console both show times this way.
public enum LocalTimeText {
    private static let weekdays = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"]

    public static func show(_ iso: String) -> String {
        guard let (date, zone) = instant(iso) else { return iso }
        return wallTime(date, in: zone)
    }

    public static func show(_ iso: String?) -> String { iso.map(show) ?? "-" }

    /// A deadline: as `show`, but one at midnight is the end of the day before, as a clinic
    /// writes it (`12-02 周三 24:00`, not `12-03 周四 00:00`): a task for day 3 is overdue
    /// once that day is over.
    public static func deadline(_ iso: String) -> String {
        guard let (date, zone) = instant(iso) else { return iso }
        let shown = wallTime(date, in: zone)
        guard shown.hasSuffix(" 00:00") else { return shown }
        return String(wallTime(date.addingTimeInterval(-60), in: zone).dropLast(5)) + "24:00"
    }

    public static func deadline(_ iso: String?) -> String { iso.map(deadline) ?? "-" }

    /// The instant and the offset it was written in; nil for text that is not an instant.
    private static func instant(_ iso: String) -> (Date, TimeZone)? {
        guard iso.count >= 19, let zone = zone(of: iso), let date = parse(iso) else { return nil }
        return (date, zone)
    }

    /// `11-28 周六 15:00`, the year only when it is not this year.
    private static func wallTime(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute], from: date)
        let thisYear = calendar.component(.year, from: Date())
        let day = String(format: "%02d-%02d", c.month!, c.day!)
        let year = c.year! == thisYear ? "" : "\(c.year!)-"
        return "\(year)\(day) \(weekdays[c.weekday! - 1]) " + String(format: "%02d:%02d", c.hour!, c.minute!)
    }

    /// Only the wall-clock time of day, `15:00`.
    public static func clock(_ iso: String) -> String {
        let shown = show(iso)
        return shown == iso ? iso : String(shown.suffix(5))
    }

    public static func parse(_ text: String) -> Date? { ControlCoding.parseTimestamp(text) }

    /// The offset the text was written in, as a zone.
    private static func zone(of text: String) -> TimeZone? {
        if text.hasSuffix("Z") { return TimeZone(identifier: "UTC") }
        let tail = text.suffix(6)
        guard tail.count == 6, let sign = tail.first, sign == "+" || sign == "-",
              let hours = Int(tail.dropFirst().prefix(2)), let minutes = Int(tail.suffix(2)) else { return nil }
        return TimeZone(secondsFromGMT: (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60))
    }
}
