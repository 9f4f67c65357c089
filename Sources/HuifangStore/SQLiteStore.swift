import Foundation
import GRDB
import HuifangCore

/// The SQLite adapter of the `Store` port. Queries live in one extension per table
/// (`SQLiteStore+Customers`, `+Messages`, `+Delivery`).
///
/// Every query goes through `read` and `write`. Inside `unitOfWork` they join the unit's
/// one transaction (a write as a savepoint), so a command's changes and its audit row
/// commit together or not at all.
extension SQLiteStore {
    /// Whether a store error means the disk is full (SQLITE_FULL).
    public static func isDiskFull(_ error: any Error) -> Bool {
        (error as? DatabaseError)?.resultCode == .SQLITE_FULL
    }
}

public final class SQLiteStore: Store {
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
        try read { db in try Migrations.migrator.appliedMigrations(db) }
    }

    public static var knownMigrations: [String] { Migrations.known }

    public func integrityCheck() throws -> String {
        try read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }

    // MARK: - Transactions

    public func unitOfWork<T>(_ body: () throws -> T) throws -> T {
        if ambient != nil { return try body() }
        return try writer.write { db in
            try AmbientTransaction.$current.withValue(AmbientTransaction(store: ObjectIdentifier(self), db: db)) {
                try body()
            }
        }
    }

    /// The transaction of the unit of work this thread is in, for this store.
    var ambient: Database? {
        guard let current = AmbientTransaction.current, current.store == ObjectIdentifier(self) else { return nil }
        return current.db
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        if let db = ambient { return try body(db) }
        return try writer.read(body)
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        guard let db = ambient else { return try writer.write(body) }
        var result: T?
        try db.inSavepoint {
            result = try body(db)
            return .commit
        }
        return result!
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

/// The open transaction of a unit of work, bound to the thread (or task) running it.
final class AmbientTransaction: @unchecked Sendable {
    @TaskLocal static var current: AmbientTransaction?

    let store: ObjectIdentifier
    /// Used only on the thread that opened the unit of work, inside its `write`.
    let db: Database

    init(store: ObjectIdentifier, db: Database) {
        self.store = store
        self.db = db
    }
}

extension Array {
    /// The array in pieces of at most `size` (SQLite limits the parameters of one statement).
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
