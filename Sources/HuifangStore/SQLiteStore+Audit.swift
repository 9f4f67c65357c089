import Foundation
import GRDB
import HuifangCore

/// The audit log (R-OPS-2) on SQLite: the statements are `AuditSQL`'s, shared with PostgreSQL.
extension SQLiteStore {
    public func audit(_ entry: AuditEntry) throws {
        try write { db in try AuditSQL.append(GRDBSQLConnection(db), entry) }
    }

    public func auditEntries(customerId: Int64?, since: Date?, limit: Int) throws -> [AuditEntry] {
        try read { db in try AuditSQL.entries(GRDBSQLConnection(db), customerId: customerId, since: since, limit: limit) }
    }
}
