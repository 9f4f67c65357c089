import Foundation
import HuifangCore

/// The planners' marks (`GreetingStore`, `RetentionStore`, `LoyaltyStore`) as statements
/// over `SQLConnection`, the same on SQLite and PostgreSQL (issue 16): each customer's mark
/// for the greeting planner (`next_greeting_at`) and for retention upkeep
/// (`next_retention_at`), and each membership's for its review (`next_review_at`), behind an
/// index, made due by triggers when what the planner depends on changes (-1, -2, …: a
/// value no read had, so a run that read the mark before the change cannot move it on). The
/// house account (id 0) is never read.
enum PlanningMarksSQL {
    enum Column: String {
        case greeting = "next_greeting_at"
        case retention = "next_retention_at"
        case loyaltyReview = "next_review_at"

        /// The table holding the mark, and its key (a customer id).
        var table: String { self == .loyaltyReview ? "loyalty_accounts" : "customers" }
        var key: String { self == .loyaltyReview ? "customer_id" : "id" }
        var index: String {
            switch self {
            case .greeting: "customers_next_greeting"
            case .retention: "customers_next_retention"
            case .loyaltyReview: "loyalty_accounts_next_review"
            }
        }
        /// The `planner_state` row holding the settings last planned with.
        var settingsName: String {
            switch self {
            case .greeting: "greetings.settings"
            case .retention: "retention.settings"
            case .loyaltyReview: "membership.review.settings"
            }
        }
    }

    /// The customers whose mark is at most `through`, by an index range, read a row at a time
    /// into 16-byte marks (a holiday morning reads a million).
    static func due(_ db: any SQLConnection, _ column: Column, through: Int64) throws -> [PlanningMark] {
        // SQLite's planner is told the index; PostgreSQL's chooses it from its statistics.
        let index = db.dialect == .sqlite ? " INDEXED BY \(column.index)" : ""
        var marks: [PlanningMark] = []
        let sql = "SELECT \(column.key), \(column.rawValue) FROM \(column.table)\(index) WHERE \(column.rawValue) <= ? AND \(column.key) > 0"
        try db.forEach(sql, [.integer(through)]) { row in
            marks.append(PlanningMark(customerId: row[0].int64 ?? 0, value: row[1].int64 ?? 0))
        }
        return marks
    }

    /// Moves marks on, unless one changed since it was read (an edit in between made it due
    /// and wins); answers how many were set.
    static func set(_ db: any SQLConnection, _ column: Column, _ updates: [(mark: PlanningMark, next: Int64)]) throws -> Int {
        var changed = 0
        for (mark, next) in updates where next != mark.value {
            changed += try db.execute("UPDATE \(column.table) SET \(column.rawValue) = ? WHERE \(column.key) = ? AND \(column.rawValue) = ?",
                                      next, mark.customerId, mark.value)
        }
        return changed
    }

    /// The fingerprint of the settings the marks were last worked out with.
    static func plannedWith(_ db: any SQLConnection, _ column: Column) throws -> String? {
        try db.query("SELECT value FROM planner_state WHERE name = ?", column.settingsName).first?[0].string
    }

    /// Every mark back to 0 when the settings differ from those last planned with; answers
    /// whether they did.
    ///
    /// A range of `idsPerStatement` customer ids a statement: inside the transaction SQLite
    /// keeps a statement journal of every page a statement changes (in memory, with
    /// `temp_store = MEMORY`), and one statement over a million customers held about 150 MB
    /// of it — a holiday added on a chain's morning.
    static func reset(_ db: any SQLConnection, _ column: Column, unlessPlannedWith fingerprint: String,
                      idsPerStatement: Int64 = 10_000) throws -> Bool {
        guard try plannedWith(db, column) != fingerprint else { return false }
        let bounds = try db.query("SELECT min(\(column.key)), max(\(column.key)) FROM \(column.table)").first
        if let first = bounds?[0].int64, let last = bounds?[1].int64 {
            for low in stride(from: first, through: last, by: Int(idsPerStatement)) {
                try db.execute("""
                    UPDATE \(column.table) SET \(column.rawValue) = 0
                    WHERE \(column.key) >= ? AND \(column.key) < ? AND \(column.rawValue) <> 0
                    """, low, low + idsPerStatement)
            }
        }
        try db.execute("""
            INSERT INTO planner_state (name, value) VALUES (?, ?)
            ON CONFLICT (name) DO UPDATE SET value = excluded.value
            """, column.settingsName, fingerprint)
        return true
    }
}
