import Foundation
import GRDB
import GRDBSQLite

/// `SQLConnection` on a GRDB database connection (SQLite). Statements are prepared once and
/// cached by their text, as the store's hot paths need.
///
/// GRDB prepares and caches them (and owns their lifetime); the store's values are bound
/// and its rows read with `sqlite3_*` directly. Through `StatementArguments`, `Row` and
/// `DatabaseValue` every value was converted twice, about a third of an insert's time.
/// What that skips of GRDB is its observation of statements, which the store does not use
/// (no `TransactionObserver` or `ValueObservation`; `afterNextTransaction` rides SQLite's
/// commit hook), and its check that a transaction was not rolled back under it, which is
/// done here.
public final class GRDBSQLConnection: SQLConnection {
    private let db: Database
    private let connection: OpaquePointer?
    /// Whether this connection was opened inside a transaction (a unit of work, a read).
    private let inTransaction: Bool
    public var dialect: SQLDialect { .sqlite }

    public init(_ db: Database) {
        self.db = db
        connection = db.sqliteConnection
        inTransaction = connection.map { sqlite3_get_autocommit($0) == 0 } ?? false
    }

    public func execute(_ sql: String, _ arguments: [SQLValue]) throws(SQLError) -> Int {
        let statement = try prepared(sql, arguments).sqliteStatement
        defer { sqlite3_reset(statement) }
        while true {
            switch sqlite3_step(statement) {
            case SQLITE_DONE: return Int(sqlite3_changes(connection))
            case SQLITE_ROW: continue
            case let code: throw failure(code)
            }
        }
    }

    public func query(_ sql: String, _ arguments: [SQLValue]) throws(SQLError) -> [SQLRow] {
        var rows: [SQLRow] = []
        try each(sql, arguments) { row in
            rows.append(row)
            return true
        }
        return rows
    }

    public func forEach(_ sql: String, _ arguments: [SQLValue], _ body: (SQLRow) throws -> Void) throws {
        // The database's errors as SQLError; the body's own pass as they are.
        var thrown: (any Error)?
        try each(sql, arguments) { row in
            do {
                try body(row)
                return true
            } catch {
                thrown = error
                return false
            }
        }
        if let thrown { throw thrown }
    }

    /// Steps the statement, handing over each row, until it is done or `body` answers false.
    private func each(_ sql: String, _ arguments: [SQLValue], _ body: (SQLRow) -> Bool) throws(SQLError) {
        let prepared = try prepared(sql, arguments)
        let statement = prepared.sqliteStatement
        defer { sqlite3_reset(statement) }
        let count = sqlite3_column_count(statement)
        var columns: SQLColumns?
        while true {
            switch sqlite3_step(statement) {
            case SQLITE_DONE:
                return
            case SQLITE_ROW:
                var values: [SQLValue] = []
                values.reserveCapacity(Int(count))
                for column in 0..<count { values.append(Self.value(statement, column)) }
                if columns == nil { columns = SQLColumns(prepared.columnNames) }
                guard body(SQLRow(values, columns: columns)) else { return }
            case let code:
                throw failure(code)
            }
        }
    }

    /// The cached statement for `sql`, reset, with `arguments` bound.
    private func prepared(_ sql: String, _ arguments: [SQLValue]) throws(SQLError) -> Statement {
        if inTransaction, let connection, sqlite3_get_autocommit(connection) != 0 {
            // SQLite rolls a transaction back by itself on some errors (a full disk); what
            // follows must not run outside it.
            throw SQLError(.other, "the transaction was rolled back after an earlier error")
        }
        let statement: Statement
        do {
            statement = try db.cachedStatement(sql: sql)
        } catch {
            throw Self.mapped(error)
        }
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        guard Int(sqlite3_bind_parameter_count(handle)) == arguments.count else {
            throw SQLError(.other, "wrong number of statement arguments: \(arguments.count) for \(sqlite3_bind_parameter_count(handle)) in \(sql)")
        }
        for (offset, value) in arguments.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .null:
                code = sqlite3_bind_null(handle, index)
            case .integer(let value):
                code = sqlite3_bind_int64(handle, index, value)
            case .real(let value):
                code = sqlite3_bind_double(handle, index, value)
            case .text(var value):
                code = value.withUTF8 { text in
                    // A NULL pointer would bind NULL, not the empty string.
                    text.isEmpty ? sqlite3_bind_text(handle, index, "", 0, Self.transient)
                        : sqlite3_bind_text(handle, index, text.baseAddress, Int32(text.count), Self.transient)
                }
            case .blob(let value):
                code = value.isEmpty ? sqlite3_bind_zeroblob(handle, index, 0)
                    : value.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), Self.transient) }
            }
            guard code == SQLITE_OK else { throw failure(code) }
        }
        return statement
    }

    /// SQLite copies what is bound (`SQLITE_TRANSIENT`).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private static func value(_ statement: OpaquePointer, _ column: Int32) -> SQLValue {
        switch sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(statement, column))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(statement, column))
        case SQLITE_TEXT:
            let bytes = Int(sqlite3_column_bytes(statement, column))
            guard let text = sqlite3_column_text(statement, column) else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: bytes), as: UTF8.self))
        case SQLITE_BLOB:
            let bytes = Int(sqlite3_column_bytes(statement, column))
            guard let blob = sqlite3_column_blob(statement, column), bytes > 0 else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: blob, count: bytes)))
        default:
            return .null
        }
    }

    private func failure(_ code: Int32) -> SQLError {
        let extended = connection.map { sqlite3_extended_errcode($0) } ?? code
        let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "SQLite error \(code)"
        switch extended {
        case 2067, 1555:  // SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY
            return SQLError(.uniqueViolation, message)
        case _ where extended & 0xFF == SQLITE_BUSY || extended & 0xFF == SQLITE_LOCKED:
            return SQLError(.busy, message)
        default:
            return SQLError(.other, message)
        }
    }

    public func inTransaction<T>(_ body: () throws -> T) throws -> T {
        var value: T?
        try db.inSavepoint {
            value = try body()
            return .commit
        }
        return value!
    }

    private static func mapped(_ error: any Error) -> SQLError {
        guard let error = error as? DatabaseError else { return SQLError(.other, "\(error)") }
        switch error.extendedResultCode {
        case .SQLITE_CONSTRAINT_UNIQUE, .SQLITE_CONSTRAINT_PRIMARYKEY: return SQLError(.uniqueViolation, error.message ?? "\(error)")
        case .SQLITE_BUSY, .SQLITE_LOCKED: return SQLError(.busy, error.message ?? "\(error)")
        default: return SQLError(.other, error.message ?? "\(error)")
        }
    }
}
