import Foundation
import GRDB
@testable import HuifangStore
import HuifangTestSupport
import Testing

/// The two databases the SQL layer runs on (issue 16), for tests that run the same
/// statements on both: a SQLite file through GRDB, and a throwaway PostgreSQL cluster.
enum SQLDriver: String, CaseIterable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { self == .sqlite ? "SQLite (GRDB)" : "PostgreSQL (libpq)" }

    /// Runs `body` on a fresh, empty database of this driver; with `migrated`, one holding
    /// the store's schema (SQLite's migrations, or PostgreSQL's baseline).
    func withConnection(migrated: Bool = false, _ body: (any SQLConnection) throws -> Void) throws {
        switch self {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("hf-sql-\(UUID().uuidString).sqlite").path
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
            AppDatabase.tuneLibrary()
            if migrated { _ = try SQLiteStore(path: path) }
            try DatabaseQueue(path: path).writeWithoutTransaction { db in try body(GRDBSQLConnection(db)) }
        case .postgres:
            try PostgresCluster.withDatabase { url in
                let connection = try PostgresConnection(url: url)
                if migrated { try PostgresMigrator.migrate(connection) }
                try body(PostgresSQLConnection(connection))
            }
        }
    }
}

extension SQLConnection {
    /// A bare customer row with the given id (and planning marks), for tests of one area.
    func insertCustomer(_ id: Int64, marks: Int64 = 0) throws {
        try execute("""
            INSERT INTO customers (id, name, locale, time_zone, created_at, updated_at, next_greeting_at, next_retention_at)
            VALUES (?, ?, 'zh-Hans', 'Asia/Shanghai', 0, 0, ?, ?)
            """, id, "客户\(id)", marks, marks)
    }
}
