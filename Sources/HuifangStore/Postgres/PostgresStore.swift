import Foundation
import HuifangCore

/// The PostgreSQL driver of the `Store` port (issue 16, R-OPS-5): the same queries as
/// SQLite's (`SQLStore`), on a small pool of libpq connections, so several huifangd nodes can
/// share one database. Claims skip rows another node holds (`FOR UPDATE SKIP LOCKED`).
///
/// Inside `unitOfWork`, every call on this thread (or task) uses the unit's connection and
/// its one transaction, as on SQLite.
public final class PostgresStore: SQLStore {
    public let pool: PostgresPool
    public let url: String

    /// Opens the pool and brings the schema up to this build's (under an advisory lock, so
    /// nodes starting together migrate once).
    public init(url: String, poolSize: Int = 4) throws {
        self.url = url
        pool = PostgresPool(url: url, size: poolSize)
        try pool.withConnection { try PostgresMigrator.migrate($0) }
    }

    /// Migrations applied to this database, oldest first.
    public func appliedMigrations() throws -> [String] {
        try pool.withConnection { try PostgresMigrator.applied($0) }
    }

    public func unitOfWork<T>(_ body: () throws -> T) throws -> T {
        if ambient != nil { return try body() }
        return try pool.withSQLConnection { db in
            try db.inTransaction {
                try AmbientTransaction.run(store: self, connection: db, body)
            }
        }
    }

    public func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        if let db = ambient { return try body(db) }
        return try pool.withSQLConnection { db in try body(db) }
    }

    public func write<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        if let db = ambient { return try db.inTransaction { try body(db) } }
        return try pool.withSQLConnection { db in try db.inTransaction { try body(db) } }
    }

    /// Erased rows' old versions stay in the table's pages until autovacuum reclaims them;
    /// nothing to do at once (the operator's `pg_dump` backups age out by their own rules).
    public func afterErasure() throws {}

    /// The connection of the unit of work this thread is in, for this store.
    private var ambient: PostgresSQLConnection? { AmbientTransaction.connection(of: self, as: PostgresSQLConnection.self) }
}
