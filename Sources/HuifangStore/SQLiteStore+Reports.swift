import Foundation
import GRDB
import HuifangCore

/// Reads for reports (R-REP).
extension SQLiteStore {
    public func tasksDue(from: Date, to: Date) throws -> [StaffTask] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM tasks WHERE due_at >= ? AND due_at < ? ORDER BY assignee, due_at, id",
                             arguments: [from.unixMillis, to.unixMillis]).map(Self.task(from:))
        }
    }

    public func deadMessages(from: Date, to: Date, limit: Int) throws -> [Message] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM messages WHERE status = 'dead' AND updated_at >= ? AND updated_at < ? ORDER BY updated_at DESC LIMIT ?
                """, arguments: [from.unixMillis, to.unixMillis, limit]).map(Self.message(from:))
        }
    }

    public func complaintsReceived(from: Date, to: Date) throws -> [Complaint] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM complaints WHERE received_at >= ? AND received_at < ? ORDER BY received_at",
                             arguments: [from.unixMillis, to.unixMillis]).map(Self.complaint(from:))
        }
    }

    public func purchaseTotals(from: Date, to: Date) throws -> (count: Int, amountMinor: Int64) {
        try read { db in
            let row = try Row.fetchOne(db, sql: "SELECT COUNT(*), COALESCE(SUM(amount_minor), 0) FROM purchases WHERE at >= ? AND at < ?",
                                       arguments: [from.unixMillis, to.unixMillis])
            return (row?[0] ?? 0, row?[1] ?? 0)
        }
    }
}
