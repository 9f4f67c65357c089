import Foundation
import HuifangControl
import HuifangTestSupport
import Testing

/// The service catalogue on a running daemon (R-BIZ-1, R-FU).
extension Integration {
    @Suite struct Catalogue {
        static let config = """
            [service]
            name = "伊美医疗美容"

            [[protocols]]
            id = "every-visit"
            [[protocols.steps]]
            id = "2h"
            at = "2h"
            channel = "staff-task"
            assignee = "customer-service"
            text = { zh-Hans = "{salutation}今天做了{service}，请两小时内电话回访" }

            [[protocols]]
            id = "skin"
            [[protocols.steps]]
            id = "day1"
            at = "day 1"
            channel = "sms"
            text = { zh-Hans = "{salutation}您好，{clinic}提醒：{service}后请注意防晒保湿。" }

            [[services]]
            id = "laser"
            name = { zh-Hans = "光子嫩肤", en = "IPL photorejuvenation" }
            aliases = ["激光", "Laser", "光子"]
            category = "skin"
            protocols = ["every-visit", "skin"]

            [[services]]
            id = "hydra"
            name = { zh-Hans = "水光针" }
            aliases = ["水光"]
            category = "injection"
            protocols = ["every-visit"]

            [[services]]
            id = "consult"
            name = { zh-Hans = "面诊" }
            category = "consultation"

            """

        @Test("R-BIZ-1 visits name services as staff say them; an unknown one is refused with the closest; --unlisted records it without a plan; customers read display names")
        func namingServices() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms")), ("staff-task", sink.url("staff-task"))], extra: Self.config,
                                       channelSettings: ["sms": ["window = \"always\""], "staff-task": ["window = \"always\""]])
            try daemon.start()
            let customer = try daemon.ctl(["customer", "add", "--name", "王小梅", "--phone", "13800000000", "--gender", "female"]).stdout.trimmed
            let listed = try #require(try daemon.ctlJSON(["service", "list"]).array)
            #expect(listed.compactMap { $0["id"]?.stringValue } == ["laser", "hydra", "consult"])

            let visit = try daemon.ctlJSON(["visit", "add", "--customer", customer, "--service", "Ｌａｓｅｒ", "--staff", "李医生"])
            #expect(visit["service"]?.stringValue == "laser")
            let care = try #require(visit["messages"]?.array?.first?.stringValue)
            #expect(try daemon.ctlJSON(["message", "show", care])["text"]?.stringValue == "王女士您好，伊美医疗美容提醒：光子嫩肤后请注意防晒保湿。")
            let unknown = try daemon.ctl(["visit", "add", "--customer", customer, "--service", "激光美容", "--staff", "李医生"])
            #expect(unknown.status == 65)
            #expect(unknown.stderr.contains("service: no service 激光美容; did you mean 光子嫩肤 (laser)?"), "\(unknown.stderr)")
            let unlisted = try daemon.ctlJSON(["visit", "add", "--customer", customer, "--service", "洗牙（外院）", "--staff", "李医生", "--unlisted"])
            #expect(unlisted["service"]?.stringValue == "洗牙（外院）")
            #expect(unlisted["tasks"]?.array?.isEmpty == true, "an unlisted service starts no protocol")
            let consult = try daemon.ctlJSON(["visit", "add", "--customer", customer, "--service", "面诊", "--staff", "李医生"])
            #expect(consult["tasks"]?.array?.isEmpty == true, "a consultation names no protocol: no calls")

            let appointment = try daemon.ctl(["appointment", "add", "--customer", customer, "--service", "水光", "--staff", "李医生",
                                              "--start", "明天 15:00"])
            #expect(appointment.status == 0, "\(appointment.stderr)")
        }

        @Test("R-FU two services on one day that plan the same step make one call naming both")
        func oneCallPerDay() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms")), ("staff-task", sink.url("staff-task"))], extra: Self.config)
            try daemon.start()
            let customer = try daemon.ctl(["customer", "add", "--name", "王小梅", "--phone", "13800000000", "--gender", "female"]).stdout.trimmed
            #expect(try daemon.ctl(["visit", "add", "--customer", customer, "--service", "光子嫩肤", "--staff", "李医生"]).status == 0)
            let second = try daemon.ctlJSON(["visit", "add", "--customer", customer, "--service", "水光针", "--staff", "李医生"])
            #expect(second["tasks"]?.array?.isEmpty == true, "the second visit's 2-hour call is the first one's")
            let calls = try #require(try daemon.ctlJSON(["task", "list", "--staff", "customer-service"]).array)
            #expect(calls.count == 1)
            #expect(calls.first?["text"]?.stringValue == "王女士今天做了光子嫩肤、水光针，请两小时内电话回访")
        }
    }
}
