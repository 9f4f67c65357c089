import Foundation
import GRDB
import HuifangCore

/// The SQLite driver of the `Store` port: a WAL file through GRDB. The queries are
/// `SQLStore`'s, shared with PostgreSQL; here are what only SQLite has (its file, migrations,
/// integrity check, WAL checkpoints, backups in `Backups.swift`).
extension SQLiteStore {
    /// Whether a store error means the disk is full (SQLITE_FULL).
    public static func isDiskFull(_ error: any Error) -> Bool {
        (error as? DatabaseError)?.resultCode == .SQLITE_FULL
    }
}

public final class SQLiteStore: SQLStore {
    /// The database: a WAL pool on a file (the service), or any other GRDB writer (an
    /// in-memory queue in tests).
    public let writer: any DatabaseWriter

    public init(path: String) throws {
        writer = try AppDatabase.open(path: path)
    }

    /// A store on `writer`, migrated first.
    public init(writer: any DatabaseWriter) throws {
        try Migrations.migrator.migrate(writer)
        self.writer = writer
    }

    /// A private in-memory store, for tests of the store contract.
    public static func inMemory() throws -> SQLiteStore {
        try SQLiteStore(writer: DatabaseQueue(configuration: AppDatabase.configuration()))
    }

    /// Migrations applied to this file, oldest first.
    public func appliedMigrations() throws -> [String] {
        try readDatabase { db in try Migrations.migrator.appliedMigrations(db) }
    }

    public static var knownMigrations: [String] { Migrations.known }

    public func integrityCheck() throws -> String {
        try readDatabase { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }

    // MARK: - Transactions

    public func unitOfWork<T>(_ body: () throws -> T) throws -> T {
        if ambient != nil { return try body() }
        return try writer.write { db in
            try AmbientTransaction.run(store: self, connection: db, body)
        }
    }

    /// The transaction of the unit of work this thread is in, for this store.
    var ambient: Database? { AmbientTransaction.connection(of: self, as: Database.self) }

    public func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try readDatabase { db in try body(GRDBSQLConnection(db)) }
    }

    public func write<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try writeDatabase { db in try body(GRDBSQLConnection(db)) }
    }

    /// A read on GRDB's own terms, for what only SQLite has.
    public func readDatabase<T>(_ body: (Database) throws -> T) throws -> T {
        if let db = ambient { return try body(db) }
        return try writer.read(body)
    }

    func writeDatabase<T>(_ body: (Database) throws -> T) throws -> T {
        guard let db = ambient else { return try writer.write(body) }
        var result: T?
        try db.inSavepoint {
            result = try body(db)
            return .commit
        }
        return result!
    }

    /// The store runs with `secure_delete`, so erased text is zeroed in the file; until a
    /// checkpoint the WAL still holds earlier images of the customer's pages.
    public func afterErasure() throws {
        try afterCommit { db in
            _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
    }

    /// Runs `body` outside any transaction once the current one has committed (a WAL
    /// checkpoint), or at once when there is none.
    func afterCommit(_ body: @escaping @Sendable (Database) throws -> Void) throws {
        if let db = ambient {
            db.afterNextTransaction(onCommit: { db in try? body(db) })
        } else {
            try writer.writeWithoutTransaction { db in try body(db) }
        }
    }
}
