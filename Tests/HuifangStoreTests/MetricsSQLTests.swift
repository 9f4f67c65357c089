import Foundation
import HuifangCore
@testable import HuifangStore
import Testing

/// The figures `/metrics` and `status` read, on the shared SQL layer (issue 16): the same
/// statements on SQLite and PostgreSQL.
@Suite(.serialized) struct MetricsSQLTests {
    @Test("R-OPS-5 R-OPS-1 message counts per channel and status, deliveries since a time, and the due backlog with its oldest, alike on both drivers",
          arguments: SQLDriver.allCases)
    func figures(driver: SQLDriver) throws {
        try driver.withConnection(migrated: true) { db in
            try db.insertCustomer(1)
            let rows: [(String, String, String, Int64, Int64?)] = [   // id, channel, status, due_at, delivered_at
                ("m1", "sms", "pending", 1_000, nil), ("m2", "sms", "failed", 500, nil), ("m3", "sms", "delivered", 100, 2_000),
                ("m4", "email", "pending", 9_000, nil), ("m5", "email", "delivered", 100, 500), ("m6", "sms", "pending", 3_000, nil),
            ]
            for (id, channel, status, due, delivered) in rows {
                try db.execute("""
                    INSERT INTO messages (id, dedupe_key, kind, customer_id, channel, text, locale, due_at, status, created_at, updated_at, delivered_at)
                    VALUES (?, ?, 'message.manual', 1, ?, '您好', 'zh-Hans', ?, ?, 0, 0, ?)
                    """, id, "k-\(id)", channel, due, status, delivered)
            }
            #expect(try MetricsSQL.messageCounts(db) == ["sms": [.pending: 2, .failed: 1, .delivered: 1], "email": [.pending: 1, .delivered: 1]])
            #expect(try MetricsSQL.deliveredCounts(db, since: Date(unixMillis: 1_000)) == ["sms": 1])
            let backlog = try MetricsSQL.dueBacklog(db, now: Date(unixMillis: 2_000))
            #expect(backlog.count == 1 && backlog["sms"]?.count == 2 && backlog["sms"]?.oldest == Date(unixMillis: 500))
        }
    }
}
