import Foundation
import GRDB
import HuifangCore

/// Keeping customers (R-KEEP-1…3).
extension SQLiteStore {
    public func retentionFacts(since: Date) throws -> [RetentionFacts] {
        try read { db in try Self.retentionFacts(db, since: since, customerIds: nil) }
    }

    public func retentionFacts(customerIds: [Int64], since: Date) throws -> [RetentionFacts] {
        guard !customerIds.isEmpty else { return [] }
        return try read { db in
            // Chunks keep the statement under SQLite's variable limit.
            try stride(from: 0, to: customerIds.count, by: 500).flatMap { start in
                try Self.retentionFacts(db, since: since, customerIds: Array(customerIds[start..<min(start + 500, customerIds.count)]))
            }
        }
    }

    /// Visits and spend since `since`, last visit and membership, per customer with a visit:
    /// of every customer, or of `customerIds` only.
    private static func retentionFacts(_ db: Database, since: Date, customerIds: [Int64]?) throws -> [RetentionFacts] {
        let only = customerIds.map { " AND v.customer_id IN (\(Array(repeating: "?", count: $0.count).joined(separator: ",")))" } ?? ""
        return try Row.fetchAll(db, sql: """
            SELECT v.customer_id, MAX(v.ended_at),
                   SUM(CASE WHEN v.ended_at >= ?1 THEN 1 ELSE 0 END),
                   SUM(CASE WHEN v.ended_at >= ?1 THEN v.amount_minor ELSE 0 END)
                     + COALESCE((SELECT SUM(p.amount_minor) FROM purchases p WHERE p.customer_id = v.customer_id AND p.at >= ?1), 0),
                   EXISTS (SELECT 1 FROM loyalty_accounts a WHERE a.customer_id = v.customer_id AND a.tier IS NOT NULL)
            FROM visits v JOIN customers c ON c.id = v.customer_id
            WHERE c.erased_at IS NULL AND c.id > 0\(only)
            GROUP BY v.customer_id ORDER BY v.customer_id
            """, arguments: StatementArguments([since.unixMillis] + (customerIds ?? []))).map { row in
            RetentionFacts(customerId: row[0], visits12m: row[2], spend12mMinor: row[3],
                           lastVisit: Date(unixMillis: row[1]), member: row[4])
        }
    }

    public func arrears(customerId: Int64) throws -> Arrears? {
        try read { db in try Self.arrears(customerId, db) }
    }

    public func allArrears() throws -> [Arrears] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM arrears WHERE owed_minor > 0 ORDER BY customer_id").map(Self.arrears(from:))
        }
    }

    public func setArrears(customerId: Int64, owedMinor: Int64, now: Date) throws -> Arrears? {
        try write { db in
            if owedMinor == 0 {
                try db.execute(sql: "DELETE FROM arrears WHERE customer_id = ?", arguments: [customerId])
                return nil
            }
            // A balance that grows or shrinks keeps its start and its reminders; a new one starts now.
            try db.execute(sql: """
                INSERT INTO arrears (customer_id, owed_minor, since) VALUES (?, ?, ?)
                ON CONFLICT (customer_id) DO UPDATE SET owed_minor = excluded.owed_minor
                """, arguments: [customerId, owedMinor, now.unixMillis])
            return try Self.arrears(customerId, db)
        }
    }

    public func payArrears(customerId: Int64, amountMinor: Int64) throws -> ArrearsPayment {
        try write { db in
            // The check and the subtraction are one statement: no read-modify-write race.
            try db.execute(sql: "UPDATE arrears SET owed_minor = owed_minor - ? WHERE customer_id = ? AND owed_minor >= ?",
                           arguments: [amountMinor, customerId, amountMinor])
            guard db.changesCount > 0 else {
                let owed = try Self.arrears(customerId, db)?.owedMinor ?? 0
                return amountMinor == 0 ? .paid(remaining: nil) : .exceedsBalance(owedMinor: owed)
            }
            try db.execute(sql: "DELETE FROM arrears WHERE customer_id = ? AND owed_minor = 0", arguments: [customerId])
            return .paid(remaining: try Self.arrears(customerId, db))
        }
    }

    public func recordArrearsReminder(customerId: Int64, number: Int, suspend: Bool, message: Message?) throws -> Bool {
        try write { db in
            try db.execute(sql: """
                UPDATE arrears SET reminders_sent = ?, suspended = suspended OR ? WHERE customer_id = ? AND reminders_sent < ? AND owed_minor > 0
                """, arguments: [number, suspend, customerId, number])
            guard db.changesCount > 0 else { return false }
            if let message { try Self.insert(message, into: db, orIgnore: true) }
            return true
        }
    }

    private static func arrears(_ customerId: Int64, _ db: Database) throws -> Arrears? {
        try Row.fetchOne(db, sql: "SELECT * FROM arrears WHERE customer_id = ?", arguments: [customerId]).map(arrears(from:))
    }

    private static func arrears(from row: Row) -> Arrears {
        Arrears(customerId: row["customer_id"], owedMinor: row["owed_minor"], since: Date(unixMillis: row["since"]),
                remindersSent: row["reminders_sent"], suspended: row["suspended"])
    }
}
