import Foundation
import HuifangControl
import HuifangStore
import HuifangCore
import HuifangTestSupport
import Testing

extension Integration {
    @Suite struct Retention {
        @Test("R-KEEP-1 R-KEEP-2 from imported visit history the daemon plans a win-back message, a member's win-back call and a segment's care call, once")
        func winBackAndCare() throws {
            let sink = try WebhookSink()
            let always = ["window = \"always\""]
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms")), ("staff-task", sink.url("staff-task"))],
                                       extra: "[retention.cadence_days]\nlow-frequency-low-spend = 30\n",
                                       channelSettings: ["sms": always, "staff-task": always])
            try daemon.start()
            let files = TempDirectory("csv")
            defer { withExtendedLifetime(files) {} }
            let people = files.write("c.csv", "姓名,手机\n张伟,13900000001\n李娜,13900000002\n王芳,13900000003\n")
            #expect(try daemon.ctlJSON(["import", "customers", people])["imported"]?.int == 3)
            let ids = try #require(try daemon.ctlJSON(["customer", "list"]).array).compactMap { $0["id"]?.int }
            _ = try daemon.ctlJSON(["purchase", "add", "--customer", "\(ids[1])", "--amount", "50000.00",
                                    "--at", iso(Date().addingTimeInterval(-200 * 86_400))])
            _ = try sink.waitFor(count: 1)   // the VIP notice
            func daysAgo(_ days: Double) -> String { iso(Date().addingTimeInterval(-days * 86_400)) }
            let visits = files.write("v.csv", """
                phone,service,staff,at
                13900000001,laser,李医生,\(daysAgo(100))
                13900000002,laser,李医生,\(daysAgo(120))
                13900000003,laser,李医生,\(daysAgo(40))

                """)
            #expect(try daemon.ctlJSON(["import", "visits", visits])["imported"]?.int == 3)
            // Retention is planned at the first upkeep after a start, then every 10 minutes.
            #expect(daemon.stop() == 0)
            try daemon.start()

            let received = try sink.waitFor(count: 4, timeout: 15)
            let winBack = received.filter { $0.body?["type"]?.stringValue == "retention.winback" && $0.path == "/sms" }
            #expect(winBack.count == 1)
            #expect(received.filter { $0.body?["type"]?.stringValue == "retention.winback" && $0.path == "/staff-task" }.count == 1,
                    "the member's call reaches the staff-task gateway")
            #expect(winBack.first?.body?["text"]?.stringValue?.contains("好久不见") == true)
            let tasks = try #require(try daemon.ctlJSON(["task", "list"]).array)
            let call = tasks.first { $0["customer"]?.int == ids[1] }
            #expect(call?["assignee"]?.stringValue == "consultant" && call?["kind"]?.stringValue == "retention.winback", "\(tasks)")
            let care = tasks.first { $0["customer"]?.int == ids[2] }
            #expect(care?["assignee"]?.stringValue == "customer-service" && care?["kind"]?.stringValue == "retention.care", "\(tasks)")
            #expect(!tasks.contains { $0["customer"]?.int == ids[0] }, "a non-member gets a message, not a call")

            // Planned once: a restart plans again and finds nothing new.
            #expect(daemon.stop() == 0)
            try daemon.start()
            usleep(3_500_000)
            #expect(try #require(try daemon.ctlJSON(["task", "list"]).array).count == tasks.count)
            #expect(try sink.received().filter { $0.body?["type"]?.stringValue == "retention.winback" }.count == 2)
        }

        @Test("R-KEEP-3 arrears through huifangctl: set, pay in part, overpay refused, paid in full clears; reminders are recorded with the suspension once")
        func arrears() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])
            try daemon.start()
            let customer = try daemon.ctl(["customer", "add", "--name", "赵敏", "--phone", "13900000009"]).stdout.trimmed
            let set = try daemon.ctlJSON(["arrears", "set", "--customer", customer, "--amount", "1200.00"])
            #expect(set["owed"]?.stringValue == "1200.00" && set["reminders"]?.int == 0 && set["suspended"] == .bool(false))
            #expect(try daemon.ctlJSON(["arrears", "pay", "--customer", customer, "--amount", "200.00"])["owed"]?.stringValue == "1000.00")
            let over = try daemon.ctl(["arrears", "pay", "--customer", customer, "--amount", "1000.01"])
            #expect(over.status == 65 && over.stderr.contains("more than the 1000.00 owed"))

            // The reminder bookkeeping, as the upkeep does it three weeks on.
            let store = try daemon.openStore()
            let id = Int64(customer)!
            #expect(try store.recordArrearsReminder(customerId: id, number: 3, suspend: true, message: nil))
            #expect(try store.recordArrearsReminder(customerId: id, number: 3, suspend: true, message: nil) == false, "once")
            let shown = try daemon.ctlJSON(["arrears", "show", customer])
            #expect(shown["suspended"] == .bool(true) && shown["reminders"]?.int == 3)
            let cleared = try daemon.ctlJSON(["arrears", "pay", "--customer", customer, "--amount", "1000.00"])
            #expect(cleared["owed"]?.stringValue == "0.00" && cleared["suspended"] == .bool(false))
        }
    }
}
