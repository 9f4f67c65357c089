import Foundation
import GRDB
import HuifangCore

/// The figures `/metrics` reads at each scrape, on SQLite: the statements are `MetricsSQL`'s,
/// shared with PostgreSQL.
extension SQLiteStore {
    public func messageCounts() throws -> [String: [MessageStatus: Int]] {
        try read { db in try MetricsSQL.messageCounts(GRDBSQLConnection(db)) }
    }

    public func deliveredCounts(since: Date) throws -> [String: Int] {
        try read { db in try MetricsSQL.deliveredCounts(GRDBSQLConnection(db), since: since) }
    }

    public func dueBacklog(now: Date) throws -> [String: (count: Int, oldest: Date)] {
        try read { db in try MetricsSQL.dueBacklog(GRDBSQLConnection(db), now: now) }
    }
}
