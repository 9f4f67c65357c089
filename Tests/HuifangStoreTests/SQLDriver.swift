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
