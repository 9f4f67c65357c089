import Foundation

/// Which SQL a connection speaks, where the two differ (`INSERT OR IGNORE` against
/// `ON CONFLICT DO NOTHING`, `INDEXED BY`, upserts' spelling).
public enum SQLDialect: Sendable, Equatable {
    case sqlite
    case postgres
}

/// What a store statement needs from a database, the same on SQLite (through GRDB) and on
/// PostgreSQL (through libpq): statements written once with `?` placeholders (or `?1`,
/// `?2` to use one argument twice), typed values, the rows a change touched, and nested
/// transactions (a savepoint inside one). Issue 16's store is written against this, so each
/// query exists once.
public protocol SQLConnection: AnyObject {
    var dialect: SQLDialect { get }

    /// Runs a statement; answers how many rows it changed.
    @discardableResult
    func execute(_ sql: String, _ arguments: [SQLValue]) throws(SQLError) -> Int

    /// Runs a query; answers its rows.
    func query(_ sql: String, _ arguments: [SQLValue]) throws(SQLError) -> [SQLRow]

    /// Runs a query and hands each row to `body` as it is read (a million rows need not be
    /// held at once: SQLite steps a cursor, libpq runs in single-row mode).
    func forEach(_ sql: String, _ arguments: [SQLValue], _ body: (SQLRow) throws -> Void) throws

    /// Runs `body` in a transaction (a savepoint when one is open): committed when it
    /// returns, rolled back when it throws.
    func inTransaction<T>(_ body: () throws -> T) throws -> T
}

extension SQLConnection {
    @discardableResult
    public func execute(_ sql: String, _ arguments: SQLArgument...) throws(SQLError) -> Int {
        try execute(sql, arguments.map(\.sqlValue))
    }

    public func query(_ sql: String, _ arguments: SQLArgument...) throws(SQLError) -> [SQLRow] {
        try query(sql, arguments.map(\.sqlValue))
    }

    /// Runs an INSERT into a table with an `id` key and answers the new row's id (SQLite's
    /// rowid, PostgreSQL's identity), by `RETURNING id` on both.
    public func insert(_ sql: String, _ arguments: SQLArgument...) throws(SQLError) -> Int64 {
        try query(sql + " RETURNING id", arguments.map(\.sqlValue)).first?.int64(0) ?? 0
    }
}

/// What a database refused, in the terms the store acts on.
public struct SQLError: Error, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// A UNIQUE or PRIMARY KEY constraint (SQLite's SQLITE_CONSTRAINT_UNIQUE, PostgreSQL's 23505).
        case uniqueViolation
        /// Another writer holds what is needed (SQLITE_BUSY, PostgreSQL's 40001 / 40P01).
        case busy
        case other
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
