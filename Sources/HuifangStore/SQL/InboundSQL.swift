import Foundation
import HuifangCore

/// Replay protection, reply context and node heartbeats (R-IN-1…5, R-OPS-5) as statements over
/// `SQLConnection`, the same on SQLite and PostgreSQL (issue 16). Recording a receipt is
/// still SQLite's (`recordReceipt`), until messages are ported.
enum InboundSQL {
    /// Remembers an inbound item's id; false when it was seen already (a replay). Ids older
    /// than `keepSince` are forgotten.
    static func remember(_ db: any SQLConnection, source: String, id: String, now: Date, keepSince: Date) throws -> Bool {
        try db.execute("DELETE FROM inbound_seen WHERE seen_at < ?", keepSince.unixMillis)
        return try db.execute("INSERT INTO inbound_seen (source, id, seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                              source, id, now.unixMillis) > 0
    }

    /// What a customer's reply may answer: their next booked appointment, their latest
    /// resolved complaint, an event invitation that reached them in the last month; each with
    /// when it was asked. The question's messages are looked for among the customer's own
    /// (by index): a key pattern built per row cannot use the key's index, and scanned every
    /// message the store holds for each reply. A merge moves a customer's messages with their
    /// appointments and complaints, so both stay with one customer.
    static func replyQuestions(_ db: any SQLConnection, customerId: Int64, now: Date) throws -> [ReplyRules.Question] {
        var questions: [ReplyRules.Question] = []
        if let row = try db.query(appointmentQuestionSQL, MessageKind.appointmentReminder, customerId, now.unixMillis).first {
            questions.append(.confirmation(appointmentId: row.int64(0), askedAt: row.optionalInt64(1).map(Date.init(unixMillis:))))
        }
        if let row = try db.query(complaintQuestionSQL, customerId).first {
            questions.append(.satisfaction(complaintId: row.int64(0), askedAt: row.optionalInt64(1).map(Date.init(unixMillis:))))
        }
        if let row = try db.query("""
            SELECT c.id, MAX(COALESCE(m.delivered_at, m.updated_at)) FROM campaigns c
              JOIN messages m ON m.dedupe_key = 'campaign:' || c.id || ':' || ?
             WHERE c.rsvp = 1 AND m.status IN ('delivered', 'sending') AND COALESCE(m.delivered_at, m.updated_at) >= ?
             GROUP BY c.id ORDER BY 2 DESC LIMIT 1
            """, String(customerId), now.addingTimeInterval(-30 * 86_400).unixMillis).first {
            questions.append(.invitation(campaignId: row.int64(0), askedAt: row.optionalInt64(1).map(Date.init(unixMillis:))))
        }
        return questions
    }

    /// The customer's next booked appointment, and when its reminder reached them.
    static let appointmentQuestionSQL = """
        SELECT a.id, (SELECT MAX(COALESCE(m.delivered_at, m.updated_at)) FROM messages m
                       WHERE m.customer_id = a.customer_id AND m.dedupe_key LIKE 'apt:' || a.id || ':%' AND m.kind = ?
                         AND m.status IN ('delivered', 'sending'))
          FROM appointments a
         WHERE a.customer_id = ? AND a.status = 'booked' AND a.start_at > ?
         ORDER BY a.start_at LIMIT 1
        """

    /// The customer's latest resolved complaint, and when they were asked how it was resolved.
    static let complaintQuestionSQL = """
        SELECT c.id, (SELECT MAX(COALESCE(m.delivered_at, m.updated_at)) FROM messages m
                       WHERE m.customer_id = c.customer_id AND m.dedupe_key LIKE 'cmp:' || c.id || ':satisfaction%'
                         AND m.status IN ('delivered', 'sending'))
          FROM complaints c
         WHERE c.customer_id = ? AND c.status = 'resolved'
         ORDER BY c.id DESC LIMIT 1
        """

    /// The customer with a WeChat id (the oldest, when several), not erased or merged away.
    static func customerId(_ db: any SQLConnection, wechatId: String) throws -> Int64? {
        try db.query("SELECT MIN(id) FROM customers WHERE wechat_id = ? AND erased_at IS NULL AND merged_into IS NULL", wechatId)
            .first?.optionalInt64(0)
    }

    /// This node is alive (R-OPS-5: `status` lists the live nodes).
    static func heartbeat(_ db: any SQLConnection, node: String, pid: Int32, startedAt: Date, now: Date) throws {
        try db.execute("""
            INSERT INTO nodes (id, pid, started_at, heartbeat_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at
            """, node, Int64(pid), startedAt.unixMillis, now.unixMillis)
    }

    static func liveNodes(_ db: any SQLConnection, since: Date) throws -> [NodeBeat] {
        try db.query("SELECT id, pid, started_at, heartbeat_at FROM nodes WHERE heartbeat_at >= ? ORDER BY id", since.unixMillis).map { row in
            NodeBeat(id: row.string(0), pid: Int32(truncatingIfNeeded: row.int64(1)), startedAt: row.date(2), heartbeatAt: row.date(3))
        }
    }

    static func forgetNode(_ db: any SQLConnection, _ node: String) throws {
        try db.execute("DELETE FROM nodes WHERE id = ?", node)
    }
}
