import Foundation
import GRDB
import HuifangCore

/// The audit log (R-OPS-2): append-only.
extension SQLiteStore {
    public func audit(_ entry: AuditEntry) throws {
        try write { db in
            try db.cachedStatement(sql: """
                INSERT INTO audit_log (at, uid, role, command, customer_id, outcome, detail, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [entry.at.unixMillis, entry.uid.map { Int64($0) }, entry.role, entry.command,
                                         entry.customerId, entry.outcome.rawValue, entry.detail, entry.actor])
        }
    }

    public func auditEntries(customerId: Int64?, since: Date?, limit: Int) throws -> [AuditEntry] {
        try read { db in
            var sql = "SELECT at, uid, role, command, customer_id, outcome, detail, actor FROM audit_log WHERE 1 = 1"
            var arguments: StatementArguments = []
            if let customerId {
                sql += " AND customer_id = ?"
                arguments += [customerId]
            }
            if let since {
                sql += " AND at >= ?"
                arguments += [since.unixMillis]
            }
            sql += " ORDER BY at DESC, id DESC LIMIT ?"
            arguments += [limit]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                AuditEntry(at: Date(unixMillis: row[0]), uid: (row[1] as Int64?).map { UInt32($0) }, role: row[2], command: row[3],
                           customerId: row[4], outcome: AuditEntry.Outcome(rawValue: row[5]) ?? .error, detail: row[6], actor: row[7])
            }
        }
    }
}
