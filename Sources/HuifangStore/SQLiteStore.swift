import Foundation
import GRDB
import HuifangCore

/// The SQLite adapter of the `Store` port. Queries live in one extension per table
/// (`SQLiteStore+Customers`, `+Messages`, `+Delivery`).
public final class SQLiteStore: Store {
    public let pool: DatabasePool

    public init(path: String) throws {
        pool = try AppDatabase.open(path: path)
    }

    /// Migrations applied to this file, oldest first.
    public func appliedMigrations() throws -> [String] {
        try pool.read { db in try Migrations.migrator.appliedMigrations(db) }
    }

    public static var knownMigrations: [String] { Migrations.known }

    public func integrityCheck() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }
}
