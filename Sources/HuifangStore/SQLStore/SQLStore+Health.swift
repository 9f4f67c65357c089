import Foundation
import HuifangCore

/// Sealed health records (R-CUS-2): the statements are `HealthSQL`'s.
extension SQLStore {
    public func sealedHealth(customerId: Int64) throws -> SealedHealth? {
        try read { db in try HealthSQL.sealed(db, customerId: customerId) }
    }

    public func saveSealedHealth(_ record: SealedHealth) throws {
        try write { db in try HealthSQL.save(db, record) }
    }

    public func healthKeyIds() throws -> [String: Int] {
        try read { db in try HealthSQL.keyIds(db) }
    }

    public func allSealedHealth() throws -> [SealedHealth] {
        try read { db in try HealthSQL.all(db) }
    }
}
