import Foundation
import HuifangCore

/// The figures `/metrics` and `status` read, as statements over `SQLConnection`, the same on
/// SQLite and PostgreSQL (issue 16); answered from the (channel, status, due_at) index.
enum MetricsSQL {
    static func messageCounts(_ db: any SQLConnection) throws -> [String: [MessageStatus: Int]] {
        var counts: [String: [MessageStatus: Int]] = [:]
        try db.forEach("SELECT channel, status, COUNT(*) FROM messages GROUP BY channel, status", []) { row in
            guard let status = MessageStatus(rawValue: row.string(1)) else { return }
            counts[row.string(0), default: [:]][status] = Int(row.int64(2))
        }
        return counts
    }

    static func deliveredCounts(_ db: any SQLConnection, since: Date) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        try db.forEach("""
            SELECT channel, COUNT(*) FROM messages WHERE status = 'delivered' AND delivered_at >= ? GROUP BY channel
            """, [.integer(since.unixMillis)]) { row in
            counts[row.string(0)] = Int(row.int64(1))
        }
        return counts
    }

    static func dueBacklog(_ db: any SQLConnection, now: Date) throws -> [String: (count: Int, oldest: Date)] {
        var backlog: [String: (count: Int, oldest: Date)] = [:]
        try db.forEach("""
            SELECT channel, COUNT(*), MIN(due_at) FROM messages
             WHERE status IN ('pending', 'failed') AND due_at <= ? GROUP BY channel
            """, [.integer(now.unixMillis)]) { row in
            backlog[row.string(0)] = (Int(row.int64(1)), Date(unixMillis: row.int64(2)))
        }
        return backlog
    }
}
