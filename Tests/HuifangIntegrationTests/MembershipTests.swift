import Foundation
import HuifangControl
import HuifangTestSupport
import Testing

extension Integration {
    @Suite struct Membership {
        @Test("R-MEM-1 R-MEM-2 R-MEM-4 R-MEM-5 purchases through huifangctl move spend, points and tier; the upgrade reaches the customer's gateway; bad amounts change nothing")
        func purchasesAndTiers() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))], channelSettings: ["sms": ["window = \"always\""]])
            try daemon.start()
            let customer = try daemon.ctl(["customer", "add", "--name", "王小梅", "--phone", "13800000000", "--gender", "female"]).stdout.trimmed

            for bad in ["12.345", "-5", "abc"] {
                let refused = try daemon.ctl(["purchase", "add", "--customer", customer, "--amount", bad])
                #expect(refused.status != 0 && refused.stderr.contains("amount"), "\(bad): \(refused.stderr)")
            }
            let early = try daemon.ctl(["purchase", "add", "--customer", customer, "--amount", "100.00", "--points-used", "50"])
            #expect(early.status == 65 && early.stderr.contains("welcome points count from the second purchase"))

            let first = try daemon.ctlJSON(["purchase", "add", "--customer", customer, "--amount", "49999.99"])
            #expect(first["points_earned"]?.int == 2500, "49,999.99 × 5 / 100 = 2499.9995 → 2500")
            #expect(first["points_balance"]?.int == 2600, "with the 100 welcome points")
            #expect(first["tier"] == nil || first["tier"] == .null)
            let second = try daemon.ctlJSON(["purchase", "add", "--customer", customer, "--amount", "0.01", "--category", "drug"])
            #expect(second["upgraded_to"]?.stringValue == "VIP", "exactly 50,000.00")
            #expect(second["points_earned"]?.int == 0)

            let notice = try #require(try sink.waitFor(count: 1).first)
            #expect(notice.body?["type"]?.stringValue == "membership.tier_changed")
            #expect(notice.body?["text"]?.stringValue?.contains("恭喜您成为") == true)
            #expect(notice.body?["text"]?.stringValue?.contains("VIP会员") == true)
            #expect(notice.verified)

            let third = try daemon.ctlJSON(["purchase", "add", "--customer", customer, "--amount", "200.00", "--points-used", "100"])
            #expect(third["points_earned"]?.int == 5)
            let shown = try daemon.ctlJSON(["customer", "show", customer])
            #expect(shown["membership"]?["tier"]?.stringValue == "VIP")
            #expect(shown["membership"]?["spend"]?.stringValue == "50200.00")
            #expect(shown["membership"]?["points"]?.int == 2600 - 100 + 5)
            let ledger = try #require(try daemon.ctlJSON(["points", "ledger", customer]).array)
            #expect(ledger.compactMap { $0["kind"]?.stringValue } == ["earn", "welcome", "spend", "earn"])
            #expect(ledger.last?["balance"]?.int == 2505)
        }

        @Test("R-MEM-2 R-DLV-7 two upgrades in one go tell the customer once, of the higher tier; the earlier notice says what superseded it")
        func upgradesSupersede() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))], channelSettings: ["sms": ["window = \"always\""]])
            try daemon.start()
            let customer = try daemon.ctl(["customer", "add", "--name", "王小梅", "--phone", "13800000000", "--gender", "female"]).stdout.trimmed
            // Held at the gateway, so both notices would still be queued.
            #expect(try daemon.ctl(["endpoint", "pause", "sms"]).status == 0)
            #expect(try daemon.ctlJSON(["purchase", "add", "--customer", customer, "--amount", "50000.00"])["upgraded_to"]?.stringValue == "VIP")
            #expect(try daemon.ctlJSON(["purchase", "add", "--customer", customer, "--amount", "28000.00"])["upgraded_to"]?.stringValue == "银卡")
            let cancelled = try #require(try daemon.ctlJSON(["message", "list", "--status", "cancelled"]).array)
            #expect(cancelled.count == 1)
            #expect(cancelled.first?["last_error"]?.stringValue == "superseded by a purchase that reached 银卡")
            #expect(try daemon.ctl(["endpoint", "resume", "sms"]).status == 0)
            let told = try sink.waitFor(count: 1)
            #expect(told.first?.body?["text"]?.stringValue?.contains("银卡会员") == true)
            usleep(500_000)
            #expect(try sink.count() == 1, "the VIP congratulation was withdrawn")
        }
    }
}
