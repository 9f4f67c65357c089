import Foundation
import HuifangCore

/// Reads for reports (R-REP).
extension SQLStore {
    public func tasksDue(from: Date, to: Date) throws -> [StaffTask] {
        try read { db in
            try db.query("SELECT * FROM tasks WHERE due_at >= ? AND due_at < ? ORDER BY assignee, due_at, id",
                         from.unixMillis, to.unixMillis).map(Self.task(from:))
        }
    }

    public func deadMessages(from: Date, to: Date, limit: Int) throws -> [Message] {
        try read { db in
            try db.query("""
                SELECT \(Self.messageColumns) FROM messages WHERE status = 'dead' AND updated_at >= ? AND updated_at < ?
                 ORDER BY updated_at DESC LIMIT ?
                """, from.unixMillis, to.unixMillis, limit).map(Self.message(from:))
        }
    }

    public func complaintsReceived(from: Date, to: Date) throws -> [Complaint] {
        try read { db in
            try db.query("SELECT * FROM complaints WHERE received_at >= ? AND received_at < ? ORDER BY received_at",
                         from.unixMillis, to.unixMillis).map(Self.complaint(from:))
        }
    }

    public func purchaseTotals(from: Date, to: Date) throws -> (count: Int, amountMinor: Int64) {
        try read { db in
            let row = try db.query("SELECT COUNT(*), COALESCE(SUM(amount_minor), 0) FROM purchases WHERE at >= ? AND at < ?",
                                   from.unixMillis, to.unixMillis).first
            return (row?.int(0) ?? 0, row?.int64(1) ?? 0)
        }
    }
}
