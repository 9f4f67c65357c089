import Foundation
import HuifangControl
import HuifangTestSupport
import Testing

extension Integration {
    @Suite struct Walkthrough {
        @Test("R-FU-3 R-FU-9 R-APT-2 R-CMP-4 one customer through a laser treatment, a no-answer, an appointment and a complaint: what the gateways receive")
        func customerJourney() throws {
            let sink = try WebhookSink()
            let always = ["window = \"always\""]
            let daemon = DaemonHarness(
                channels: [("sms", sink.url("sms")), ("staff-task", sink.url("staff-task"))], extra: FollowUps.protocols,
                channelSettings: ["sms": always, "staff-task": always])
            try daemon.start()
            let customer = try daemon.ctl(["customer", "add", "--name", "王小梅", "--phone", "13800000000", "--gender", "female"]).stdout.trimmed

            // Laser treatment: the 2-hour call task reaches the staff gateway at once.
            let visit = try daemon.ctlJSON(["visit", "add", "--customer", customer, "--service", "laser", "--staff", "李医生"])
            let call = try #require(visit["tasks"]?.array?.first?["id"]?.int)
            try sink.waitFor(count: 1)
            // No answer: a call-back SMS at once.
            _ = try daemon.ctlJSON(["task", "no-answer", "\(call)"])
            try sink.waitFor(count: 2)
            // An appointment a day and 2 s ahead: its day-before reminder comes in 2 s.
            _ = try daemon.ctlJSON(["appointment", "add", "--customer", customer, "--service", "laser", "--staff", "李医生",
                                    "--start", iso(Date().addingTimeInterval(86_400 + 2)), "--place", "静安店"])
            try sink.waitFor(count: 3, timeout: 10)
            // A complaint: the owner's task and the customer's acknowledgement.
            _ = try daemon.ctlJSON(["complaint", "open", "--customer", customer, "--channel", "phone", "--content", "等候太久"])
            let hooks = try sink.waitFor(count: 5)

            let seen = hooks.map { "\($0.path) \($0.body?["type"]?.stringValue ?? "?")" }
            #expect(Array(seen.prefix(3)) == ["/staff-task followup.due", "/sms followup.call-back", "/sms appointment.reminder"], "\(seen)")
            // The complaint's two webhooks go through two lanes at once: either may come first.
            #expect(Set(seen.suffix(2)) == ["/staff-task complaint.received", "/sms complaint.update"], "\(seen)")
            #expect(hooks.allSatisfy { $0.verified && $0.body?["customer"]?["id"]?.int == Int(customer) })
            #expect(Set(hooks.compactMap(\.webhookId)).count == 5, "five messages, five ids")
            let sms = hooks.filter { $0.path == "/sms" }
            #expect(sms.allSatisfy { $0.body?["customer"]?["phone"]?.stringValue == "+8613800000000" }, "the phone as E.164")
            #expect(try #require(try daemon.ctlJSON(["customer", "contacts", customer]).array).count == 1, "the no-answer call")
        }
    }
}
