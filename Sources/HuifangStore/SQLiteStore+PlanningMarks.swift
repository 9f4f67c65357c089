import Foundation
import GRDB
import HuifangCore

/// Incremental planning (`GreetingStore`, `RetentionStore`): each customer's mark for the
/// greeting planner (`next_greeting_at`) and for retention upkeep (`next_retention_at`),
/// each behind an index, set to 0 by triggers when what the planner depends on changes
/// (migration 0027). The house account (id 0) is never read.
extension SQLiteStore {
    public func greetingsDue(now: Date) throws -> [PlanningMark] {
        try marksDue(.greeting, through: now.unixMillis)
    }

    @discardableResult
    public func setNextOccasions(_ updates: [(mark: PlanningMark, next: Int64)]) throws -> Int {
        try setMarks(.greeting, updates)
    }

    @discardableResult
    public func resetOccasions(unlessPlannedWith fingerprint: String) throws -> Bool {
        try resetMarks(.greeting, unlessPlannedWith: fingerprint)
    }

    public func retentionDue(now: Date) throws -> [PlanningMark] {
        try marksDue(.retention, through: now.unixMillis)
    }

    @discardableResult
    public func setNextRetention(_ updates: [(mark: PlanningMark, next: Int64)]) throws -> Int {
        try setMarks(.retention, updates)
    }

    @discardableResult
    public func resetRetention(unlessPlannedWith fingerprint: String) throws -> Bool {
        try resetMarks(.retention, unlessPlannedWith: fingerprint)
    }

    private enum MarkColumn: String {
        case greeting = "next_greeting_at"
        case retention = "next_retention_at"

        var index: String { self == .greeting ? "customers_next_greeting" : "customers_next_retention" }
        /// The `planner_state` row holding the settings last planned with.
        var settingsName: String { self == .greeting ? "greetings.settings" : "retention.settings" }
    }

    /// The customers whose mark is at most `through`, by an index range.
    private func marksDue(_ column: MarkColumn, through: Int64) throws -> [PlanningMark] {
        try read { db in
            // Through a cursor, straight into 16-byte marks: a holiday morning reads a million,
            // and a million GRDB rows held at once cost some 150 MB.
            let rows = try Row.fetchCursor(db, sql: """
                SELECT id, \(column.rawValue) FROM customers INDEXED BY \(column.index)
                WHERE \(column.rawValue) <= ? AND id > 0
                """, arguments: [through])
            var marks: [PlanningMark] = []
            while let row = try rows.next() {
                marks.append(PlanningMark(customerId: row[0], value: row[1]))
            }
            return marks
        }
    }

    /// Moves marks on, unless one changed since it was read (an edit in between set it to 0
    /// and wins); returns how many were set.
    private func setMarks(_ column: MarkColumn, _ updates: [(mark: PlanningMark, next: Int64)]) throws -> Int {
        guard updates.contains(where: { $0.next != $0.mark.value }) else { return 0 }
        return try write { db in
            let statement = try db.cachedStatement(sql: "UPDATE customers SET \(column.rawValue) = ? WHERE id = ? AND \(column.rawValue) = ?")
            var changed = 0
            for (mark, next) in updates where next != mark.value {
                try statement.execute(arguments: [next, mark.customerId, mark.value])
                changed += db.changesCount
            }
            return changed
        }
    }

    /// Every mark back to 0 when the settings differ from those last planned with.
    private func resetMarks(_ column: MarkColumn, unlessPlannedWith fingerprint: String) throws -> Bool {
        try write { db in
            let stored = try String.fetchOne(db, sql: "SELECT value FROM planner_state WHERE name = ?", arguments: [column.settingsName])
            guard stored != fingerprint else { return false }
            try db.execute(sql: "UPDATE customers SET \(column.rawValue) = 0 WHERE \(column.rawValue) <> 0")
            try db.execute(sql: "INSERT OR REPLACE INTO planner_state (name, value) VALUES (?, ?)", arguments: [column.settingsName, fingerprint])
            return true
        }
    }
}
