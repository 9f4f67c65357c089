import Foundation
import HuifangCore

/// The audit log (R-OPS-2), append-only, as statements over `SQLConnection`, the same on
/// SQLite and PostgreSQL (issue 16).
enum AuditSQL {
    static func append(_ db: any SQLConnection, _ entry: AuditEntry) throws {
        try db.execute("""
            INSERT INTO audit_log (at, uid, role, command, customer_id, outcome, detail, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, entry.at.unixMillis, entry.uid.map { Int64($0) }, entry.role, entry.command, entry.customerId,
            entry.outcome.rawValue, entry.detail, entry.actor)
    }

    /// The newest entries first: of one customer, since a time, and within a branch's scope
    /// (its customers' rows and the caller's own), when given.
    static func entries(_ db: any SQLConnection, customerId: Int64?, since: Date?, scope: AuditScope?, limit: Int) throws -> [AuditEntry] {
        var sql = "SELECT at, uid, role, command, customer_id, outcome, detail, actor FROM audit_log WHERE 1 = 1"
        var arguments: [SQLValue] = []
        if let customerId {
            sql += " AND customer_id = ?"
            arguments.append(.integer(customerId))
        }
        if let since {
            sql += " AND at >= ?"
            arguments.append(.integer(since.unixMillis))
        }
        if let scope {
            var either = [SQLText.customerOfBranch]
            arguments.append(.text(scope.branch))
            if let uid = scope.uid {
                either.append("uid = ?")
                arguments.append(.integer(Int64(uid)))
            }
            if let actor = scope.actor {
                either.append("actor = ?")
                arguments.append(.text(actor))
            }
            sql += " AND (\(either.joined(separator: " OR ")))"
        }
        sql += " ORDER BY at DESC, id DESC LIMIT ?"
        arguments.append(.integer(Int64(limit)))
        return try db.query(sql, arguments).map { row in
            AuditEntry(at: Date(unixMillis: row.int64(0)), uid: row.optionalInt64(1).map { UInt32(truncatingIfNeeded: $0) },
                       role: row.string(2), command: row.string(3), customerId: row.optionalInt64(4),
                       outcome: AuditEntry.Outcome(rawValue: row.string(5)) ?? .error, detail: row.string(6), actor: row.optionalString(7))
        }
    }
}
