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

    public func purchaseTotals(from: Date, to: Date, branch: String?) throws -> (count: Int, amountMinor: Int64) {
        try read { db in
            var sql = "SELECT COUNT(*), COALESCE(SUM(p.amount_minor), 0) FROM purchases p"
            var arguments: [SQLValue] = []
            if let branch {
                sql += " JOIN customers c ON c.id = p.customer_id AND c.branch = ?"
                arguments.append(.text(branch))
            }
            let row = try db.query(sql + " WHERE p.at >= ? AND p.at < ?", arguments + [.integer(from.unixMillis), .integer(to.unixMillis)]).first
            return (row?.int(0) ?? 0, row?.int64(1) ?? 0)
        }
    }

    public func customerBranches(ids: [Int64]) throws -> [Int64: String] {
        let unique = Array(Set(ids))
        guard !unique.isEmpty else { return [:] }
        return try read { db in
            var found: [Int64: String] = [:]
            for chunk in unique.chunked(500) {
                for row in try db.query("SELECT id, branch FROM customers WHERE branch IS NOT NULL AND id IN (\(SQLText.marks(chunk.count)))",
                                        chunk.map(\.sqlValue)) {
                    found[row.int64(0)] = row.string(1)
                }
            }
            return found
        }
    }
}
