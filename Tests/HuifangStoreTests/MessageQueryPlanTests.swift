import Foundation
@testable import HuifangStore
import Testing

/// Query plans of the claim and of the message reads made for every claim (issue 17): the
/// claim reads only what is due, in order; the reads stay within a customer's own rows of
/// one kind, however many messages that customer was ever sent.
@Suite struct MessageQueryPlanTests {
    @Test("SQLite: the marketing cap's read searches the index of delivered marketing messages, not all of a customer's messages")
    func marketingDeliveriesUseTheirIndex() throws {
        try SQLDriver.sqlite.withConnection(migrated: true) { db in
            try db.insertCustomer(7)
            try db.execute("ANALYZE")
            let plan = try db.query("EXPLAIN QUERY PLAN " + SQLiteStore.marketingDeliveriesSQL(customers: 2, .sqlite),
                                    [SQLValue.integer(7), .integer(8), .integer(0)]).map { $0.string(3) }
            #expect(plan.contains { $0.contains("SEARCH messages USING INDEX messages_marketing_delivered (customer_id=? AND delivered_at>?)") },
                    "\(plan)")
            #expect(!plan.contains { $0.contains("messages_customer_due") || $0.hasPrefix("SCAN messages") }, "\(plan)")
        }
    }

    @Test("SQLite: the claim searches the claimable index in due order and finds each row again by rowid, not through the index of text ids")
    func claimUsesClaimableIndexAndRowid() throws {
        try SQLDriver.sqlite.withConnection(migrated: true) { db in
            try db.insertCustomer(7)
            try db.execute("ANALYZE")
            let plan = try db.query("EXPLAIN QUERY PLAN " + SQLiteStore.claimSQL(.sqlite),
                                    [SQLValue.text("owner"), .integer(2), .integer(1), .text("sms"), .integer(1), .integer(64)])
                .map { $0.string(3) }
            #expect(plan.contains { $0.contains("SEARCH messages USING INDEX messages_claimable (channel=? AND due_at<?)") }, "\(plan)")
            #expect(plan.contains { $0.contains("SEARCH messages USING INTEGER PRIMARY KEY (rowid=?)") }, "\(plan)")
            #expect(!plan.contains { $0.contains("sqlite_autoindex_messages") || $0.hasPrefix("SCAN messages") }, "\(plan)")
        }
    }
}
