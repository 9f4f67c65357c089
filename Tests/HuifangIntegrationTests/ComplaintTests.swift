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
            #expect(escalation?["text"]?.stringValue == "投诉 #\(id) 届时仍未处理，将升级至主管")

            // The owner's task notice and the customer's acknowledgement.
            let first = try sink.waitFor(count: 2)
            #expect(Set(first.map(\.path)) == ["/staff-task", "/sms"])
            #expect(first.first { $0.path == "/sms" }?.body?["text"]?.stringValue == "陈先生您好，我们已收到您的反馈，将尽快与您联系。")
            #expect(first.first { $0.path == "/staff-task" }?.body?["data"]?["urgent"] == .bool(true), "high severity is urgent")
            #expect(first.first { $0.path == "/staff-task" }?.body?["text"]?.stringValue?.hasPrefix("新投诉 #\(id)（高）：陈大文") == true,
                    "the severity as staff say it")

            let responded = try daemon.ctlJSON(["complaint", "respond", "\(id)", "--note", "已安排主管跟进"])
            #expect(responded["status"]?.stringValue == "investigating")
            #expect(responded["response_due"] == nil || responded["response_due"] == .null)
            let update = try sink.waitFor(count: 3).last
            #expect(update?.body?["type"]?.stringValue == "complaint.update")
            #expect(update?.body?["text"]?.stringValue == "陈先生您好，您反馈的问题我们正在处理：已安排主管跟进")

            #expect(try daemon.ctl(["complaint", "close", "\(id)"]).status == 65, "an open complaint is resolved before it is closed")
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
            #expect(bad.status == 65)
            #expect(bad.stderr.contains("channel"))
        }

        @Test("R-CUS-4 R-CMP-4 an opted-out channel never carries a complaint update: it goes by e-mail when allowed, else customer service is asked to call; an essential reminder still goes by SMS")
        func consentForComplaintUpdates() throws {
            let sink = try WebhookSink()
            let always = ["window = \"always\""]
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms")), ("email", sink.url("email")),
                                                  ("staff-task", sink.url("staff-task"))],
                                       channelSettings: ["sms": always, "email": always, "staff-task": always])
            try daemon.start()
            let withEmail = try daemon.ctl(["customer", "add", "--name", "陈大文", "--phone", "13800000000",
                                            "--email", "chen@example.com", "--gender", "male"]).stdout.trimmed
            let phoneOnly = try daemon.ctl(["customer", "add", "--name", "林小红", "--phone", "13900000000",
                                            "--gender", "female"]).stdout.trimmed
            for id in [withEmail, phoneOnly] {
                #expect(try daemon.ctl(["customer", "opt-out", id, "--channel", "sms"]).status == 0)
            }

            let first = try daemon.ctlJSON(["complaint", "open", "--customer", withEmail, "--channel", "phone", "--content", "等候太久"])
            let firstId = try #require(first["id"]?.int)
            // The acknowledgement goes before the response: a later status supersedes a queued one.
            #expect(try eventually { try sink.received().contains { $0.path == "/email" } })
            _ = try daemon.ctlJSON(["complaint", "respond", "\(firstId)", "--note", "已安排主管跟进"])
            let second = try daemon.ctlJSON(["complaint", "open", "--customer", phoneOnly, "--channel", "phone", "--content", "态度不好"])
            let secondId = try #require(second["id"]?.int)

            // Two owner tasks, the acknowledgement and the update by e-mail, and a call task for the second.
            let hooks = try sink.waitFor(count: 5)
            #expect(!hooks.contains { $0.path == "/sms" }, "nothing on the channel they left")
            let mails = hooks.filter { $0.path == "/email" }.compactMap { $0.body?["text"]?.stringValue }
            #expect(mails.contains("陈先生您好，我们已收到您的反馈，将尽快与您联系。"))
            #expect(mails.contains("陈先生您好，您反馈的问题我们正在处理：已安排主管跟进"))
            let calls = try #require(try daemon.ctlJSON(["task", "list", "--staff", "customer-service"]).array)
                .filter { $0["kind"]?.stringValue == "complaint.call" }
            #expect(calls.count == 1)
            #expect(calls.first?["customer"]?.int == Int(phoneOnly))
            #expect(calls.first?["text"]?.stringValue?.contains("13900000000") == true, "the task says whom to call")
            #expect(calls.first?["text"]?.stringValue?.contains("#\(secondId)") == true)

            // An appointment reminder is essential by default: it still goes by SMS.
            let start = ISO8601DateFormatter().string(from: Date().addingTimeInterval(3 * 3600))
            #expect(try daemon.ctl(["appointment", "add", "--customer", phoneOnly, "--service", "洁牙", "--staff", "李医生",
                                    "--start", start]).status == 0)
            var reminder: ReceivedWebhook?
            let deadline = Date().addingTimeInterval(10)
            while reminder == nil, Date() < deadline {
                reminder = try sink.received().first { $0.body?["type"]?.stringValue == "appointment.reminder" }
                if reminder == nil { usleep(50_000) }
            }
            #expect(reminder?.path == "/sms")
            #expect(reminder?.body?["type"]?.stringValue == "appointment.reminder")
        }
    }
}
