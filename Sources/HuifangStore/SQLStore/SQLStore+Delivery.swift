import Foundation
import HuifangCore

/// The scheduler's hot path: claim under a lease, record outcomes in batches, rescue leases.
/// Every statement is cached and takes `now` as a bound parameter (DESIGN rule 4). Claims
/// on PostgreSQL skip rows other nodes hold (`FOR UPDATE SKIP LOCKED`).
extension SQLStore {
    public func claimDue(channel: String, now: Date, limit: Int, owner: String, leaseUntil: Date,
                         held: LaneHoldNote?) throws -> [Message] {
        try write { db in
            let rows = try db.query(Self.claimSQL(db.dialect), owner, leaseUntil.unixMillis, now.unixMillis, channel,
                                    now.unixMillis, limit)
            let claimed = rows.map(Self.message(from:)).sorted { $0.dueAt < $1.dueAt }
            if let held {
                for message in claimed where message.dueAt < held.until {
                    try db.execute("""
                        INSERT INTO message_events (message_id, at, kind, detail)
                        SELECT CAST(?1 AS TEXT), CAST(?2 AS BIGINT), 'held', CAST(?3 AS TEXT) WHERE NOT EXISTS (
                            SELECT 1 FROM message_events WHERE message_id = ?1 AND kind = 'held' AND detail = ?3)
                        """, message.id, now.unixMillis, held.reason)
                }
            }
            return claimed
        }
    }

    /// The claim: served by the partial index messages_claimable, in due order, so the scan
    /// stops at LIMIT however many wait (its WHERE must match the index's to be chosen). On
    /// PostgreSQL, rows another node is claiming are passed over, not waited for. On SQLite
    /// the rows are found again by rowid, not through the index of their text ids (4% fewer
    /// instructions for a claim and its outcome). Arguments: owner, lease expiry, now,
    /// channel, now, limit.
    static func claimSQL(_ dialect: SQLDialect) -> String {
        let sqlite = dialect == .sqlite
        let key = sqlite ? "rowid" : "id"
        return """
            UPDATE messages
               SET status = 'sending', lease_owner = ?, lease_expires_at = ?, updated_at = ?
             WHERE \(key) IN (SELECT \(key) FROM messages\(sqlite ? " INDEXED BY messages_claimable" : "")
                           WHERE channel = ? AND status IN ('pending', 'failed') AND due_at <= ?
                           ORDER BY due_at LIMIT ?\(sqlite ? "" : " FOR UPDATE SKIP LOCKED"))
            RETURNING \(messageColumns)
            """
    }

    public func nextDueAt(channel: String?) throws -> Date? {
        try read { db in
            // MIN per status lets SQLite answer each from the (status, channel, due_at) index:
            // for one channel at once, for all from the status's entries alone.
            let rows: [SQLRow]
            if let channel {
                rows = try db.query("""
                    SELECT MIN(due) FROM (
                        SELECT MIN(due_at) AS due FROM messages WHERE channel = ? AND status = 'pending'
                        UNION ALL
                        SELECT MIN(due_at) FROM messages WHERE channel = ? AND status = 'failed') AS due
                    """, channel, channel)
            } else {
                rows = try db.query("""
                    SELECT MIN(due) FROM (
                        SELECT MIN(due_at) AS due FROM messages WHERE status = 'pending'
                        UNION ALL
                        SELECT MIN(due_at) FROM messages WHERE status = 'failed') AS due
                    """)
            }
            return rows.first?.optionalDate(0)
        }
    }

    public func record(_ results: [DeliveryResult], fallbacks: [Message], now: Date) throws {
        guard !results.isEmpty || !fallbacks.isEmpty else { return }
        try write { db in
            // The attempts, and the messages a 2xx delivered, many rows per statement: a
            // batch costs a few statements, not two per delivery (on PostgreSQL, round trips).
            try Self.insertAttempts(results.compactMap(\.attempt), db)
            try Self.markDelivered(results.compactMap { result in
                guard case .delivered = result.disposition else { return nil }
                return (result.messageId, result.attempt?.number ?? 0, (result.attempt?.finishedAt ?? now).unixMillis)
            }, now: now, db)
            // Anything else only moves a message still leased by the owner that handled it.
            let markOtherSQL = """
                UPDATE messages
                   SET status = ?1, attempts = \(db.dialect.greatest)(attempts, ?2), due_at = COALESCE(?3, due_at), last_error = ?4,
                       lease_owner = NULL, lease_expires_at = NULL, updated_at = ?5
                 WHERE id = ?6 AND status = 'sending' AND lease_owner = ?7
                """
            func markOther(_ status: MessageStatus, _ number: Int, due: Date?, _ reason: String, _ result: DeliveryResult) throws -> Bool {
                try db.execute(markOtherSQL, status.rawValue, number, due?.unixMillis, reason, now.unixMillis, result.messageId,
                               result.leaseOwner) > 0
            }
            // A copy on another channel (fallback or consent's reroute) is linked in the story.
            var copies: [String: Message] = [:]
            for fallback in fallbacks {
                if let original = fallback.fallbackOf { copies[original] = fallback }
            }
            for result in results {
                let number = result.attempt?.number ?? 0
                switch result.disposition {
                case .delivered:
                    continue
                case .retry(let at, let reason):
                    _ = try markOther(.failed, number, due: at, reason, result)
                case .dead(let reason):
                    if try markOther(.dead, number, due: nil, reason, result) {
                        let copy = copies[result.messageId]
                        try Self.log(.dead, reason + (copy.map(MessageEvent.fallingBack(to:)) ?? ""), related: copy?.id,
                                     messageId: result.messageId, at: now, db: db)
                    }
                case .held(let until, let reason):
                    // Not an attempt: back to the queue as it was, due at the window's opening.
                    let moved = try db.execute("""
                        UPDATE messages
                           SET status = CASE WHEN attempts > 0 THEN 'failed' ELSE 'pending' END, due_at = ?, last_error = ?,
                               lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
                         WHERE id = ? AND status = 'sending' AND lease_owner = ?
                        """, until.unixMillis, reason, now.unixMillis, result.messageId, result.leaseOwner)
                    if moved > 0 { try Self.log(.held, reason, messageId: result.messageId, at: now, db: db) }
                case .skipped(let reason):
                    if try markOther(.skipped, number, due: nil, reason, result) {
                        let copy = copies[result.messageId]
                        try Self.log(copy == nil ? .skipped : .rerouted, reason, related: copy?.id, messageId: result.messageId,
                                     at: now, db: db)
                    }
                }
            }
            for fallback in fallbacks {
                try Self.insert(fallback, into: db, orIgnore: true)
            }
        }
    }

    /// Attempt rows, up to 100 per INSERT.
    static func insertAttempts(_ attempts: [DeliveryAttempt], _ db: any SQLConnection) throws {
        for piece in SQLText.pieces(attempts) {
            var arguments: [SQLValue] = []
            arguments.reserveCapacity(piece.count * 9)
            for a in piece {
                arguments += [.text(a.messageId), a.number.sqlValue, .integer(a.startedAt.unixMillis), .integer(a.finishedAt.unixMillis),
                              .integer(a.latencyMillis), a.httpStatus.sqlValue, .text(a.outcome.rawValue), a.error.sqlValue, .text(a.endpoint)]
            }
            try db.execute("""
                INSERT INTO delivery_attempts (message_id, attempt, started_at, finished_at, latency_ms, http_status, outcome, error, endpoint)
                VALUES \(SQLText.rows(piece.count, width: 9))
                """, arguments)
        }
    }

    /// Messages a 2xx answered, up to 100 per UPDATE: the truth whoever held the lease, so it
    /// always marks them delivered (unless they were cancelled or erased meanwhile).
    static func markDelivered(_ delivered: [(id: String, attempt: Int, at: Int64)], now: Date, _ db: any SQLConnection) throws {
        for piece in SQLText.pieces(delivered) {
            var arguments: [SQLValue] = [.integer(now.unixMillis)]
            arguments.reserveCapacity(1 + piece.count * 3)
            for row in piece { arguments += [.text(row.id), row.attempt.sqlValue, .integer(row.at)] }
            // A VALUES list's columns are column1, column2, … on both databases.
            let values = Array(repeating: "(CAST(? AS TEXT), CAST(? AS BIGINT), CAST(? AS BIGINT))", count: piece.count)
                .joined(separator: ", ")
            try db.execute("""
                UPDATE messages
                   SET status = 'delivered', attempts = \(db.dialect.greatest)(messages.attempts, v.column2), delivered_at = v.column3,
                       last_error = NULL, lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
                  FROM (VALUES \(values)) AS v
                 WHERE messages.id = v.column1 AND messages.status IN ('sending', 'pending', 'failed')
                """, arguments)
        }
    }

    @discardableResult
    public func release(ids: [String], owner: String, now: Date) throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try write { db in
            var released = 0
            for id in ids {
                released += try db.execute("""
                    UPDATE messages
                       SET status = CASE WHEN attempts > 0 THEN 'failed' ELSE 'pending' END,
                           lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
                     WHERE id = ? AND status = 'sending' AND lease_owner = ?
                    """, now.unixMillis, id, owner)
            }
            return released
        }
    }

    @discardableResult
    public func releaseLeases(owner: String, now: Date) throws -> Int {
        try write { db in
            try db.execute("""
                UPDATE messages
                   SET status = CASE WHEN attempts > 0 THEN 'failed' ELSE 'pending' END,
                       lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
                 WHERE status = 'sending' AND lease_owner = ?
                """, now.unixMillis, owner)
        }
    }

    @discardableResult
    public func rescueExpiredLeases(now: Date) throws -> Int {
        try write { db in
            try db.execute("""
                UPDATE messages
                   SET status = CASE WHEN attempts > 0 THEN 'failed' ELSE 'pending' END,
                       lease_owner = NULL, lease_expires_at = NULL, updated_at = ?1
                 WHERE status = 'sending' AND lease_expires_at <= ?1
                """, now.unixMillis)
        }
    }
}
