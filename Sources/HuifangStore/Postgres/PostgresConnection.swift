import CLibPQ
import Foundation

/// One synchronous connection to PostgreSQL through libpq (issue 16: the store port is
/// synchronous, as GRDB is, and libpq's blocking API fits it without bridging async code).
/// Parameters and results travel as text, bound by position (`$1`, `$2`, …): the driver
/// above converts Swift values. Not shared between threads: a pool hands each out to one
/// user at a time.
public final class PostgresConnection {
    private let connection: OpaquePointer
    /// Statements prepared on this session, by their text (parsed and planned once).
    private var prepared: [String: String] = [:]
    private var preparedCount = 0
    /// Beyond this many, statements run unprepared (an `IN` list of each length is a text of its own).
    private static let preparedLimit = 256

    /// Connects to `url` (`postgresql:///huifang?host=/run/postgresql`, or key=value words).
    public init(url: String) throws(PostgresError) {
        guard let connection = PQconnectdb(url) else {
            throw PostgresError(sqlState: nil, message: "libpq could not allocate a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.text(PQerrorMessage(connection))
            PQfinish(connection)
            throw PostgresError(sqlState: nil, message: "cannot connect to \(Self.redacted(url)): \(message)")
        }
        self.connection = connection
        // Notices (a table already there, say) are not errors: nothing is printed for them.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
    }

    deinit { PQfinish(connection) }

    /// Runs one statement with text parameters (nil is NULL) and returns its rows as text.
    /// With `prepare`, the statement is prepared on this session the first time and run as
    /// prepared after (the store's statements, which repeat).
    @discardableResult
    public func execute(_ sql: String, _ parameters: [String?] = [], prepare: Bool = false) throws(PostgresError) -> PostgresRows {
        do {
            return try run(sql, parameters, prepare: prepare)
        } catch where prepare && error.sqlState == Self.cachedPlanChanged {
            // Another node changed the schema under a prepared statement: prepare it afresh.
            try forget(sql)
            return try run(sql, parameters, prepare: true)
        }
    }

    /// SQLSTATE of "cached plan must not change result type" (a table altered since preparing).
    private static let cachedPlanChanged = "0A000"

    private func forget(_ sql: String) throws(PostgresError) {
        guard let name = prepared.removeValue(forKey: sql) else { return }
        try run("DEALLOCATE \(name)", [], prepare: false)
    }

    private func run(_ sql: String, _ parameters: [String?], prepare: Bool) throws(PostgresError) -> PostgresRows {
        let name = prepare ? try preparedName(sql) : nil
        let result = Self.withCStrings(parameters) { values in
            if let name {
                PQexecPrepared(connection, name, Int32(parameters.count), values, nil, nil, 0)
            } else {
                PQexecParams(connection, sql, Int32(parameters.count), nil, values, nil, nil, 0)
            }
        }
        guard let result else { throw PostgresError(sqlState: nil, message: Self.text(PQerrorMessage(connection))) }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK:
            return PostgresRows(result)
        default:
            throw Self.failure(result)
        }
    }

    /// Runs a query and hands its rows to `body` one at a time as they arrive (libpq's
    /// single-row mode), so a million rows are never held at once. An error of the server,
    /// or one `body` throws, ends it: the rest of the answer is read and dropped first, so
    /// the session is ready for its next statement.
    public func stream(_ sql: String, _ parameters: [String?], prepare: Bool = false, _ body: (PostgresRows) throws -> Void) throws {
        var delivered = false
        do {
            try streamOnce(sql, parameters, prepare: prepare) { rows in
                delivered = true
                try body(rows)
            }
        } catch let error as PostgresError where prepare && !delivered && error.sqlState == Self.cachedPlanChanged {
            try forget(sql)
            try streamOnce(sql, parameters, prepare: true, body)
        }
    }

    private func streamOnce(_ sql: String, _ parameters: [String?], prepare: Bool, _ body: (PostgresRows) throws -> Void) throws {
        let name = prepare ? try preparedName(sql) : nil
        let sent = Self.withCStrings(parameters) { values in
            if let name {
                PQsendQueryPrepared(connection, name, Int32(parameters.count), values, nil, nil, 0)
            } else {
                PQsendQueryParams(connection, sql, Int32(parameters.count), nil, values, nil, nil, 0)
            }
        }
        guard sent == 1 else { throw PostgresError(sqlState: nil, message: Self.text(PQerrorMessage(connection))) }
        PQsetSingleRowMode(connection)
        var failure: (any Error)?
        while let result = PQgetResult(connection) {
            defer { PQclear(result) }
            guard failure == nil else { continue }
            switch PQresultStatus(result) {
            case PGRES_SINGLE_TUPLE:
                do { try body(PostgresRows(result)) } catch { failure = error }
            case PGRES_TUPLES_OK, PGRES_COMMAND_OK:
                break
            default:
                failure = Self.failure(result)
            }
        }
        if let failure { throw failure }
    }

    /// The session's name for `sql`, prepared now if it is new; nil past the limit.
    private func preparedName(_ sql: String) throws(PostgresError) -> String? {
        if let name = prepared[sql] { return name }
        guard prepared.count < Self.preparedLimit else { return nil }
        preparedCount += 1
        let name = "hf\(preparedCount)"
        guard let result = PQprepare(connection, name, sql, 0, nil) else {
            throw PostgresError(sqlState: nil, message: Self.text(PQerrorMessage(connection)))
        }
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COMMAND_OK else { throw Self.failure(result) }
        prepared[sql] = name
        return name
    }

    /// Runs a script of several statements without parameters (a migration).
    public func executeScript(_ sql: String) throws(PostgresError) {
        guard let result = PQexec(connection, sql) else {
            throw PostgresError(sqlState: nil, message: Self.text(PQerrorMessage(connection)))
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY: return
        default: throw Self.failure(result)
        }
    }

    private static func failure(_ result: OpaquePointer) -> PostgresError {
        let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
        let message = PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
            ?? text(PQresultErrorMessage(result))
        return PostgresError(sqlState: state, message: message)
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            _ = try? execute("ROLLBACK")
            throw error
        }
    }

    /// Whether the session still stands; libpq notices a broken one when a call fails.
    public var isHealthy: Bool { PQstatus(connection) == CONNECTION_OK }

    /// The server's major version number (15 for PostgreSQL 15.x).
    public var serverVersion: Int { Int(PQserverVersion(connection)) / 10_000 }

    private static func text(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "unknown error"
    }

    /// A URL as it may be logged: any password replaced.
    public static func redacted(_ url: String) -> String {
        url.replacingOccurrences(of: #"(://[^:/@]*:)[^@]*@"#, with: "$1***@", options: .regularExpression)
            .replacingOccurrences(of: #"password=[^&\s]*"#, with: "password=***", options: .regularExpression)
    }

    private static func withCStrings<R>(_ values: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        let copies = values.map { $0.map { strdup($0) } ?? nil }
        defer { copies.forEach { free($0) } }
        return body(copies.map { $0.map { UnsafePointer($0) } })
    }
}

/// A statement's answer: column names and each row's values as text (nil for NULL), and how
/// many rows a command changed.
public struct PostgresRows: Sendable {
    public let columns: [String]
    /// Each column's type (its `pg_type` oid: 20 bigint, 25 text, 16 boolean, …).
    public let types: [UInt32]
    public let rows: [[String?]]
    public let affected: Int

    init(_ result: OpaquePointer) {
        let count = Int(PQntuples(result)), width = Int(PQnfields(result))
        columns = (0..<width).map { String(cString: PQfname(result, Int32($0))) }
        types = (0..<width).map { UInt32(PQftype(result, Int32($0))) }
        rows = (0..<count).map { row in
            (0..<width).map { column in
                PQgetisnull(result, Int32(row), Int32(column)) == 1 ? nil
                    : String(cString: PQgetvalue(result, Int32(row), Int32(column)))
            }
        }
        affected = Int(String(cString: PQcmdTuples(result))) ?? 0
    }
}

/// What PostgreSQL refused, with its SQLSTATE (`23505` a unique violation, `40001` a
/// serialization failure) when the server gave one.
public struct PostgresError: Error, Equatable, CustomStringConvertible {
    public let sqlState: String?
    public let message: String

    public var description: String { sqlState.map { "\(message) (SQLSTATE \($0))" } ?? message }
}
