import Foundation
import HuifangCore

/// What an operator does to messages and endpoints: dead-letter retry and replay (R-DLV-3),
/// endpoint pauses.
extension SQLStore {
    public func requeue(id: String, now: Date) throws -> Message {
        try write { db in
            guard let message = try db.query("SELECT \(Self.messageColumns) FROM messages WHERE id = ?", id).first.map(Self.message(from:)) else {
                throw HuifangError(.notFound, "no message with id \(id.prefix(40))", field: "id", chinese: "找不到这条消息。")
            }
            guard [.dead, .failed, .skipped, .cancelled].contains(message.status) else {
                throw HuifangError(.conflict, "a \(message.status.rawValue) message cannot be retried", field: "id",
                                   chinese: "这条消息「\(message.status.chineseName)」，不能重发。")
            }
            let requeued = try db.query("""
                UPDATE messages
                   SET status = 'pending', due_at = ?1, retry_from = attempts, last_error = NULL, updated_at = ?1
                 WHERE id = ?2
                RETURNING \(Self.messageColumns)
                """, now.unixMillis, id)
            try Self.log(.requeued, MessageEvent.requeuedDetail(replay: false, was: message.status), messageId: id, at: now, db: db)
            return requeued.first.map(Self.message(from:)) ?? message
        }
    }

    public func replay(_ filter: ReplayFilter, now: Date) throws -> Int {
        guard [.dead, .failed, .skipped, .cancelled].contains(filter.status) else {
            throw HuifangError.invalid("status", "only dead, failed, skipped or cancelled messages can be replayed")
        }
        return try write { db in
            var sql = """
                UPDATE messages
                   SET status = 'pending', due_at = ?, retry_from = attempts, last_error = NULL, updated_at = ?
                 WHERE status = ?
                """
            var arguments: [SQLValue] = [.integer(now.unixMillis), .integer(now.unixMillis), .text(filter.status.rawValue)]
            if let channel = filter.channel {
                sql += " AND channel = ?"
                arguments.append(.text(channel))
            }
            if let since = filter.since {
                sql += " AND updated_at >= ?"
                arguments.append(.integer(since.unixMillis))
            }
            let ids = try db.query(sql + " RETURNING id", arguments).map { $0.string(0) }
            for id in ids {
                try Self.log(.requeued, MessageEvent.requeuedDetail(replay: true, was: filter.status), messageId: id, at: now, db: db)
            }
            return ids.count
        }
    }

    public func pausedEndpoints() throws -> [String: Date] {
        try read { db in
            var paused: [String: Date] = [:]
            for row in try db.query("SELECT channel, paused_at FROM endpoint_pauses") {
                paused[row.string(0)] = row.date(1)
            }
            return paused
        }
    }

    public func pauseEndpoint(_ name: String, reason: String, now: Date) throws {
        try write { db in
            try db.execute("""
                INSERT INTO endpoint_pauses (channel, paused_at, reason) VALUES (?, ?, ?)
                ON CONFLICT(channel) DO UPDATE SET reason = excluded.reason
                """, name, now.unixMillis, reason)
        }
    }

    public func endpointPauseReasons() throws -> [String: String] {
        try read { db in
            var reasons: [String: String] = [:]
            for row in try db.query("SELECT channel, reason FROM endpoint_pauses WHERE reason IS NOT NULL") {
                reasons[row.string(0)] = row.string(1)
            }
            return reasons
        }
    }

    public func setEndpoint(_ name: String, paused: Bool, now: Date) throws {
        try write { db in
            if paused {
                try db.execute("INSERT INTO endpoint_pauses (channel, paused_at) VALUES (?, ?) ON CONFLICT DO NOTHING", name, now.unixMillis)
            } else {
                try db.execute("DELETE FROM endpoint_pauses WHERE channel = ?", name)
            }
        }
    }
}
