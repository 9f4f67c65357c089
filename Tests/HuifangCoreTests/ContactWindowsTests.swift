import Foundation
import HuifangCore
import Testing

@Suite struct ContactWindowsTests {
    let shanghai = TimeZone(identifier: "Asia/Shanghai")!

    /// An instant given as local wall-clock time in `zone`.
    func at(_ text: String, _ zone: TimeZone) -> Date {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.date(from: text)!
    }

    @Test("R-TIME-1 window edges: open exactly at the opening, closed exactly at the closing")
    func edges() {
        let windows = ContactWindows.defaultMessages
        #expect(windows.contains(at("2026-11-23 09:00", shanghai), in: shanghai))
        #expect(!windows.contains(at("2026-11-23 08:59", shanghai), in: shanghai))
        #expect(windows.contains(at("2026-11-23 20:59", shanghai), in: shanghai))
        #expect(!windows.contains(at("2026-11-23 21:00", shanghai), in: shanghai))
        #expect(windows.nextOpening(atOrAfter: at("2026-11-23 08:59", shanghai), in: shanghai) == at("2026-11-23 09:00", shanghai))
        #expect(windows.nextOpening(atOrAfter: at("2026-11-23 21:00", shanghai), in: shanghai) == at("2026-11-24 09:00", shanghai))
        #expect(windows.nextOpening(atOrAfter: at("2026-11-23 12:00", shanghai), in: shanghai) == at("2026-11-23 12:00", shanghai))
    }

    @Test("R-TIME-1 the default call windows: work due between them waits for the next one")
    func callWindows() {
        let calls = ContactWindows.defaultCalls
        #expect(calls.nextOpening(atOrAfter: at("2026-11-23 12:45", shanghai), in: shanghai) == at("2026-11-23 14:30", shanghai))
        #expect(calls.nextOpening(atOrAfter: at("2026-11-23 17:30", shanghai), in: shanghai) == at("2026-11-23 19:30", shanghai))
        #expect(calls.nextOpening(atOrAfter: at("2026-11-23 20:30", shanghai), in: shanghai) == at("2026-11-24 11:00", shanghai))
        #expect(calls.contains(at("2026-11-23 11:00", shanghai), in: shanghai))
    }

    @Test("R-TIME-1 a window may cross midnight; quiet hours 21:00–08:00 mean the window 08:00–21:00")
    func midnightAndQuietHours() {
        let night = ContactWindows([TimeWindow("22:00-06:00")!])
        #expect(night.contains(at("2026-11-23 23:30", shanghai), in: shanghai))
        #expect(night.contains(at("2026-11-24 05:59", shanghai), in: shanghai))
        #expect(!night.contains(at("2026-11-24 06:00", shanghai), in: shanghai))
        #expect(night.nextOpening(atOrAfter: at("2026-11-24 06:00", shanghai), in: shanghai) == at("2026-11-24 22:00", shanghai))

        let quiet = ContactWindows(quietHours: TimeWindow("21:00-08:00")!)
        let window = ContactWindows([TimeWindow("08:00-21:00")!])
        #expect(quiet == window)
        for text in ["2026-11-23 07:59", "2026-11-23 08:00", "2026-11-23 20:59", "2026-11-23 21:00", "2026-11-23 23:59"] {
            let instant = at(text, shanghai)
            #expect(quiet.nextOpening(atOrAfter: instant, in: shanghai) == window.nextOpening(atOrAfter: instant, in: shanghai))
        }
    }

    @Test("R-TIME-1 across a DST change the window opens at the same wall-clock time (America/New_York, Europe/Berlin)")
    func daylightSaving() {
        let newYork = TimeZone(identifier: "America/New_York")!
        let berlin = TimeZone(identifier: "Europe/Berlin")!
        let windows = ContactWindows.defaultMessages
        // New York springs forward on 2026-03-08: 09:00 EDT is 13:00Z (14:00Z the day before).
        let springOpening = windows.nextOpening(atOrAfter: at("2026-03-07 22:00", newYork), in: newYork)
        #expect(springOpening == Date(timeIntervalSince1970: 1_772_974_800))  // 2026-03-08T13:00:00Z
        #expect(springOpening == at("2026-03-08 09:00", newYork))
        // Berlin falls back on 2026-10-25: 09:00 CET is 08:00Z (07:00Z the day before).
        let fallOpening = windows.nextOpening(atOrAfter: at("2026-10-24 23:00", berlin), in: berlin)
        #expect(fallOpening == Date(timeIntervalSince1970: 1_792_915_200))  // 2026-10-25T08:00:00Z
        // A window that opens inside the spring-forward gap opens when the gap ends.
        let gap = ContactWindows([TimeWindow("02:30-04:00")!])
        let opening = gap.nextOpening(atOrAfter: at("2026-03-08 01:00", newYork), in: newYork)
        #expect(opening == at("2026-03-08 03:00", newYork))
    }

    @Test("R-TIME-1 time windows parse HH:MM-HH:MM and reject nonsense")
    func parsing() {
        #expect(TimeWindow("09:00-21:00")?.description == "09:00-21:00")
        #expect(TimeWindow("21:00-24:00") != nil)
        #expect(TimeWindow("9:00-21:00") == nil)
        #expect(TimeWindow("09:00-09:00") == nil)
        #expect(TimeWindow("25:00-26:00") == nil)
        #expect(TimeWindow("09:00") == nil)
    }
}

@Suite struct ChineseCalendarTests {
    @Test("R-TIME-4 Spring Festival (1/1) and Mid-Autumn (8/15) fall on the right Gregorian dates, 2024–2028", arguments: [
        (2024, "2024-02-10", "2024-09-17"), (2025, "2025-01-29", "2025-10-06"), (2026, "2026-02-17", "2026-09-25"),
        (2027, "2027-02-06", "2027-09-15"), (2028, "2028-01-26", "2028-10-03"),
    ])
    func festivals(year: Int, springFestival: String, midAutumn: String) {
        #expect(ChineseCalendar.newYear(of: year).description == springFestival)
        #expect(ChineseCalendar.gregorian(of: LunarDate(month: 1, day: 1), lunarYearStartingIn: year)?.description == springFestival)
        #expect(ChineseCalendar.gregorian(of: LunarDate(month: 8, day: 15), lunarYearStartingIn: year)?.description == midAutumn)
    }

    @Test("R-TIME-3 a Gregorian birth date converts to its lunar date, leap months included")
    func lunarOfDate() {
        #expect(ChineseCalendar.lunar(of: LocalDate(iso: "2023-03-31")!) == LunarDate(month: 2, day: 10, isLeapMonth: true))
        #expect(ChineseCalendar.lunar(of: LocalDate(iso: "2025-08-03")!) == LunarDate(month: 6, day: 10, isLeapMonth: true))
        #expect(ChineseCalendar.lunar(of: LocalDate(iso: "2024-09-17")!) == LunarDate(month: 8, day: 15))
    }

    @Test("R-TIME-3 a leap-month birthday is kept in the ordinary month unless the leap month occurs (2023 leap 2nd, 2025 leap 6th)")
    func leapMonthBirthdays() {
        let leapSecond = LunarDate(month: 2, day: 10, isLeapMonth: true)   // born 2023-03-31
        #expect(ChineseCalendar.birthday(leapSecond, lunarYearStartingIn: 2025).description == "2025-03-09")
        let leapSixth = LunarDate(month: 6, day: 10, isLeapMonth: true)    // born 2025-08-03
        #expect(ChineseCalendar.birthday(leapSixth, lunarYearStartingIn: 2025).description == "2025-08-03")
        #expect(ChineseCalendar.birthday(leapSixth, lunarYearStartingIn: 2026).description == "2026-07-23")
        #expect(ChineseCalendar.gregorian(of: leapSixth, lunarYearStartingIn: 2026) == nil, "2026 has no leap 6th month")
    }

    @Test("R-TIME-3 a birthday on day 30 is celebrated on day 29 in a year whose month has no day 30")
    func dayThirty() {
        let born = LunarDate(month: 2, day: 30)                             // 2024's 2nd month has 30 days
        #expect(ChineseCalendar.birthday(born, lunarYearStartingIn: 2024).description == "2024-04-08")
        #expect(ChineseCalendar.gregorian(of: born, lunarYearStartingIn: 2025) == nil)
        #expect(ChineseCalendar.birthday(born, lunarYearStartingIn: 2025).description == "2025-03-28")
        // The 12th month of the lunar year starting in 2026 has 29 days; it ends in 2027.
        #expect(ChineseCalendar.birthday(LunarDate(month: 12, day: 30), lunarYearStartingIn: 2026).description == "2027-02-05")
    }
}
