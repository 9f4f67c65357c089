import Foundation
import HuifangCore

/// Keeping customers (R-KEEP-1…3).
extension SQLStore {
    public func retentionFacts(since: Date) throws -> [RetentionFacts] {
        try read { db in try Self.retentionFacts(db, since: since, customerIds: nil) }
    }

    public func retentionFacts(customerIds: [Int64], since: Date) throws -> [RetentionFacts] {
        guard !customerIds.isEmpty else { return [] }
        return try read { db in
            // Chunks keep the statement under SQLite's variable limit.
            try customerIds.chunked(500).flatMap { chunk in
                try Self.retentionFacts(db, since: since, customerIds: Array(chunk))
            }
        }
    }

    /// Visits and spend since `since`, last visit and membership, per customer with a visit:
    /// of every customer, or of `customerIds` only.
    private static func retentionFacts(_ db: any SQLConnection, since: Date, customerIds: [Int64]?) throws -> [RetentionFacts] {
        // Numbered, as `?1` is used three times: the list's marks follow it.
        let only = customerIds.map { ids in
            " AND v.customer_id IN (\(ids.indices.map { "?\($0 + 2)" }.joined(separator: ", ")))"
        } ?? ""
        return try db.query("""
            SELECT v.customer_id, MAX(v.ended_at),
                   SUM(CASE WHEN v.ended_at >= ?1 THEN 1 ELSE 0 END),
                   SUM(CASE WHEN v.ended_at >= ?1 THEN v.amount_minor ELSE 0 END)
                     + COALESCE((SELECT SUM(p.amount_minor) FROM purchases p WHERE p.customer_id = v.customer_id AND p.at >= ?1), 0),
                   EXISTS (SELECT 1 FROM loyalty_accounts a WHERE a.customer_id = v.customer_id AND a.tier IS NOT NULL)
            FROM visits v JOIN customers c ON c.id = v.customer_id
            WHERE c.erased_at IS NULL AND c.id > 0\(only)
            GROUP BY v.customer_id ORDER BY v.customer_id
            """, [.integer(since.unixMillis)] + (customerIds ?? []).map(\.sqlValue)).map { row in
            RetentionFacts(customerId: row.int64(0), visits12m: row.int(2), spend12mMinor: row.int64(3),
                           lastVisit: row.date(1), member: row.bool(4))
        }
    }

    public func arrears(customerId: Int64) throws -> Arrears? {
        try read { db in try Self.arrears(customerId, db) }
    }

    public func allArrears() throws -> [Arrears] {
        try read { db in
            try db.query("SELECT * FROM arrears WHERE owed_minor > 0 ORDER BY customer_id").map(Self.arrears(from:))
        }
    }

    public func setArrears(customerId: Int64, owedMinor: Int64, now: Date) throws -> Arrears? {
        try write { db in
            if owedMinor == 0 {
                try db.execute("DELETE FROM arrears WHERE customer_id = ?", customerId)
                return nil
            }
            // A balance that grows or shrinks keeps its start and its reminders; a new one starts now.
            try db.execute("""
                INSERT INTO arrears (customer_id, owed_minor, since) VALUES (?, ?, ?)
                ON CONFLICT (customer_id) DO UPDATE SET owed_minor = excluded.owed_minor
                """, customerId, owedMinor, now.unixMillis)
            return try Self.arrears(customerId, db)
        }
    }

    public func payArrears(customerId: Int64, amountMinor: Int64) throws -> ArrearsPayment {
        try write { db in
            // The check and the subtraction are one statement: no read-modify-write race.
            let paid = try db.execute("UPDATE arrears SET owed_minor = owed_minor - ?1 WHERE customer_id = ?2 AND owed_minor >= ?1",
                                      amountMinor, customerId)
            guard paid > 0 else {
                let owed = try Self.arrears(customerId, db)?.owedMinor ?? 0
                return amountMinor == 0 ? .paid(remaining: nil) : .exceedsBalance(owedMinor: owed)
            }
            try db.execute("DELETE FROM arrears WHERE customer_id = ? AND owed_minor = 0", customerId)
            return .paid(remaining: try Self.arrears(customerId, db))
        }
    }

    public func recordArrearsReminder(customerId: Int64, number: Int, suspend: Bool, message: Message?) throws -> Bool {
        try write { db in
            let recorded = try db.execute("""
                UPDATE arrears SET reminders_sent = ?1, suspended = CASE WHEN ?2 <> 0 THEN 1 ELSE suspended END
                 WHERE customer_id = ?3 AND reminders_sent < ?1 AND owed_minor > 0
                """, number, suspend, customerId)
            guard recorded > 0 else { return false }
            if let message { try Self.insert(message, into: db, orIgnore: true) }
            return true
        }
    }

    private static func arrears(_ customerId: Int64, _ db: any SQLConnection) throws -> Arrears? {
        try db.query("SELECT * FROM arrears WHERE customer_id = ?", customerId).first.map(arrears(from:))
    }

    private static func arrears(from row: SQLRow) -> Arrears {
        Arrears(customerId: row.int64("customer_id"), owedMinor: row.int64("owed_minor"), since: row.date("since"),
                remindersSent: row.int("reminders_sent"), suspended: row.bool("suspended"))
    }
}
