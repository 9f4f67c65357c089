import Foundation
import Synchronization

/// A span of local time, `start` inclusive, `end` exclusive; crosses midnight when
/// `end <= start` (e.g. 22:00–06:00).
public struct TimeWindow: Hashable, Sendable, CustomStringConvertible {
    public var start: LocalTime
    public var end: LocalTime

    public init(start: LocalTime, end: LocalTime) {
        self.start = start
        self.end = end
    }

    /// Parses `HH:MM-HH:MM`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let start = LocalTime(parts[0]), let end = LocalTime(parts[1]),
              start.hour < 24, start != end else { return nil }
        self.init(start: start, end: end)
    }

    public var crossesMidnight: Bool { end <= start }

    public func contains(minuteOfDay t: Int) -> Bool {
        crossesMidnight ? (t >= start.minutesOfDay || t < end.minutesOfDay % 1440)
                        : (t >= start.minutesOfDay && t < end.minutesOfDay)
    }

    public var description: String { "\(start)-\(end)" }
}

/// When a channel may reach a customer (R-TIME-1): a set of windows in the customer's local
/// time. Work that comes due outside waits for the next opening. Computed in wall-clock
/// terms, so a window opening at 09:00 opens at 09:00 local on either side of a DST change.
public struct ContactWindows: Hashable, Sendable {
    public var windows: [TimeWindow]

    public init(_ windows: [TimeWindow]) {
        self.windows = windows
    }

    /// Quiet hours are the complement: quiet 21:00–08:00 is the window 08:00–21:00.
    public init(quietHours: TimeWindow) {
        windows = [TimeWindow(start: LocalTime(hour: quietHours.end.hour % 24, minute: quietHours.end.minute)!,
                              end: quietHours.start)]
    }

    /// Always open.
    public static let always = ContactWindows([])

    public var isAlwaysOpen: Bool { windows.isEmpty }

    /// Default call windows of the manuals: 11:00–12:30, 14:30–17:30, 19:30–20:30.
    public static let defaultCalls = ContactWindows(["11:00-12:30", "14:30-17:30", "19:30-20:30"].compactMap(TimeWindow.init))
    /// Default message window: 09:00–21:00.
    public static let defaultMessages = ContactWindows([TimeWindow("09:00-21:00")!])
    /// Staff working hours: when notices to staff go (in the clinic's zone).
    public static let defaultStaff = ContactWindows([TimeWindow("08:30-21:00")!])

    public func contains(_ instant: Date, in zone: TimeZone) -> Bool {
        if isAlwaysOpen { return true }
        let calendar = Self.calendar(zone)
        let c = calendar.dateComponents([.hour, .minute], from: instant)
        let t = c.hour! * 60 + c.minute!
        return windows.contains { $0.contains(minuteOfDay: t) }
    }

    /// `instant` itself when a window is open then, else the next opening.
    public func nextOpening(atOrAfter instant: Date, in zone: TimeZone) -> Date {
        if contains(instant, in: zone) { return instant }
        let calendar = Self.calendar(zone)
        let today = calendar.startOfDay(for: instant)
        var best: Date?
        for offset in 0...2 {
            guard let day = calendar.date(byAdding: .day, value: offset, to: today) else { continue }
            let d = calendar.dateComponents([.year, .month, .day], from: day)
            for window in windows {
                var components = DateComponents(year: d.year, month: d.month, day: d.day,
                                                hour: window.start.hour, minute: window.start.minute)
                components.timeZone = zone
                guard var opening = calendar.date(from: components) else { continue }
                // A start inside a spring-forward gap (02:30 on the day clocks jump from 02:00
                // to 03:00): Foundation moves it on by the gap's length (03:30); the window is
                // open from the end of the gap (03:00), so it opens then.
                let actual = calendar.dateComponents([.hour, .minute], from: opening)
                if actual.hour != window.start.hour || actual.minute != window.start.minute,
                   let transition = zone.nextDaylightSavingTimeTransition(after: opening.addingTimeInterval(-4 * 3600)),
                   transition < opening {
                    opening = transition
                }
                guard opening > instant else { continue }
                if best == nil || opening < best! { best = opening }
            }
            if best != nil { break }
        }
        return best ?? instant
    }

    /// A Gregorian calendar in `zone` (local days, times and months everywhere). Made once
    /// per zone: planning a million customers asks for one per customer, and making a
    /// Calendar costs more than using it.
    public static func calendar(_ zone: TimeZone) -> Calendar {
        if let made = calendars.withLock({ $0[zone.identifier] }) { return made }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        calendars.withLock { $0[zone.identifier] = calendar }
        return calendar
    }

    private static let calendars = Mutex<[String: Calendar]>([:])
}
