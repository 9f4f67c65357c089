import Foundation

/// One node at a time runs the periodic planners (issue 16, R-OPS-5): the leader holds a
/// session-level advisory lock on a connection of its own. When its process dies, the server
/// ends the session and the lock goes with it, so another node's next `tryLead` takes over;
/// no lease to expire, no clock to trust.
public final class PostgresLeadership: @unchecked Sendable {
    private let url: String
    private let key: Int64
    private var connection: PostgresConnection?
    private let lock = NSLock()

    /// `key` names what is led (one key for all the planners of a store).
    public init(url: String, key: Int64) {
        self.url = url
        self.key = key
    }

    /// Whether this node leads now: it takes the lock when free, keeps it while its session
    /// lives, and reconnects (not leading until it takes the lock again) when the session broke.
    public func tryLead() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        do {
            if connection?.isHealthy != true { connection = try PostgresConnection(url: url) }
            // Held by this session already counts as led (the lock is re-entrant: take it once).
            let held = try connection!.execute("""
                SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()
                                AND granted AND ((classid::bigint << 32) | objid::bigint) = $1)
                """, [String(key)])
            if held.rows.first?.first == "t" { return true }
            return try connection!.execute("SELECT pg_try_advisory_lock($1)", [String(key)]).rows.first?.first == "t"
        } catch {
            connection = nil
            return false
        }
    }

    /// Gives the lead up (a graceful stop), so another node takes it at once.
    public func resign() {
        lock.lock()
        defer { lock.unlock() }
        _ = try? connection?.execute("SELECT pg_advisory_unlock_all()")
    }

    /// This session's server process id (tests end it to play a dead node).
    public var backendPid: Int? {
        lock.lock()
        defer { lock.unlock() }
        return (try? connection?.execute("SELECT pg_backend_pid()").rows.first?.first).flatMap { $0.flatMap { Int($0) } }
    }
}
