import Foundation

/// When each periodic job is due: a pure state machine. `due(now:)` answers the jobs to run
/// now and marks them run; `nextWake` says when to look again. A job runs at once on start,
/// then every `every` seconds; a job that failed runs again on its next turn.
struct UpkeepSchedule: Sendable, Equatable {
    struct Entry: Sendable, Equatable {
        let name: String
        var every: TimeInterval
        var lastRun: Date?
    }

    private(set) var entries: [Entry]

    init(_ jobs: [(name: String, every: TimeInterval)]) {
        entries = jobs.map { Entry(name: $0.name, every: $0.every, lastRun: nil) }
    }

    /// Takes new intervals (a reload), keeping when each job last ran.
    mutating func reschedule(_ every: (String) -> TimeInterval?) {
        for index in entries.indices {
            if let interval = every(entries[index].name) { entries[index].every = interval }
        }
    }

    /// Makes a job due at once (a trigger: a customer was added).
    mutating func requestNow(_ name: String) {
        if let index = entries.firstIndex(where: { $0.name == name }) { entries[index].lastRun = nil }
    }

    /// The jobs due at `now`, in declaration order; they count as run at `now`.
    mutating func due(now: Date) -> [String] {
        var names: [String] = []
        for index in entries.indices {
            let entry = entries[index]
            guard entry.lastRun.map({ now.timeIntervalSince($0) >= entry.every }) ?? true else { continue }
            entries[index].lastRun = now
            names.append(entry.name)
        }
        return names
    }

    /// When the next job falls due (`now`, if one never ran); a minute on when there are none.
    func nextWake(after now: Date) -> Date {
        entries.map { entry in entry.lastRun.map { $0.addingTimeInterval(entry.every) } ?? now }.min()
            ?? now.addingTimeInterval(60)
    }
}
