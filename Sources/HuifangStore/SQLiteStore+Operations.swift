import Foundation
import GRDB
import HuifangCore

/// What an operator does to messages and endpoints: dead-letter retry and replay (R-DLV-3),
/// endpoint pauses.
extension SQLiteStore {
    public func requeue(id: String, now: Date) throws -> Message {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT \(Self.messageColumns) FROM messages WHERE id = ?", arguments: [id]) else {
                throw HuifangError(.notFound, "no message with id \(id.prefix(40))", field: "id")
            }
            let message = Self.message(from: row)
            guard [.dead, .failed, .skipped, .cancelled].contains(message.status) else {
                throw HuifangError(.conflict, "a \(message.status.rawValue) message cannot be retried", field: "id")
            }
            try db.execute(sql: """
                UPDATE messages
                   SET status = 'pending', due_at = ?, retry_from = attempts, last_error = NULL, updated_at = ?
                 WHERE id = ?
                """, arguments: [now.unixMillis, now.unixMillis, id])
            try Self.log(.requeued, "re-queued by an operator (message retry), was \(message.status.rawValue)", messageId: id, at: now, db: db)
            return Self.message(from: try Row.fetchOne(db, sql: "SELECT \(Self.messageColumns) FROM messages WHERE id = ?", arguments: [id])!)
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
            var arguments: StatementArguments = [now.unixMillis, now.unixMillis, filter.status.rawValue]
            if let channel = filter.channel {
                sql += " AND channel = ?"
                arguments += [channel]
            }
            if let since = filter.since {
                sql += " AND updated_at >= ?"
                arguments += [since.unixMillis]
            }
            let ids = try String.fetchAll(db, sql: sql + " RETURNING id", arguments: arguments)
            for id in ids {
                try Self.log(.requeued, "re-queued by an operator (message replay), was \(filter.status.rawValue)", messageId: id, at: now, db: db)
            }
            return ids.count
        }
    }

    public func pausedEndpoints() throws -> [String: Date] {
        try read { db in
            var paused: [String: Date] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT channel, paused_at FROM endpoint_pauses") {
                paused[row["channel"]] = Date(unixMillis: row["paused_at"])
            }
            return paused
        }
    }

    public func pauseEndpoint(_ name: String, reason: String, now: Date) throws {
        try write { db in
            try db.execute(sql: """
                INSERT INTO endpoint_pauses (channel, paused_at, reason) VALUES (?, ?, ?)
                ON CONFLICT(channel) DO UPDATE SET reason = excluded.reason
                """, arguments: [name, now.unixMillis, reason])
        }
    }

    public func endpointPauseReasons() throws -> [String: String] {
        try read { db in
            var reasons: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT channel, reason FROM endpoint_pauses WHERE reason IS NOT NULL") {
                reasons[row[0]] = row[1]
            }
            return reasons
        }
    }

    public func setEndpoint(_ name: String, paused: Bool, now: Date) throws {
        try write { db in
            if paused {
                try db.execute(sql: "INSERT OR IGNORE INTO endpoint_pauses (channel, paused_at) VALUES (?, ?)",
                               arguments: [name, now.unixMillis])
            } else {
                try db.execute(sql: "DELETE FROM endpoint_pauses WHERE channel = ?", arguments: [name])
            }
        }
    }
}
