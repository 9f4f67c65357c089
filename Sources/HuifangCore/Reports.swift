import Foundation

/// The store port for reports (R-REP): reads over a time range, nothing more.
public protocol ReportStore: Sendable {
    /// Tasks (any status) due in [from, to), for completion rates.
    func tasksDue(from: Date, to: Date) throws -> [StaffTask]
    /// Messages that became dead in [from, to), latest first.
    func deadMessages(from: Date, to: Date, limit: Int) throws -> [Message]
    /// Complaints received in [from, to) (R-CMP-6), oldest first.
    func complaintsReceived(from: Date, to: Date) throws -> [Complaint]
    /// Purchases in [from, to): how many and their sum in minor units.
    func purchaseTotals(from: Date, to: Date, branch: String?) throws -> (count: Int, amountMinor: Int64)
    /// Issue 16: the home branch of each of these customers that has one.
    func customerBranches(ids: [Int64]) throws -> [Int64: String]
}

/// How one staff member did with the follow-ups due in a period (R-REP-2).
public struct StaffCompletion: Hashable, Sendable {
    public var staff: String
    public var due: Int
    public var done: Int
    public var noAnswer: Int
    public var abnormal: Int
    public var open: Int
    public var cancelled: Int

    public init(staff: String, due: Int, done: Int, noAnswer: Int, abnormal: Int, open: Int, cancelled: Int) {
        self.staff = staff
        self.due = due
        self.done = done
        self.noAnswer = noAnswer
        self.abnormal = abnormal
        self.open = open
        self.cancelled = cancelled
    }

    /// Done (any outcome reached) over due, cancelled tasks not counted; 1 when nothing was due.
    public var completionRate: Double {
        let counted = due - cancelled
        return counted == 0 ? 1 : Double(done + noAnswer + abnormal) / Double(counted)
    }

    public static func summarize(_ tasks: [StaffTask]) -> [StaffCompletion] {
        var byStaff: [String: StaffCompletion] = [:]
        for task in tasks {
            var entry = byStaff[task.assignee] ?? StaffCompletion(staff: task.assignee, due: 0, done: 0, noAnswer: 0, abnormal: 0, open: 0, cancelled: 0)
            entry.due += 1
            switch task.status {
            case .done: entry.done += 1
            case .noAnswer: entry.noAnswer += 1
            case .abnormal: entry.abnormal += 1
            case .open: entry.open += 1
            case .cancelled: entry.cancelled += 1
            }
            byStaff[task.assignee] = entry
        }
        return byStaff.values.sorted { $0.staff < $1.staff }
    }
}

/// The local day `date` falls in, in `zone`: [start, end).
public func localDay(of date: Date, in zone: TimeZone) -> (start: Date, end: Date) {
    let calendar = ContactWindows.calendar(zone)
    let start = calendar.startOfDay(for: date)
    return (start, calendar.date(byAdding: .day, value: 1, to: start) ?? start.addingTimeInterval(86_400))
}

/// When the daily and weekly reports go to the report channel (R-REP-4).
public struct ReportSchedule: Hashable, Sendable {
    /// Local time in the clinic's zone.
    public var dailyAt: LocalTime
    /// 1 = Sunday … 7 = Saturday (Foundation's numbering); the weekly report goes that day.
    public var weeklyDay: Int

    public static let weekdays = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]

    public init(dailyAt: LocalTime, weeklyDay: Int) {
        self.dailyAt = dailyAt
        self.weeklyDay = weeklyDay
    }

    /// The reports due by `now` today (in `zone`): ("daily" | "weekly", the day, when due).
    public func due(now: Date, zone: TimeZone) -> [(kind: String, day: LocalDate, at: Date)] {
        let calendar = ContactWindows.calendar(zone)
        let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: now)
        guard let year = parts.year, let month = parts.month, let dayOfMonth = parts.day,
              let at = calendar.date(from: DateComponents(year: year, month: month, day: dayOfMonth,
                                                          hour: min(dailyAt.hour, 23), minute: dailyAt.hour == 24 ? 59 : dailyAt.minute)),
              now >= at, let day = LocalDate(year: year, month: month, day: dayOfMonth) else { return [] }
        var due = [(kind: "daily", day: day, at: at)]
        if parts.weekday == weeklyDay { due.append((kind: "weekly", day: day, at: at)) }
        return due
    }
}
