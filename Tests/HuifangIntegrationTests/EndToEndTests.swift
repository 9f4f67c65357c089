import Foundation
import HuifangControl
import HuifangTestSupport
import Testing

extension Integration {
    @Suite struct EndToEnd {
        @Test("R-DLV-2 R-CUS-1 a customer with a Chinese name gets a message due now within 2 s and one due in 3 s not before its time, both signed and recorded")
        func deliversNowAndLater() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms")), ("email", sink.url("email"))])
            try daemon.start()

            let added = try daemon.ctl([
                "customer", "add", "--name", "王小梅", "--phone", "+86 138 0000 0000",
                "--email", "wang@example.com", "--birthday", "1990-05-01", "--locale", "zh-Hans",
            ])
            #expect(added.status == 0, "\(added.stderr)")
            let customer = added.stdout.trimmed
            #expect(Int(customer) != nil)

            let scheduledAt = Date()
            let nowId = try #require(try daemon.ctlJSON([
                "message", "schedule", "--customer", customer, "--channel", "sms", "--text", "王女士您好，术后第三天回访",
            ])["id"]?.stringValue)
            let laterDue = Date().addingTimeInterval(3)
            let laterId = try #require(try daemon.ctlJSON([
                "message", "schedule", "--customer", customer, "--channel", "email", "--text", "预约提醒", "--at", iso(laterDue),
            ])["id"]?.stringValue)

            let first = try sink.waitFor(count: 1, timeout: 2)
            let nowHook = try #require(first.first { $0.webhookId == nowId }, "the message due now did not arrive within 2 s")
            #expect(nowHook.receivedDate.timeIntervalSince(scheduledAt) < 2)
            #expect(!first.contains { $0.webhookId == laterId })

            let all = try sink.waitFor(count: 2, timeout: 10)
            let laterHook = try #require(all.first { $0.webhookId == laterId })
            #expect(laterHook.receivedDate >= laterDue.addingTimeInterval(-0.001), "sent before its due time")

            for hook in [nowHook, laterHook] {
                #expect(hook.verified, "signature did not verify for \(hook.path)")
                #expect(hook.verifier == "standardwebhooks")
                #expect(hook.answered == 200)
                #expect(hook.webhookSignature?.hasPrefix("v1,") == true)
                #expect(hook.body?["customer"]?["name"]?.stringValue == "王小梅")
                #expect(hook.body?["locale"]?.stringValue == "zh-Hans")
                #expect(hook.body?["type"]?.stringValue == "message.manual")
            }
            #expect(nowHook.path == "/sms")
            #expect(nowHook.body?["text"]?.stringValue == "王女士您好，术后第三天回访")
            #expect(nowHook.body?["customer"]?["phone"]?.stringValue == "+8613800000000")
            #expect(nowHook.body?["customer"]?["email"] == nil, "an SMS carries no e-mail address")
            #expect(laterHook.path == "/email")
            #expect(laterHook.body?["customer"]?["email"]?.stringValue == "wang@example.com")
            #expect(laterHook.body?["customer"]?["phone"] == nil, "an e-mail carries no phone number")

            for id in [nowId, laterId] {
                var shown = JSONValue.null
                #expect(try eventually(timeout: 5) {
                    shown = try daemon.ctlJSON(["message", "show", id])
                    return shown["status"]?.stringValue == "delivered"
                })
                let attempts = try #require(shown["attempts"]?.array)
                #expect(attempts.count == 1)
                #expect(attempts.first?["http_status"]?.int == 200)
                #expect(attempts.first?["outcome"]?.stringValue == "delivered")
            }
            let listed = try #require(try daemon.ctlJSON(["message", "list", "--status", "delivered"]).array)
            #expect(Set(listed.compactMap { $0["id"]?.stringValue }) == [nowId, laterId])
            #expect(daemon.stop() == 0)
        }

        @Test("R-DLV-3 a receiver answering 503 then 200 gets the same message id twice; both attempts are recorded")
        func retriesWithTheSameId() throws {
            let sink = try WebhookSink()
            try sink.script([SinkReply(status: 503)])
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])
            try daemon.start()
            let customer = try daemon.ctl(["customer", "add", "--name", "Li Na", "--phone", "13800000001"]).stdout.trimmed
            let id = try #require(try daemon.ctlJSON(["message", "schedule", "--customer", customer, "--channel", "sms", "--text", "hello"])["id"]?.stringValue)
            let hooks = try sink.waitFor(count: 2, timeout: 10)
            #expect(hooks.prefix(2).map(\.webhookId) == [id, id])
            #expect(hooks.prefix(2).map(\.answered) == [503, 200])
            var shown = JSONValue.null
            #expect(try eventually {
                shown = try daemon.ctlJSON(["message", "show", id])
                return shown["status"]?.stringValue == "delivered"
            })
            let statuses = try #require(shown["attempts"]?.array).map { $0["http_status"]?.int }
            #expect(statuses == [503, 200])
        }

        @Test("R-DLV-3 a 4xx answer is permanent: the message is dead after one attempt and shows the reason")
        func permanentFailureIsDead() throws {
            let sink = try WebhookSink()
            try sink.script([SinkReply(status: 422)])
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])
            try daemon.start()
            let customer = try daemon.ctl(["customer", "add", "--name", "陳大文", "--phone", "85291234567", "--locale", "zh-Hant"]).stdout.trimmed
            let id = try #require(try daemon.ctlJSON(["message", "schedule", "--customer", customer, "--channel", "sms", "--text", "您好"])["id"]?.stringValue)
            var shown = JSONValue.null
            #expect(try eventually {
                shown = try daemon.ctlJSON(["message", "show", id])
                return shown["status"]?.stringValue == "dead"
            })
            #expect(shown["last_error"]?.stringValue == "HTTP 422")
            #expect(shown["attempts"]?.array?.count == 1)
            let dead = try #require(try daemon.ctlJSON(["message", "list", "--status", "dead"]).array)
            #expect(dead.map { $0["id"]?.stringValue } == [id])
        }
    }
}
