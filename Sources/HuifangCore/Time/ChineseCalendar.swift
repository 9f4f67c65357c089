import Foundation
import Synchronization

/// A date in the Chinese lunisolar calendar (农历): month 1–12, day 1–30, and whether the
/// month is the leap (闰) month of that number.
public struct LunarDate: Hashable, Sendable, CustomStringConvertible {
    public var month: Int
    public var day: Int
    public var isLeapMonth: Bool

    public init(month: Int, day: Int, isLeapMonth: Bool = false) {
        self.month = month
        self.day = day
        self.isLeapMonth = isLeapMonth
    }

    public var description: String { "\(isLeapMonth ? "leap " : "")\(month)/\(day)" }
}

/// Conversions between Gregorian dates and the Chinese calendar, by Foundation's (ICU's)
/// Chinese calendar, in China's time (UTC+8) as the calendar is defined.
public enum ChineseCalendar {
    private static let zone = TimeZone(secondsFromGMT: 8 * 3600)!

    /// Made once: a Calendar costs more to make than to use (planning a million birthdays).
    private static let chinese: Calendar = {
        var calendar = Calendar(identifier: .chinese)
        calendar.timeZone = zone
        return calendar
    }()

    private static let gregorian: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }()

    private static func instant(_ date: LocalDate) -> Date {
        gregorian.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: 12))!
    }

    private static func localDate(_ instant: Date) -> LocalDate {
        let c = gregorian.dateComponents([.year, .month, .day], from: instant)
        return LocalDate(year: c.year!, month: c.month!, day: c.day!)!
    }

    /// The lunar date of a Gregorian date.
    public static func lunar(of date: LocalDate) -> LunarDate {
        lunarDates.value(for: date) {
            let c = chinese.dateComponents([.month, .day, .isLeapMonth], from: instant(date))
            return LunarDate(month: c.month!, day: c.day!, isLeapMonth: c.isLeapMonth ?? false)
        }
    }

    /// Conversions are pure and ICU's astronomy is slow (most of a planning run over lunar
    /// birthdays, or of an import), so each answer is kept: a century of Gregorian dates, and
    /// some 800 lunar dates a year, stay well under the limit.
    private final class Memo<Key: Hashable & Sendable, Value: Sendable>: Sendable {
        private let known = Mutex<[Key: Value]>([:])
        private let limit = 100_000

        func value(for key: Key, _ compute: () -> Value) -> Value {
            if let value = known.withLock({ $0[key] }) { return value }
            let value = compute()
            known.withLock { known in
                if known.count >= limit { known.removeAll(keepingCapacity: true) }
                known[key] = value
            }
            return value
        }
    }

    private static let lunarDates = Memo<LocalDate, LunarDate>()
    private struct LunarYearDate: Hashable {
        var date: LunarDate
        var year: Int
    }
    private static let lunarBirthdays = Memo<LunarYearDate, LocalDate>()

    /// The Gregorian date of a lunar date in the lunar year whose New Year (正月初一) falls in
    /// Gregorian `year`; nil when that lunar year has no such day (no day 30 that month, no
    /// such leap month).
    public static func gregorian(of lunar: LunarDate, lunarYearStartingIn year: Int) -> LocalDate? {
        let calendar = chinese
        let newYearsDay = newYear(of: year)
        let cycle = calendar.dateComponents([.era, .year], from: instant(newYearsDay))
        var components = DateComponents()
        components.era = cycle.era
        components.year = cycle.year
        components.month = lunar.month
        components.day = lunar.day
        components.isLeapMonth = lunar.isLeapMonth
        components.hour = 12
        guard let found = calendar.date(from: components) else { return nil }
        // ICU rolls impossible dates over; accept only an exact round trip.
        let back = calendar.dateComponents([.era, .year, .month, .day, .isLeapMonth], from: found)
        guard back.era == cycle.era, back.year == cycle.year, back.month == lunar.month, back.day == lunar.day,
              (back.isLeapMonth ?? false) == lunar.isLeapMonth else { return nil }
        return localDate(found)
    }

    /// The Gregorian date of the lunar New Year (Spring Festival) in Gregorian `year`.
    public static func newYear(of year: Int) -> LocalDate {
        newYears.value(for: year) { findNewYear(of: year) }
    }

    /// New Year's days found so far (a search of up to 32 days each).
    private static let newYears = Memo<Int, LocalDate>()

    private static func findNewYear(of year: Int) -> LocalDate {
        // It falls between 21 January and 20 February: find lunar 1/1 from 21 January on.
        let calendar = chinese
        var day = instant(LocalDate(year: year, month: 1, day: 21)!)
        for _ in 0..<32 {
            let c = calendar.dateComponents([.month, .day, .isLeapMonth], from: day)
            if c.month == 1 && c.day == 1 && c.isLeapMonth != true { return localDate(day) }
            day = day.addingTimeInterval(86_400)
        }
        preconditionFailure("no lunar New Year found in \(year)")
    }

    /// R-TIME-3: the Gregorian date on which a lunar birthday is celebrated in the lunar year
    /// starting in `year`. A leap-month birthday is kept in the ordinary month of the same
    /// number unless that leap month occurs that year; day 30 becomes day 29 in a month
    /// without a day 30.
    public static func birthday(_ birth: LunarDate, lunarYearStartingIn year: Int) -> LocalDate {
        lunarBirthdays.value(for: LunarYearDate(date: birth, year: year)) { findBirthday(birth, lunarYearStartingIn: year) }
    }

    private static func findBirthday(_ birth: LunarDate, lunarYearStartingIn year: Int) -> LocalDate {
        var target = birth
        if birth.isLeapMonth && gregorian(of: LunarDate(month: birth.month, day: 1, isLeapMonth: true),
                                          lunarYearStartingIn: year) == nil {
            target.isLeapMonth = false
        }
        if let date = gregorian(of: target, lunarYearStartingIn: year) { return date }
        target.day = 29
        if let date = gregorian(of: target, lunarYearStartingIn: year) { return date }
        // Unreachable for valid lunar dates (every month has a day 29); fall back to the month's start.
        target.day = 1
        return gregorian(of: target, lunarYearStartingIn: year)!
    }
}
