import Foundation
import HuifangCore

/// Sealed health records (R-CUS-2) as statements over `SQLConnection`, the same on SQLite
/// and PostgreSQL (issue 16). The store sees only ciphertext.
enum HealthSQL {
    private static let columns = "customer_id, key_id, sealed, updated_at"

    static func sealed(_ db: any SQLConnection, customerId: Int64) throws -> SealedHealth? {
        try db.query("SELECT \(columns) FROM health_records WHERE customer_id = ?", customerId).first.map(sealed(from:))
    }

    static func save(_ db: any SQLConnection, _ record: SealedHealth) throws {
        try db.execute("""
            INSERT INTO health_records (customer_id, key_id, sealed, updated_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (customer_id) DO UPDATE SET key_id = excluded.key_id, sealed = excluded.sealed,
                updated_at = excluded.updated_at
            """, record.customerId, record.keyId, record.box, record.updatedAt.unixMillis)
    }

    /// How many records each key sealed.
    static func keyIds(_ db: any SQLConnection) throws -> [String: Int] {
        Dictionary(uniqueKeysWithValues: try db.query("SELECT key_id, COUNT(*) FROM health_records GROUP BY key_id")
            .map { ($0.string(0), Int($0.int64(1))) })
    }

    static func all(_ db: any SQLConnection) throws -> [SealedHealth] {
        try db.query("SELECT \(columns) FROM health_records ORDER BY customer_id").map(sealed(from:))
    }

    private static func sealed(from row: SQLRow) -> SealedHealth {
        SealedHealth(customerId: row.int64(0), keyId: row.string(1), box: row.data(2), updatedAt: Date(unixMillis: row.int64(3)))
    }
}
