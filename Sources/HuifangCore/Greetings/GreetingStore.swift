import Foundation

/// What incremental greeting planning needs of the store: each customer keeps the first
/// local day on which they have a greeting still to plan, behind an index, so a run reads
/// only the customers whose day has come (and those changed since, whose day is 0).
public protocol GreetingStore {
    /// The customers whose day is on or before `throughDay` (YYYYMMDD), by an index range.
    func occasionsDue(throughDay: Int64) throws -> [PlanningMark]
    /// Sets each customer's next day, unless it changed since it was read (an edit in
    /// between sets it to 0 and wins). Returns how many were set.
    @discardableResult
    func setNextOccasions(_ updates: [(mark: PlanningMark, next: Int64)]) throws -> Int
    /// When the greeting settings differ from those last planned with (`fingerprint`), every
    /// customer is to be worked out again; returns whether that happened.
    @discardableResult
    func resetOccasions(unlessPlannedWith fingerprint: String) throws -> Bool
}

/// Local days as the store keeps them: 2026-11-28 is 20261128; ordered as the dates are.
public enum LocalDay {
    /// No greeting to plan, ever (until something changes).
    public static let never: Int64 = 99_991_231

    public static func number(_ date: LocalDate) -> Int64 { Int64(date.year * 10_000 + date.month * 100 + date.day) }

    /// The local date of `instant` in `zone`.
    public static func of(_ instant: Date, in zone: TimeZone) -> LocalDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        return LocalDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }

    /// The latest local date anywhere on Earth at `instant` (UTC+14).
    public static func latest(at instant: Date) -> LocalDate {
        of(instant, in: TimeZone(secondsFromGMT: 14 * 3600)!)
    }

    public static func adding(_ days: Int, to date: LocalDate) -> LocalDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day))!
        return of(calendar.date(byAdding: .day, value: days, to: start)!, in: calendar.timeZone)
    }
}
