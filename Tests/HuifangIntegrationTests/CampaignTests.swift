import Foundation
import HuifangControl
import HuifangTestSupport
import Testing

/// Campaigns and events (R-BIZ-3), holidays for a tier (R-TIME-4).
extension Integration {
    @Suite struct Campaigns {
        static let always = ["window = \"always\""]

        @Test("R-BIZ-3 R-KEEP-4 R-CUS-4 a campaign to a tier: the opted-out customer is skipped, the capped one held, the one with an open complaint skipped; campaign show counts each")
        func campaignToTier() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))], channelSettings: ["sms": Self.always])
            try daemon.start()
            var ids: [String: String] = [:]
            for (name, phone) in [("甲", "13800000001"), ("乙", "13800000002"), ("丙", "13800000003"), ("丁", "13800000004"), ("戊", "13800000005")] {
                ids[name] = try daemon.ctl(["customer", "add", "--name", "王\(name)", "--phone", phone]).stdout.trimmed
            }
            for name in ["甲", "乙", "丙", "丁"] {
                #expect(try daemon.ctl(["purchase", "add", "--customer", ids[name]!, "--amount", "80000.00"]).status == 0)
            }
            #expect(try daemon.ctl(["customer", "opt-out", ids["乙"]!, "--channel", "sms"]).status == 0)
            for text in ["双十一特惠", "年终回馈"] {
                #expect(try daemon.ctl(["message", "schedule", "--customer", ids["丙"]!, "--channel", "sms", "--text", text, "--marketing"]).status == 0)
            }
            #expect(try daemon.ctl(["complaint", "open", "--customer", ids["丁"]!, "--channel", "phone", "--content", "等候太久"]).status == 0)
            #expect(try eventually { try sink.received().filter { $0.body?["type"]?.stringValue == "message.manual" }.count == 2 })

            let created = try daemon.ctlJSON(["campaign", "create", "--name", "银卡会员日", "--audience", "tier:银卡", "--channel", "sms",
                                              "--text", "{salutation}您好，本周六银卡会员日，全场护理九折，欢迎到店。"])
            let id = try #require(created["id"]?.int)
            #expect(created["recipients"]?.int == 4, "戊 holds no tier")
            var shown = JSONValue.null
            #expect(try eventually(timeout: 20) {
                shown = try daemon.ctlJSON(["campaign", "show", "\(id)"])
                return shown["delivered"]?.int == 1 && shown["skipped"]?["complaint"]?.int == 1 && shown["held"]?["cap"]?.int == 1
            }, "\(shown)")
            #expect(shown["skipped"]?["consent"]?.int == 1)
            #expect(shown["queued"]?.int == 1)
            let delivered = try #require(try sink.received().first { $0.body?["type"]?.stringValue == "campaign.message" })
            #expect(delivered.body?["text"]?.stringValue == "王甲您好，本周六银卡会员日，全场护理九折，欢迎到店。")
            #expect(delivered.body?["customer"]?["id"]?.int == Int(ids["甲"]!))

            let refused = try daemon.ctl(["campaign", "create", "--name", "x", "--audience", "tier:黑卡", "--channel", "sms", "--text", "x"])
            #expect(refused.status == 65)
            #expect(refused.stderr.contains("audience: there is no tier 黑卡"))
        }

        @Test("R-BIZ-3 an event records RSVPs")
        func eventRSVP() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))], channelSettings: ["sms": Self.always])
            try daemon.start()
            let customer = try daemon.ctl(["customer", "add", "--name", "李娜", "--phone", "13900000001", "--tag", "讲座"]).stdout.trimmed
            let id = try #require(try daemon.ctlJSON(["campaign", "create", "--name", "冬季养生讲座", "--audience", "tag:讲座", "--channel", "sms",
                                                      "--text", "{salutation}您好，12月6日下午冬季养生讲座，回复1报名。", "--rsvp",
                                                      "--at", "明天 10:00"])["id"]?.int)
            #expect(try daemon.ctl(["campaign", "rsvp", "\(id)", "--customer", customer, "--yes"]).status == 0)
            let shown = try daemon.ctlJSON(["campaign", "show", "\(id)"])
            #expect(shown["rsvp_yes"]?.int == 1 && shown["rsvp_no"]?.int == 0)
            #expect(shown["queued"]?.int == 1)
        }

        @Test("R-TIME-4 a holiday for one tier greets that tier's members only")
        func holidayForTier() throws {
            let sink = try WebhookSink()
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
            let tomorrow = calendar.dateComponents([.month, .day], from: Date().addingTimeInterval(86_400))
            let holiday = """
                [[holidays]]
                id = "silver-day"
                date = "\(String(format: "%02d-%02d", tomorrow.month!, tomorrow.day!))"
                time = "10:00"
                audience = "tier:银卡"
                name = { zh-Hans = "银卡会员节" }
                """
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))], extra: holiday, channelSettings: ["sms": Self.always])
            try daemon.start()
            let member = try daemon.ctl(["customer", "add", "--name", "王甲", "--phone", "13800000001"]).stdout.trimmed
            let other = try daemon.ctl(["customer", "add", "--name", "王乙", "--phone", "13800000002"]).stdout.trimmed
            #expect(try daemon.ctl(["purchase", "add", "--customer", member, "--amount", "80000.00"]).status == 0)
            func holidays(_ customer: String) throws -> Int {
                try daemon.ctlJSON(["forecast", "--customer", customer, "--days", "3"]).array?
                    .filter { $0["kind"]?.stringValue == "holiday.greeting" }.count ?? -1
            }
            #expect(try holidays(member) == 1)
            #expect(try holidays(other) == 0)
        }
    }
}
