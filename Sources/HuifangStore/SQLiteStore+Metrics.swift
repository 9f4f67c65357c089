import Foundation
import GRDB
import HuifangCore

/// The figures `/metrics` reads at each scrape; both are answered from the
/// (channel, status, due_at) index.
extension SQLiteStore {
    public func messageCounts() throws -> [String: [MessageStatus: Int]] {
        try read { db in
            var counts: [String: [MessageStatus: Int]] = [:]
            for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT channel, status, COUNT(*) FROM messages GROUP BY channel, status")) {
                guard let status = MessageStatus(rawValue: row[1]) else { continue }
                counts[row[0], default: [:]][status] = row[2]
            }
            return counts
        }
    }

    public func deliveredCounts(since: Date) throws -> [String: Int] {
        try read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db.cachedStatement(sql: """
                SELECT channel, COUNT(*) FROM messages WHERE status = 'delivered' AND delivered_at >= ? GROUP BY channel
                """), arguments: [since.unixMillis]) {
                counts[row[0]] = row[1]
            }
            return counts
        }
    }

    public func dueBacklog(now: Date) throws -> [String: (count: Int, oldest: Date)] {
        try read { db in
            var backlog: [String: (count: Int, oldest: Date)] = [:]
            for row in try Row.fetchAll(db.cachedStatement(sql: """
                SELECT channel, COUNT(*), MIN(due_at) FROM messages
                 WHERE status IN ('pending', 'failed') AND due_at <= ? GROUP BY channel
                """), arguments: [now.unixMillis]) {
                backlog[row[0]] = (row[1], Date(unixMillis: row[2]))
            }
            return backlog
        }
    }
}
