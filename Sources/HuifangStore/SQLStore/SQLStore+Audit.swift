import Foundation
import HuifangCore

/// The audit log (R-OPS-2): the statements are `AuditSQL`'s.
extension SQLStore {
    public func audit(_ entry: AuditEntry) throws {
        try write { db in try AuditSQL.append(db, entry) }
    }

    public func auditEntries(customerId: Int64?, since: Date?, scope: AuditScope?, limit: Int) throws -> [AuditEntry] {
        try read { db in try AuditSQL.entries(db, customerId: customerId, since: since, scope: scope, limit: limit) }
    }
}
