import Foundation
import HuifangControl
import HuifangTestSupport
import Testing

extension Integration {
    @Suite struct Complaints {
        @Test("R-CMP-1 R-CMP-2 R-CMP-4 R-CMP-5 a complaint: received, responded, resolved, the customer told each time; not satisfied re-opens it")
        func complaintLifecycle() throws {
            let sink = try WebhookSink()
            let always = ["window = \"always\""]
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms")), ("staff-task", sink.url("staff-task"))],
                                       channelSettings: ["sms": always, "staff-task": always])
            try daemon.start()
            let customer = try daemon.ctl(["customer", "add", "--name", "陈大文", "--phone", "13800000000", "--gender", "male"]).stdout.trimmed
            let opened = try daemon.ctlJSON(["complaint", "open", "--customer", customer, "--channel", "phone",
                                             "--content", "预约后等了一个小时", "--severity", "high", "--expects", "道歉并补偿",
                                             "--cause", "waiting", "--service", "laser"])
            let id = try #require(opened["id"]?.int)
            #expect(opened["status"]?.stringValue == "received")
            #expect(opened["owner"]?.stringValue == "customer-service")
            #expect(opened["response_due"] != nil && opened["response_due"] != .null)
            // R-CMP-3: the forecast shows when it would escalate (high severity: first response within 8 h).
            let escalation = try #require(try daemon.ctlJSON(["forecast", "--customer", customer, "--days", "1"]).array)
                .first { $0["kind"]?.stringValue == "complaint.escalated" }
            #expect(escalation?["channel"]?.stringValue == "staff-task")
            #expect(escalation?["text"]?.stringValue == "complaint #\(id) escalates to supervisor if not handled by then")

            // The owner's task notice and the customer's acknowledgement.
            let first = try sink.waitFor(count: 2)
            #expect(Set(first.map(\.path)) == ["/staff-task", "/sms"])
            #expect(first.first { $0.path == "/sms" }?.body?["text"]?.stringValue == "陈先生您好，我们已收到您的反馈，将尽快与您联系。")
            #expect(first.first { $0.path == "/staff-task" }?.body?["data"]?["urgent"] == .bool(true), "high severity is urgent")

            let responded = try daemon.ctlJSON(["complaint", "respond", "\(id)", "--note", "已安排主管跟进"])
            #expect(responded["status"]?.stringValue == "investigating")
            #expect(responded["response_due"] == nil || responded["response_due"] == .null)
            let update = try sink.waitFor(count: 3).last
            #expect(update?.body?["type"]?.stringValue == "complaint.update")
            #expect(update?.body?["text"]?.stringValue == "陈先生您好，您反馈的问题我们正在处理：已安排主管跟进")

            #expect(try daemon.ctl(["complaint", "close", "\(id)"]).status == 1, "an open complaint is resolved before it is closed")
            let resolved = try daemon.ctlJSON(["complaint", "resolve", "\(id)", "--note", "赠送一次护理"])
            #expect(resolved["status"]?.stringValue == "resolved")
            let resolution = try sink.waitFor(count: 4).last
            #expect(resolution?.body?["type"]?.stringValue == "complaint.resolved")
            #expect(resolution?.body?["text"]?.stringValue == "陈先生您好，您反馈的问题已处理：赠送一次护理。感谢您的耐心。")
            let upcoming = try #require(try daemon.ctlJSON(["forecast", "--customer", customer, "--days", "4"]).array)
            #expect(upcoming.contains { $0["kind"]?.stringValue == "complaint.satisfaction" }, "the satisfaction follow-up in 3 days")

            let reopened = try daemon.ctlJSON(["complaint", "satisfaction", "\(id)", "--not-satisfied"])
            #expect(reopened["status"]?.stringValue == "investigating")
            let stillQueued = try #require(try daemon.ctlJSON(["forecast", "--customer", customer, "--days", "4"]).array)
            #expect(!stillQueued.contains { $0["kind"]?.stringValue == "complaint.satisfaction" }, "answered: no follow-up")
            let tasks = try #require(try daemon.ctlJSON(["task", "list", "--staff", "customer-service"]).array)
            #expect(tasks.contains { $0["kind"]?.stringValue == "complaint.reopened" && $0["urgent"] == .bool(true) })
            let open = try #require(try daemon.ctlJSON(["complaint", "list", "--open"]).array)
            #expect(open.compactMap { $0["id"]?.int } == [id])

            let bad = try daemon.ctl(["complaint", "open", "--customer", customer, "--channel", "fax", "--content", "x"])
            #expect(bad.status == 1)
            #expect(bad.stderr.contains("channel"))
        }
    }
}
