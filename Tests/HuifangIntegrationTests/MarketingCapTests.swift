import Foundation
import HuifangControl
import HuifangTestSupport
import Testing

extension Integration {
    @Suite struct MarketingCap {
        @Test("R-KEEP-4 at most 2 marketing messages per 7 days (the third is held), transactional ones exempt; none during an open complaint")
        func capAndOpenComplaint() throws {
            let sink = try WebhookSink()
            // Marketing waits for the message window (R-TIME-1): open all day here.
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))], channelSettings: ["sms": ["window = \"always\""]])
            try daemon.start()
            let customer = try daemon.ctl(["customer", "add", "--name", "钱七", "--phone", "13800000000"]).stdout.trimmed
            func schedule(_ text: String, marketing: Bool) throws -> String {
                try #require(try daemon.ctlJSON(["message", "schedule", "--customer", customer, "--channel", "sms", "--text", text]
                                                 + (marketing ? ["--marketing"] : []))["id"]?.stringValue)
            }
            func status(_ id: String) throws -> JSONValue { try daemon.ctlJSON(["message", "show", id]) }

            for n in 1...2 {
                let id = try schedule("会员日优惠 \(n)", marketing: true)
                #expect(try eventually { try status(id)["status"]?.stringValue == "delivered" })
            }
            let third = try schedule("会员日优惠 3", marketing: true)
            var held = JSONValue.null
            #expect(try eventually { held = try status(third); return held["last_error"] != nil && held["last_error"] != .null })
            #expect(held["status"]?.stringValue == "pending")
            #expect(held["attempt_count"]?.int == 0)
            #expect(held["last_error"]?.stringValue?.hasPrefix("cap: 2 marketing messages in 7 days; held until") == true)
            let dueDays = try #require(held["due_at"]?.stringValue.flatMap { ControlCoding.parseTimestamp($0) })
            #expect(dueDays.timeIntervalSinceNow > 6.9 * 86_400)
            let transactional = try schedule("您的报告已出", marketing: false)
            #expect(try eventually { try status(transactional)["status"]?.stringValue == "delivered" })

            let other = try daemon.ctl(["customer", "add", "--name", "孙八", "--phone", "13800000001"]).stdout.trimmed
            _ = try daemon.ctlJSON(["complaint", "open", "--customer", other, "--channel", "phone", "--content", "不满意"])
            let promo = try #require(try daemon.ctlJSON(["message", "schedule", "--customer", other, "--channel", "sms",
                                                         "--text", "新品上市", "--marketing"])["id"]?.stringValue)
            var skipped = JSONValue.null
            #expect(try eventually { skipped = try status(promo); return skipped["status"]?.stringValue == "skipped" })
            #expect(skipped["last_error"]?.stringValue?.hasPrefix("open complaint:") == true)
            #expect(try daemon.ctl(["message", "schedule", "--customer", other, "--channel", "sms", "--text", "x",
                                    "--marketing", "--kind", "appointment.reminder"]).status == 65)
            #expect(!(try sink.received().contains { $0.webhookId == third || $0.webhookId == promo }))
        }
    }
}
