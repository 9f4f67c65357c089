import Foundation
import GRDB

/// `SQLConnection` on a GRDB database connection (SQLite). Statements are prepared once and
/// cached by their text, as the store's hot paths need.
public final class GRDBSQLConnection: SQLConnection {
    private let db: Database
    public var dialect: SQLDialect { .sqlite }

    public init(_ db: Database) { self.db = db }

    public func execute(_ sql: String, _ arguments: [SQLValue]) throws(SQLError) -> Int {
        do {
            try db.cachedStatement(sql: sql).execute(arguments: Self.arguments(arguments))
            return db.changesCount
        } catch {
            throw Self.mapped(error)
        }
    }

    public func query(_ sql: String, _ arguments: [SQLValue]) throws(SQLError) -> [SQLRow] {
        do {
            let statement = try db.cachedStatement(sql: sql)
            let rows = try Row.fetchCursor(statement, arguments: Self.arguments(arguments))
            let columns = SQLColumns(statement.columnNames)
            var answer: [SQLRow] = []
            while let row = try rows.next() {
                answer.append(SQLRow(row.databaseValues.map(Self.value), columns: columns))
            }
            return answer
        } catch {
            throw Self.mapped(error)
        }
    }

    public func forEach(_ sql: String, _ arguments: [SQLValue], _ body: (SQLRow) throws -> Void) throws {
        let rows: RowCursor
        let columns: SQLColumns
        do {
            let statement = try db.cachedStatement(sql: sql)
            rows = try Row.fetchCursor(statement, arguments: Self.arguments(arguments))
            columns = SQLColumns(statement.columnNames)
        } catch {
            throw Self.mapped(error)
        }
        while true {
            let row: Row?
            do {
                row = try rows.next()
            } catch {
                throw Self.mapped(error)   // the database's errors as SQLError; the body's own pass as they are
            }
            guard let row else { return }
            try body(SQLRow(row.databaseValues.map(Self.value), columns: columns))
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

    private static func arguments(_ values: [SQLValue]) -> StatementArguments {
        StatementArguments(values.map { value -> DatabaseValue in
            switch value {
            case .null: .null
            case .integer(let v): v.databaseValue
            case .real(let v): v.databaseValue
            case .text(let v): v.databaseValue
            case .blob(let v): Data(v).databaseValue
            }
        })
    }

    private static func value(_ value: DatabaseValue) -> SQLValue {
        switch value.storage {
        case .null: .null
        case .int64(let v): .integer(v)
        case .double(let v): .real(v)
        case .string(let v): .text(v)
        case .blob(let v): .blob(Array(v))
        }
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
