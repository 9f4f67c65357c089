import Foundation
import HuifangCore
import HuifangStore
import Logging
import Synchronization

/// The store `[store]` names, opened for this node: a SQLite file held by this process alone
/// (its lock file), or a PostgreSQL database shared with other nodes (issue 16), where one
/// node at a time runs the periodic planners.
final class OpenedStore {
    let store: any Store
    /// The SQLite store, for what only it has (backups, the file watch); nil on PostgreSQL.
    let sqlite: SQLiteStore?
    /// Whether this node runs the periodic planners now.
    let leads: @Sendable () -> Bool
    private let lock: StoreLock?

    init(_ settings: HuifangConfig.Store, logger: Logger) throws {
        if let url = settings.url {
            store = try PostgresStore(url: url, poolSize: settings.pool)
            sqlite = nil
            lock = nil
            // Leases other nodes hold are theirs; this node's own from a run it did not end
            // cleanly come back when they expire, as any node's do.
            let leadership = PostgresLeadership(url: url, key: Self.plannersKey)
            let leading = LeadershipNote(logger: logger)
            leads = {
                let now = leadership.tryLead()
                leading.note(now)
                return now
            }
        } else {
            lock = try StoreLock(storePath: settings.path)
            let sqlite = try SQLiteStore(path: settings.path)
            // The lock says no other process uses the file: whatever is in flight was this
            // store's previous run's.
            let released = try sqlite.rescueExpiredLeases(now: .distantFuture)
            if released > 0 { logger.notice("returned messages left in flight by the previous run", metadata: ["huifang.count": "\(released)"]) }
            store = sqlite
            self.sqlite = sqlite
            leads = { true }
        }
    }

    /// The advisory lock key the planners' leader holds ("huifang" in its first bytes).
    static let plannersKey: Int64 = 0x6875_6966_616E_6701
}

/// Logs when this node starts or stops leading the planners, once per change.
private final class LeadershipNote: Sendable {
    private let logger: Logger
    private let leading = Mutex<Bool?>(nil)

    init(logger: Logger) { self.logger = logger }

    func note(_ now: Bool) {
        let changed = leading.withLock { was in
            defer { was = now }
            return was != now
        }
        guard changed else { return }
        if now {
            logger.notice("this node now runs the periodic planners (it holds the PostgreSQL advisory lock)")
        } else {
            logger.notice("another node runs the periodic planners; this one delivers and answers commands")
        }
    }
}

extension HuifangConfig.Store {
    /// The store as a log line or `status` names it (a PostgreSQL URL without its password).
    var described: String { url.map(PostgresConnection.redacted) ?? path }
}
