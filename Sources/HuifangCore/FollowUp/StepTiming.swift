import Foundation

/// When a protocol step is due, counted from the end of the visit (R-FU). Written in config
/// as `"2h"` (within 2 hours), `"day 1"`, `"day 3-5"` (due on day 3, overdue after day 5),
/// `"2 weeks"`, `"1 month"`, `"6 months"`.
public enum StepTiming: Hashable, Sendable, CustomStringConvertible {
    /// A call due within two hours of the visit is urgent: its notice reaches staff at once.
    public var isWithinTwoHours: Bool {
        if case .withinHours(let hours) = self { return hours <= 2 }
        return false
    }

    /// Due at once, overdue after this many hours.
    case withinHours(Int)
    /// Due on the first day (local), overdue after the end of the last.
    case days(Int, Int)
    case weeks(Int)
    case months(Int)

    public init?(_ text: String) {
        let words = text.lowercased().split(separator: " ").map(String.init)
        if words.count == 1, words[0].hasSuffix("h"), let hours = Int(words[0].dropLast()), hours > 0 {
            self = .withinHours(hours)
        } else if words.count == 2, words[0] == "day" {
            let range = words[1].split(separator: "-").compactMap { Int($0) }
            if range.count == 1, range[0] >= 0 { self = .days(range[0], range[0]) }
            else if range.count == 2, range[0] >= 0, range[1] >= range[0] { self = .days(range[0], range[1]) }
            else { return nil }
        } else if words.count == 2, let n = Int(words[0]), n > 0 {
            switch words[1] {
            case "week", "weeks": self = .weeks(n)
            case "month", "months": self = .months(n)
            default: return nil
            }
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .withinHours(let h): "\(h)h"
        case .days(let a, let b): a == b ? "day \(a)" : "day \(a)-\(b)"
        case .weeks(let n): "\(n) week\(n == 1 ? "" : "s")"
        case .months(let n): "\(n) month\(n == 1 ? "" : "s")"
        }
    }

    /// When the step is due and when it becomes overdue, for a visit that ended at `end`,
    /// in the customer's `zone`. Day-based steps are due at the start of their local day
    /// (the contact window then moves them to an opening) and overdue at the end of the
    /// last day (R-FU-11: "finish today's calls today").
    public func schedule(after end: Date, in zone: TimeZone) -> (due: Date, overdue: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let startOfVisitDay = calendar.startOfDay(for: end)
        func dayStart(_ offset: Int) -> Date { calendar.date(byAdding: .day, value: offset, to: startOfVisitDay)! }
        switch self {
        case .withinHours(let hours):
            return (end, end.addingTimeInterval(Double(hours) * 3600))
        case .days(let first, let last):
            return (max(end, dayStart(first)), dayStart(last + 1))
        case .weeks(let n):
            let day = calendar.date(byAdding: .day, value: 7 * n, to: startOfVisitDay)!
            return (day, calendar.date(byAdding: .day, value: 1, to: day)!)
        case .months(let n):
            let day = calendar.date(byAdding: .month, value: n, to: startOfVisitDay)!
            return (day, calendar.date(byAdding: .day, value: 1, to: day)!)
        }
    }
}
