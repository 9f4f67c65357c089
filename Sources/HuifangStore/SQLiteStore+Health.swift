import Foundation
import GRDB
import HuifangCore

/// Sealed health records (R-CUS-2). The store sees only ciphertext.
extension SQLiteStore {
    public func sealedHealth(customerId: Int64) throws -> SealedHealth? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT customer_id, key_id, sealed, updated_at FROM health_records WHERE customer_id = ?",
                             arguments: [customerId]).map(Self.sealedHealth)
        }
    }

    public func saveSealedHealth(_ record: SealedHealth) throws {
        try write { db in
            try db.execute(sql: """
                INSERT INTO health_records (customer_id, key_id, sealed, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (customer_id) DO UPDATE SET key_id = excluded.key_id, sealed = excluded.sealed,
                    updated_at = excluded.updated_at
                """, arguments: [record.customerId, record.keyId, record.box, record.updatedAt.unixMillis])
        }
    }

    public func healthKeyIds() throws -> [String: Int] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT key_id, COUNT(*) FROM health_records GROUP BY key_id")
            return Dictionary(uniqueKeysWithValues: rows.map { ($0[0] as String, $0[1] as Int) })
        }
    }

    public func allSealedHealth() throws -> [SealedHealth] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT customer_id, key_id, sealed, updated_at FROM health_records ORDER BY customer_id")
                .map(Self.sealedHealth)
        }
    }

    private static func sealedHealth(_ row: Row) -> SealedHealth {
        SealedHealth(customerId: row[0], keyId: row[1], box: row[2], updatedAt: Date(unixMillis: row[3]))
    }
}
