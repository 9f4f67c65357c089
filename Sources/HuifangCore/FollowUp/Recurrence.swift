import Foundation

/// A repeating recall set by hand (R-FU-8, R-FU-11): `--every 3m` brings a chronic
/// patient back every three months. Written `Nd`, `Nw`, `Nm` or `Ny`; kept in the task's
/// step (`manual/every:3m`), so closing one plans the next.
public struct Recurrence: Hashable, Sendable, CustomStringConvertible {
    public enum Unit: String, Sendable { case d, w, m, y }

    public var count: Int
    public var unit: Unit

    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let last = trimmed.last, let unit = Unit(rawValue: String(last)),
              let count = Int(trimmed.dropLast()), (1...(unit == .d ? 366 : unit == .w ? 104 : unit == .m ? 36 : 5)).contains(count) else {
            return nil
        }
        self.count = count
        self.unit = unit
    }

    public var description: String { "\(count)\(unit.rawValue)" }

    /// The step a repeating manual task carries.
    public var step: String { "manual/every:\(self)" }

    /// The recurrence a task's step names, if any.
    public static func of(step: String) -> Recurrence? {
        guard step.hasPrefix("manual/every:") else { return nil }
        return Recurrence(String(step.dropFirst("manual/every:".count)))
    }

    /// The same wall time, `count` units later, in `zone`.
    public func next(after date: Date, in zone: TimeZone) -> Date {
        let calendar = ContactWindows.calendar(zone)
        let component: Calendar.Component = switch unit {
        case .d: .day
        case .w: .weekOfYear
        case .m: .month
        case .y: .year
        }
        return calendar.date(byAdding: component, value: count, to: date) ?? date.addingTimeInterval(Double(count) * 86_400)
    }
}
