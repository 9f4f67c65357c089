import Foundation
import GRDB
import HuifangCore

/// Receipts, replay protection, reply context and heartbeats (R-IN-1…5).
extension SQLiteStore {
    public func rememberInbound(source: String, id: String, now: Date, keepSince: Date) throws -> Bool {
        try write { db in
            try db.cachedStatement(sql: "DELETE FROM inbound_seen WHERE seen_at < ?").execute(arguments: [keepSince.unixMillis])
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO inbound_seen (source, id, seen_at) VALUES (?, ?, ?)")
                .execute(arguments: [source, id, now.unixMillis])
            return db.changesCount > 0
        }
    }

    public func recordReceipt(_ receipt: InboundItem.Receipt, copy: Message?, now: Date) throws -> ReceiptResult {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT status, receipt_status FROM messages WHERE id = ?",
                                             arguments: [receipt.messageId]) else { return .unknown }
            if (row[1] as String?) != nil { return .repeated }
            let at = receipt.at ?? now
            try db.execute(sql: """
                UPDATE messages SET receipt_status = ?, receipt_at = ?, receipt_error = ?, updated_at = ? WHERE id = ?
                """, arguments: [receipt.delivered ? "delivered" : "undelivered", at.unixMillis, receipt.error, now.unixMillis,
                                 receipt.messageId])
            let what = receipt.delivered ? "the gateway reports it delivered to the recipient"
                : "the gateway reports it undelivered" + (receipt.error.map { " (\($0))" } ?? "")
            try Self.log(.receipt, what, messageId: receipt.messageId, at: at, db: db)
            let status = MessageStatus(rawValue: row[0]) ?? .pending
            guard !receipt.delivered, status == .delivered || status == .sending else { return .recorded(dead: false) }
            try db.execute(sql: """
                UPDATE messages SET status = 'dead', last_error = ?, lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
                 WHERE id = ?
                """, arguments: [what, now.unixMillis, receipt.messageId])
            try Self.log(.dead, what + (copy.map { "; falling back to \($0.channel) (\($0.id))" } ?? ""), related: copy?.id,
                         messageId: receipt.messageId, at: now, db: db)
            if let copy { try Self.insert(copy, into: db, orIgnore: true) }
            return .recorded(dead: true)
        }
    }

    public func replyQuestions(customerId: Int64, now: Date) throws -> [ReplyRules.Question] {
        try read { db in
            var questions: [ReplyRules.Question] = []
            if let row = try Row.fetchOne(db, sql: """
                SELECT a.id, (SELECT MAX(COALESCE(m.delivered_at, m.updated_at)) FROM messages m
                               WHERE m.dedupe_key LIKE 'apt:' || a.id || ':%' AND m.kind = ? AND m.status IN ('delivered', 'sending'))
                  FROM appointments a
                 WHERE a.customer_id = ? AND a.status = 'booked' AND a.start_at > ?
                 ORDER BY a.start_at LIMIT 1
                """, arguments: [MessageKind.appointmentReminder, customerId, now.unixMillis]) {
                questions.append(.confirmation(appointmentId: row[0], askedAt: (row[1] as Int64?).map(Date.init(unixMillis:))))
            }
            if let row = try Row.fetchOne(db, sql: """
                SELECT c.id, (SELECT MAX(COALESCE(m.delivered_at, m.updated_at)) FROM messages m
                               WHERE m.dedupe_key LIKE 'cmp:' || c.id || ':satisfaction%' AND m.status IN ('delivered', 'sending'))
                  FROM complaints c
                 WHERE c.customer_id = ? AND c.status = 'resolved'
                 ORDER BY c.id DESC LIMIT 1
                """, arguments: [customerId]) {
                questions.append(.satisfaction(complaintId: row[0], askedAt: (row[1] as Int64?).map(Date.init(unixMillis:))))
            }
            // The latest event invitation that reached them in the last month.
            if let row = try Row.fetchOne(db, sql: """
                SELECT c.id, MAX(COALESCE(m.delivered_at, m.updated_at)) FROM campaigns c
                  JOIN messages m ON m.dedupe_key = 'campaign:' || c.id || ':' || ?
                 WHERE c.rsvp = 1 AND m.status IN ('delivered', 'sending') AND COALESCE(m.delivered_at, m.updated_at) >= ?
                 GROUP BY c.id ORDER BY 2 DESC LIMIT 1
                """, arguments: [customerId, now.addingTimeInterval(-30 * 86_400).unixMillis]) {
                questions.append(.invitation(campaignId: row[0], askedAt: (row[1] as Int64?).map(Date.init(unixMillis:))))
            }
            return questions
        }
    }

    public func customerId(wechatId: String) throws -> Int64? {
        try read { db in
            try Int64.fetchOne(db, sql: "SELECT MIN(id) FROM customers WHERE wechat_id = ? AND erased_at IS NULL AND merged_into IS NULL",
                               arguments: [wechatId])
        }
    }

    public func heartbeat(node: String, pid: Int32, startedAt: Date, now: Date) throws {
        try write { db in
            try db.cachedStatement(sql: """
                INSERT INTO nodes (id, pid, started_at, heartbeat_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at
                """).execute(arguments: [node, Int64(pid), startedAt.unixMillis, now.unixMillis])
        }
    }
}
