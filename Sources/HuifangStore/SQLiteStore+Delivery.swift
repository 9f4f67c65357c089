import Foundation
import GRDB
import HuifangCore

/// The scheduler's hot path: claim under a lease, record outcomes in batches, rescue leases.
/// Every statement is cached and takes `now` as a bound parameter (DESIGN rule 4).
extension SQLiteStore {
    public func claimDue(channel: String, now: Date, limit: Int, owner: String, leaseUntil: Date,
                         held: LaneHoldNote?) throws -> [Message] {
        try write { db in
            // Served by the partial index messages_claimable, in due order: the scan stops at
            // LIMIT however many wait (its WHERE must match the index's to be chosen).
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                UPDATE messages
                   SET status = 'sending', lease_owner = ?, lease_expires_at = ?, updated_at = ?
                 WHERE id IN (SELECT id FROM messages INDEXED BY messages_claimable
                               WHERE channel = ? AND status IN ('pending', 'failed') AND due_at <= ?
                               ORDER BY due_at LIMIT ?)
                RETURNING \(Self.messageColumns)
                """), arguments: [owner, leaseUntil.unixMillis, now.unixMillis, channel, now.unixMillis, limit])
            let claimed = rows.map(Self.message(from:)).sorted { $0.dueAt < $1.dueAt }
            if let held {
                let note = try db.cachedStatement(sql: """
                    INSERT INTO message_events (message_id, at, kind, detail)
                    SELECT ?, ?, 'held', ? WHERE NOT EXISTS (
                        SELECT 1 FROM message_events WHERE message_id = ? AND kind = 'held' AND detail = ?)
                    """)
                for message in claimed where message.dueAt < held.until {
                    try note.execute(arguments: [message.id, now.unixMillis, held.reason, message.id, held.reason])
                }
            }
            return claimed
        }
    }

    public func nextDueAt(channel: String?) throws -> Date? {
        try read { db in
            // MIN per status lets SQLite answer each from the index without scanning.
            let millis: Int64?
            if let channel {
                millis = try Int64.fetchOne(db.cachedStatement(sql: """
                    SELECT MIN(due) FROM (
                        SELECT MIN(due_at) AS due FROM messages WHERE channel = ? AND status = 'pending'
                        UNION ALL
                        SELECT MIN(due_at) FROM messages WHERE channel = ? AND status = 'failed')
                    """), arguments: [channel, channel])
            } else {
                millis = try Int64.fetchOne(db.cachedStatement(sql: """
                    SELECT MIN(due) FROM (
                        SELECT MIN(due_at) AS due FROM messages WHERE status = 'pending'
                        UNION ALL
                        SELECT MIN(due_at) FROM messages WHERE status = 'failed')
                    """))
            }
            return millis.map(Date.init(unixMillis:))
        }
    }

    public func record(_ results: [DeliveryResult], fallbacks: [Message], now: Date) throws {
        guard !results.isEmpty || !fallbacks.isEmpty else { return }
        try write { db in
            let insertAttempt = try db.cachedStatement(sql: """
                INSERT INTO delivery_attempts (message_id, attempt, started_at, finished_at,
                    latency_ms, http_status, outcome, error, endpoint)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            // A 2xx is the truth whoever held the lease: it always marks the message delivered.
            let markDelivered = try db.cachedStatement(sql: """
                UPDATE messages
                   SET status = 'delivered', attempts = MAX(attempts, ?), delivered_at = ?,
                       last_error = NULL, lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
                 WHERE id = ? AND status IN ('sending', 'pending', 'failed')
                """)
            // Anything else only moves a message still leased by the owner that handled it.
            let markOther = try db.cachedStatement(sql: """
                UPDATE messages
                   SET status = ?, attempts = MAX(attempts, ?), due_at = COALESCE(?, due_at), last_error = ?,
                       lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
                 WHERE id = ? AND status = 'sending' AND lease_owner = ?
                """)
            let markHeld = try db.cachedStatement(sql: """
                UPDATE messages
                   SET status = CASE WHEN attempts > 0 THEN 'failed' ELSE 'pending' END, due_at = ?, last_error = ?,
                       lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
                 WHERE id = ? AND status = 'sending' AND lease_owner = ?
                """)
            // A copy on another channel (fallback or consent's reroute) is linked in the story.
            var copies: [String: String] = [:]
            for fallback in fallbacks {
                if let original = fallback.fallbackOf { copies[original] = fallback.id }
            }
            for result in results {
                if let attempt = result.attempt {
                    try insertAttempt.execute(arguments: [
                        attempt.messageId, attempt.number, attempt.startedAt.unixMillis,
                        attempt.finishedAt.unixMillis, attempt.latencyMillis, attempt.httpStatus,
                        attempt.outcome.rawValue, attempt.error, attempt.endpoint,
                    ])
                }
                let number = result.attempt?.number ?? 0
                switch result.disposition {
                case .delivered:
                    let at = result.attempt?.finishedAt ?? now
                    try markDelivered.execute(arguments: [number, at.unixMillis, now.unixMillis, result.messageId])
                case .retry(let at, let reason):
                    try markOther.execute(arguments: [
                        MessageStatus.failed.rawValue, number, at.unixMillis, reason, now.unixMillis,
                        result.messageId, result.leaseOwner,
                    ])
                case .dead(let reason):
                    try markOther.execute(arguments: [
                        MessageStatus.dead.rawValue, number, nil, reason, now.unixMillis, result.messageId,
                        result.leaseOwner,
                    ])
                    if db.changesCount > 0 {
                        let copy = copies[result.messageId]
                        try Self.log(.dead, reason + (copy.map { "; falling back to \($0)" } ?? ""), related: copy,
                                     messageId: result.messageId, at: now, db: db)
                    }
                case .held(let until, let reason):
                    // Not an attempt: back to the queue as it was, due at the window's opening.
                    try markHeld.execute(arguments: [until.unixMillis, reason, now.unixMillis, result.messageId,
                                                     result.leaseOwner])
                    if db.changesCount > 0 { try Self.log(.held, reason, messageId: result.messageId, at: now, db: db) }
                case .skipped(let reason):
                    try markOther.execute(arguments: [
                        MessageStatus.skipped.rawValue, number, nil, reason, now.unixMillis, result.messageId,
                        result.leaseOwner,
                    ])
                    if db.changesCount > 0 {
                        let copy = copies[result.messageId]
                        try Self.log(copy == nil ? .skipped : .rerouted, reason, related: copy, messageId: result.messageId,
                                     at: now, db: db)
                    }
                }
            }
            for fallback in fallbacks {
                try Self.insert(fallback, into: db, orIgnore: true)
            }
        }
    }

    @discardableResult
    public func release(ids: [String], owner: String, now: Date) throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try write { db in
            let statement = try db.cachedStatement(sql: """
                UPDATE messages
                   SET status = CASE WHEN attempts > 0 THEN 'failed' ELSE 'pending' END,
                       lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
                 WHERE id = ? AND status = 'sending' AND lease_owner = ?
                """)
            var released = 0
            for id in ids {
                try statement.execute(arguments: [now.unixMillis, id, owner])
                released += db.changesCount
            }
            return released
        }
    }

    @discardableResult
    public func releaseLeases(owner: String, now: Date) throws -> Int {
        try write { db in
            try db.execute(sql: """
                UPDATE messages
                   SET status = CASE WHEN attempts > 0 THEN 'failed' ELSE 'pending' END,
                       lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
                 WHERE status = 'sending' AND lease_owner = ?
                """, arguments: [now.unixMillis, owner])
            return db.changesCount
        }
    }

    @discardableResult
    public func rescueExpiredLeases(now: Date) throws -> Int {
        try write { db in
            try db.execute(sql: """
                UPDATE messages
                   SET status = CASE WHEN attempts > 0 THEN 'failed' ELSE 'pending' END,
                       lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
                 WHERE status = 'sending' AND lease_expires_at <= ?
                """, arguments: [now.unixMillis, now.unixMillis])
            return db.changesCount
        }
    }
}
