import Foundation
import HuifangCore

/// The figures `/metrics` reads at each scrape: the statements are `MetricsSQL`'s.
extension SQLStore {
    public func messageCounts() throws -> [String: [MessageStatus: Int]] {
        try read { db in try MetricsSQL.messageCounts(db) }
    }

    public func deliveredCounts(since: Date) throws -> [String: Int] {
        try read { db in try MetricsSQL.deliveredCounts(db, since: since) }
    }

    public func dueBacklog(now: Date) throws -> [String: (count: Int, oldest: Date)] {
        try read { db in try MetricsSQL.dueBacklog(db, now: now) }
    }
}
