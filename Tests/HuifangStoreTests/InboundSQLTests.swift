import Foundation
import HuifangCore
@testable import HuifangStore
import Testing

/// Replay protection, reply context and heartbeats on the shared SQL layer (issue 16): the
/// same statements on SQLite and PostgreSQL.
@Suite(.serialized) struct InboundSQLTests {
    @Test("R-OPS-5 R-IN-3 R-IN-4 on both drivers: a replayed id is refused until forgotten, a WeChat id finds its customer, heartbeats keep the start, and a reply's context is found",
          arguments: SQLDriver.allCases)
    func inbound(driver: SQLDriver) throws {
        try driver.withConnection(migrated: true) { db in
            let now = Date(timeIntervalSince1970: 1_790_000_000)
            #expect(try InboundSQL.remember(db, source: "sms", id: "r1", now: now, keepSince: now.addingTimeInterval(-600)))
            #expect(try !InboundSQL.remember(db, source: "sms", id: "r1", now: now, keepSince: now.addingTimeInterval(-600)), "a replay")
            #expect(try InboundSQL.remember(db, source: "wechat", id: "r1", now: now, keepSince: now.addingTimeInterval(-600)))
            #expect(try InboundSQL.remember(db, source: "sms", id: "r1", now: now.addingTimeInterval(700), keepSince: now.addingTimeInterval(1)),
                    "forgotten after the window")

            try db.insertCustomer(7)
            try db.execute("UPDATE customers SET wechat_id = 'wx_7' WHERE id = 7")
            #expect(try InboundSQL.customerId(db, wechatId: "wx_7") == 7)
            #expect(try InboundSQL.customerId(db, wechatId: "wx_none") == nil)

            try InboundSQL.heartbeat(db, node: "a/1", pid: 41, startedAt: now, now: now)
            try InboundSQL.heartbeat(db, node: "a/1", pid: 41, startedAt: now.addingTimeInterval(5), now: now.addingTimeInterval(9))
            #expect(try db.query("SELECT pid, started_at, heartbeat_at FROM nodes").map(\.values)
                    == [[.integer(41), .integer(now.unixMillis), .integer(now.addingTimeInterval(9).unixMillis)]])

            // An appointment tomorrow, reminded an hour ago; a resolved complaint, asked nothing yet; an invitation delivered.
            let apt = try db.insert("""
                INSERT INTO appointments (customer_id, service, staff, start_at, duration_minutes, created_at, updated_at)
                VALUES (7, '洁牙', '李医生', ?, 30, 0, 0)
                """, now.addingTimeInterval(86_400).unixMillis)
            let complaint = try db.insert("""
                INSERT INTO complaints (customer_id, received_at, channel, content, severity, owner, status, updated_at)
                VALUES (7, 0, 'phone', '等太久', 'minor', '王经理', 'resolved', 0)
                """)
            let campaign = try db.insert("INSERT INTO campaigns (name, audience, channel, text, at, rsvp, created_at) VALUES ('周年庆', 'all', 'sms', '欢迎', 0, 1, 0)")
            let asked = now.addingTimeInterval(-3600)
            for (id, key, kind) in [("m1", "apt:\(apt):24h", MessageKind.appointmentReminder), ("m2", "campaign:\(campaign):7", "campaign.message")] {
                try db.execute("""
                    INSERT INTO messages (id, dedupe_key, kind, customer_id, channel, text, locale, due_at, status, created_at, updated_at, delivered_at)
                    VALUES (?, ?, ?, 7, 'sms', '您好', 'zh-Hans', 0, 'delivered', 0, 0, ?)
                    """, id, key, kind, asked.unixMillis)
            }
            #expect(try InboundSQL.replyQuestions(db, customerId: 7, now: now) == [
                .confirmation(appointmentId: apt, askedAt: asked), .satisfaction(complaintId: complaint, askedAt: nil),
                .invitation(campaignId: campaign, askedAt: asked),
            ])
            #expect(try InboundSQL.replyQuestions(db, customerId: 8, now: now).isEmpty)
        }
    }

    @Test("SQLite: a reply's questions read the customer's own messages by index, not every message in the store")
    func replyQuestionsDoNotScanMessages() throws {
        try SQLDriver.sqlite.withConnection(migrated: true) { db in
            try db.insertCustomer(7)
            try db.execute("ANALYZE")
            let plans = try [(InboundSQL.appointmentQuestionSQL, [SQLValue.text("appointment.reminder"), .integer(7), .integer(0)]),
                             (InboundSQL.complaintQuestionSQL, [.integer(7)])].map { sql, arguments in
                try db.query("EXPLAIN QUERY PLAN " + sql, arguments).map { $0.string(3) }
            }
            for plan in plans {
                #expect(plan.contains { $0.contains("SEARCH m USING INDEX messages_customer_due") }, "\(plan)")
                #expect(!plan.contains { $0.hasPrefix("SCAN m") }, "\(plan)")
            }
        }
    }
}
