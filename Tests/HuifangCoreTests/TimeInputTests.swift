import Foundation
import HuifangCore
import Testing

@Suite struct TimeInputTests {
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    static let newYork = TimeZone(identifier: "America/New_York")!
    // 2026-11-27 16:30 UTC: already 00:30 on Saturday 11-28 in Shanghai (the local day crossed midnight).
    static let now = ISO8601DateFormatter().date(from: "2026-11-27T16:30:00Z")!

    static func iso(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test("R-PPL-1 times as people type them, read in the clinic's zone; relative days count from the local date, not UTC's",
          arguments: [
              ("2026-11-28 15:00", "2026-11-28T07:00:00Z"),
              ("2026/11/28 15:00", "2026-11-28T07:00:00Z"),
              ("2026-11-28 15:00:30", "2026-11-28T07:00:30Z"),
              ("2026-11-28T15:00", "2026-11-28T07:00:00Z"),
              ("11-28 15:00", "2026-11-28T07:00:00Z"),
              ("11-27 15:00", "2027-11-27T07:00:00Z"),      // that day has passed locally: next year
              ("15:00", "2026-11-28T07:00:00Z"),            // today is the local 11-28
              ("00:10", "2026-11-27T16:10:00Z"),
              ("明天 09:00", "2026-11-29T01:00:00Z"),
              ("明天09:00", "2026-11-29T01:00:00Z"),
              ("tomorrow 09:00", "2026-11-29T01:00:00Z"),
              ("今天 23:59", "2026-11-28T15:59:00Z"),
              ("后天 08:30", "2026-11-30T00:30:00Z"),
              ("2026-11-28", "2026-11-27T16:00:00Z"),
              ("2026-11-28T15:00:00+09:00", "2026-11-28T06:00:00Z"),
              ("2026-11-28T07:00:00Z", "2026-11-28T07:00:00Z"),
          ])
    func forms(text: String, expected: String) throws {
        #expect(try TimeInput.parse(text, zone: Self.shanghai, now: Self.now).get() == Self.iso(expected))
    }

    @Test("R-PPL-1 in a DST zone (America/New_York) a wall time in the gap or the overlap is refused, saying why; around it the offset follows the date")
    func daylightSaving() throws {
        let now = Self.iso("2026-02-01T12:00:00Z")
        #expect(try TimeInput.parse("2026-03-08 01:30", zone: Self.newYork, now: now).get() == Self.iso("2026-03-08T06:30:00Z"))
        #expect(try TimeInput.parse("2026-03-08 03:30", zone: Self.newYork, now: now).get() == Self.iso("2026-03-08T07:30:00Z"))
        #expect(TimeInput.parse("2026-03-08 02:30", zone: Self.newYork, now: now)
                == .failure(.doesNotExist("2026-03-08 02:30", zone: "America/New_York")))
        guard case .failure(let overlap) = TimeInput.parse("11-01 01:30", zone: Self.newYork, now: now) else {
            Issue.record("an hour that happens twice was taken")
            return
        }
        #expect(overlap == .ambiguous("2026-11-01 01:30", zone: "America/New_York", offsets: ["-04:00", "-05:00"]))
        #expect(overlap.description.contains("happens twice in America/New_York"))
        #expect(try TimeInput.parse("2026-11-01T01:30:00-05:00", zone: Self.newYork, now: now).get() == Self.iso("2026-11-01T06:30:00Z"),
                "with the offset it is clear")
        #expect(try TimeInput.parse("2026-07-01 12:00", zone: Self.newYork, now: now).get() == Self.iso("2026-07-01T16:00:00Z"))
    }

    @Test("R-PPL-1 nonsense and impossible dates are refused with the forms that work", arguments: [
        "", "soon", "25:00", "2026-02-30 10:00", "13-01 10:00", "明天", "2026-11-28 15", "11/28/2026 3pm",
    ])
    func refused(text: String) {
        guard case .failure(let error) = TimeInput.parse(text, zone: Self.shanghai, now: Self.now) else {
            Issue.record("'\(text)' was taken as a time")
            return
        }
        #expect(!error.description.isEmpty)
    }

    @Test("R-PPL-1 a calendar date: full, month-day (next year once passed), today and tomorrow in the local day")
    func dates() {
        #expect(TimeInput.date("2026-12-01", zone: Self.shanghai, now: Self.now) == LocalDate(year: 2026, month: 12, day: 1))
        #expect(TimeInput.date("11-28", zone: Self.shanghai, now: Self.now) == LocalDate(year: 2026, month: 11, day: 28))
        #expect(TimeInput.date("11-27", zone: Self.shanghai, now: Self.now) == LocalDate(year: 2027, month: 11, day: 27))
        #expect(TimeInput.date("今天", zone: Self.shanghai, now: Self.now) == LocalDate(year: 2026, month: 11, day: 28))
        #expect(TimeInput.date("tomorrow", zone: Self.shanghai, now: Self.now) == LocalDate(year: 2026, month: 11, day: 29))
        #expect(TimeInput.date("2026-02-30", zone: Self.shanghai, now: Self.now) == nil)
    }
}
