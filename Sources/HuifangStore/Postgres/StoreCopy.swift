import Foundation
import GRDB
import HuifangCore

/// A SQLite store copied into an empty PostgreSQL database (issue 16, `admin copy-store`):
/// the way a growing clinic moves to several nodes. One read transaction on SQLite (a
/// consistent picture while the daemon keeps running), one transaction on PostgreSQL, every
/// row of every table, then the row counts compared table by table.
public enum StoreCopy {
    public struct Table: Sendable, Equatable {
        public var name: String
        public var source: Int
        public var copied: Int
    }

    public enum Failure: Error, CustomStringConvertible {
        /// The target holds data already (a table and its row count).
        case notEmpty(String, Int)
        /// A table of the SQLite store the PostgreSQL schema lacks (a build mismatch).
        case missingTable(String)
        /// Counts differ after the copy (the transaction was rolled back).
        case countsDiffer(String, source: Int, target: Int)

        public var description: String {
            switch self {
            case .notEmpty(let table, let rows):
                "the PostgreSQL database is not empty (\(table) holds \(rows) row\(rows == 1 ? "" : "s")); copy into a new, empty database"
            case .missingTable(let table): "the PostgreSQL schema has no table \(table); is this huifangd the same build on both?"
            case .countsDiffer(let table, let source, let target):
                "\(table): \(source) rows in SQLite but \(target) in PostgreSQL after the copy; nothing was kept"
            }
        }
    }

    /// Rows per INSERT (PostgreSQL takes at most 65,535 parameters in one statement).
    static let parameterBudget = 30_000

    /// Copies every table of `source` into the database at `url`, which gets the schema
    /// first; answers each table's counts, equal on both sides.
    public static func copy(from source: SQLiteStore, to url: String) throws -> [Table] {
        let connection = try PostgresConnection(url: url)
        try PostgresMigrator.migrate(connection)
        let target = PostgresSQLConnection(connection)
        return try source.readDatabase { db in
            let tables = try tablesInOrder(db)
            let present = Set(try target.query("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").map { $0.string(0) })
            for table in tables where !present.contains(table) { throw Failure.missingTable(table) }
            for table in tables {
                // The schema's own seed (customer 0, for staff notices) does not count.
                let rows = try target.query("SELECT COUNT(*) FROM \(table)\(table == "customers" ? " WHERE id <> 0" : "")")[0].int(0)
                if rows > 0 { throw Failure.notEmpty(table, rows) }
            }
            return try target.inTransaction {
                var counts: [Table] = []
                for table in tables {
                    // Rows arrive as they were, planning marks included: no trigger rewrites them.
                    try target.execute("ALTER TABLE \(table) DISABLE TRIGGER USER")
                    let copied = try copyRows(of: table, from: db, to: target)
                    try target.execute("ALTER TABLE \(table) ENABLE TRIGGER USER")
                    let source = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
                    let landed = try target.query("SELECT COUNT(*) FROM \(table)")[0].int(0)
                    guard landed == source else { throw Failure.countsDiffer(table, source: source, target: landed) }
                    counts.append(Table(name: table, source: source, copied: copied))
                }
                // New rows continue after the copied ids.
                for table in tables {
                    guard let sequence = try target.query("""
                        SELECT pg_get_serial_sequence(?, column_name) FROM information_schema.columns
                         WHERE table_schema = current_schema() AND table_name = ? AND column_name = 'id'
                        """, table, table).first?.optionalString(0) else { continue }
                    try target.execute("SELECT setval(?, GREATEST((SELECT COALESCE(MAX(id), 0) FROM \(table)), 1))", sequence)
                }
                return counts
            }
        }
    }

    /// Streams one table's rows into multi-row INSERTs; answers how many were inserted (a row
    /// the schema seeded already is skipped).
    private static func copyRows(of table: String, from db: Database, to target: PostgresSQLConnection) throws -> Int {
        let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").map { $0["name"] as String }
        let perRow = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        let batchRows = max(1, parameterBudget / max(1, columns.count))
        let insert = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
        var batch: [SQLValue] = []
        var rowsInBatch = 0
        var inserted = 0
        func flush() throws {
            guard rowsInBatch > 0 else { return }
            inserted += try target.execute(insert + Array(repeating: perRow, count: rowsInBatch).joined(separator: ", ")
                                           + " ON CONFLICT DO NOTHING", batch)
            batch.removeAll(keepingCapacity: true)
            rowsInBatch = 0
        }
        let rows = try Row.fetchCursor(db, sql: "SELECT \(columns.joined(separator: ", ")) FROM \(table)")
        while let row = try rows.next() {
            for value in row.databaseValues {
                switch value.storage {
                case .null: batch.append(.null)
                case .int64(let v): batch.append(.integer(v))
                case .double(let v): batch.append(.real(v))
                case .string(let v): batch.append(.text(v))
                case .blob(let v): batch.append(.blob(Array(v)))
                }
            }
            rowsInBatch += 1
            if rowsInBatch == batchRows { try flush() }
        }
        try flush()
        return inserted
    }

    /// The store's tables, each after the tables its foreign keys name.
    private static func tablesInOrder(_ db: Database) throws -> [String] {
        let names = try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations' ORDER BY name
            """)
        var needs: [String: Set<String>] = [:]
        for name in names {
            needs[name] = Set(try Row.fetchAll(db, sql: "PRAGMA foreign_key_list(\(name))").map { $0["table"] as String })
                .subtracting([name])
        }
        var ordered: [String] = []
        var placed = Set<String>()
        while ordered.count < names.count {
            let ready = names.filter { !placed.contains($0) && (needs[$0] ?? []).isSubset(of: placed) }
            // A cycle would leave nothing ready: place the rest as they come.
            for name in ready.isEmpty ? names.filter({ !placed.contains($0) }) : ready {
                ordered.append(name)
                placed.insert(name)
            }
        }
        return ordered
    }
}
