import Foundation
import GRDB
import HuifangCore

/// Sealed health records (R-CUS-2) on SQLite: the statements are `HealthSQL`'s, shared with
/// PostgreSQL.
extension SQLiteStore {
    public func sealedHealth(customerId: Int64) throws -> SealedHealth? {
        try read { db in try HealthSQL.sealed(GRDBSQLConnection(db), customerId: customerId) }
    }

    public func saveSealedHealth(_ record: SealedHealth) throws {
        try write { db in try HealthSQL.save(GRDBSQLConnection(db), record) }
    }

    public func healthKeyIds() throws -> [String: Int] {
        try read { db in try HealthSQL.keyIds(GRDBSQLConnection(db)) }
    }

    public func allSealedHealth() throws -> [SealedHealth] {
        try read { db in try HealthSQL.all(GRDBSQLConnection(db)) }
    }
}
