import Foundation
import Synchronization

/// A small pool of libpq connections (issue 16: `[store] url` "takes a small connection
/// pool"). Each user has a connection to itself until its work returns; connections are made
/// when first needed, and one that broke is closed instead of going back.
public final class PostgresPool: Sendable {
    private let url: String
    private let idle = Mutex<[Connection]>([])
    private let slots: DispatchSemaphore

    /// A connection handed from user to user, never shared at once; it keeps its rewritten
    /// statements between users.
    private final class Connection: @unchecked Sendable {
        let sql: PostgresSQLConnection
        init(_ connection: PostgresConnection) { sql = PostgresSQLConnection(connection) }
    }

    public init(url: String, size: Int = 4) {
        self.url = url
        slots = DispatchSemaphore(value: max(1, size))
    }

    /// Runs `body` with a connection of its own; waits while every connection is in use.
    public func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try withSQLConnection { try body($0.connection) }
    }

    /// The same, as the store's statements use it.
    public func withSQLConnection<T>(_ body: (PostgresSQLConnection) throws -> T) throws -> T {
        slots.wait()
        defer { slots.signal() }
        let lent = try idle.withLock { $0.popLast() } ?? Connection(PostgresConnection(url: url))
        defer { if lent.sql.connection.isHealthy { idle.withLock { $0.append(lent) } } }
        return try body(lent.sql)
    }
}
