import Foundation
import HuifangControl
import HuifangTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension Integration {
    @Suite struct Erasure {
        @Test("R-CUS-5 erasing a customer leaves no personal field on disk and no pending message, task or appointment; visits and outcomes stay; nothing new can be recorded for them")
        func eraseCustomer() throws {
            let sink = try WebhookSink()
            let keys = TempDirectory("keys")
            let keyPath = keys.file("health.key")
            #expect(FileManager.default.createFile(atPath: keyPath, contents: Data((0..<32).map { UInt8($0) })))
            chmod(keyPath, 0o600)
            let always = ["window = \"always\""]
            let daemon = DaemonHarness(
                channels: [("sms", sink.url("sms")), ("staff-task", sink.url("staff-task"))],
                extra: FollowUps.protocols + "\n[security]\nkey_file = \"\(keyPath)\"\n",
                channelSettings: ["sms": always, "staff-task": always])
            try daemon.start()
            let name = "欧阳娜娜"
            let phone = "13912345678"
            let email = "nana.erase@example.com"
            let added = try daemon.ctl(["customer", "add", "--name", name, "--phone", phone, "--email", email, "--wechat", "nana_wx_77",
                                        "--birthday", "1991-03-04", "--notes", "NOTES-MARKER-4410", "--tag", "TAG-MARKER-3"])
            let customer = added.stdout.trimmed
            let other = try daemon.ctl(["customer", "add", "--name", "张三", "--phone", "13700000000"]).stdout.trimmed
            #expect(try daemon.ctl(["customer", "health-set", customer, "--allergies", "HEALTH-MARKER-9"]).status == 0)
            _ = try daemon.ctlJSON(["message", "schedule", "--customer", customer, "--channel", "sms", "--text", "\(name)您好 SENT-MARKER-1"])
            _ = try sink.waitFor(count: 1)
            _ = try daemon.ctlJSON(["message", "schedule", "--customer", customer, "--channel", "sms", "--text", "\(name)您好 LATER-MARKER-2",
                                    "--at", iso(Date().addingTimeInterval(3600))])
            let visit = try daemon.ctlJSON(["visit", "add", "--customer", customer, "--service", "laser", "--staff", "李医生", "--amount", "1280.00"])
            #expect(visit["tasks"]?.array?.isEmpty == false)
            _ = try daemon.ctlJSON(["appointment", "add", "--customer", customer, "--service", "laser", "--staff", "李医生",
                                    "--start", iso(Date().addingTimeInterval(5 * 86_400)), "--place", "静安店"])
            _ = try daemon.ctlJSON(["complaint", "open", "--customer", customer, "--channel", "phone", "--content", "COMPLAINT-MARKER-5 等候太久"])
            _ = try daemon.ctlJSON(["customer", "opt-out", customer, "--channel", "sms"])

            // Without --confirm nothing happens.
            let unconfirmed = try daemon.ctl(["customer", "erase", customer])
            #expect(unconfirmed.status == 64)
            #expect(unconfirmed.stderr.contains("--confirm"))
            #expect(try daemon.ctlJSON(["customer", "show", customer])["name"]?.stringValue == name)

            let erased = try daemon.ctlJSON(["customer", "erase", customer, "--confirm"])
            let report = try #require(erased["report"])
            #expect(report["messages_cancelled"]?.int ?? 0 >= 2, "the later SMS and the day-1 follow-up: \(report)")
            #expect(report["tasks_cancelled"]?.int ?? 0 >= 1)
            #expect(report["appointments_cancelled"]?.int == 1)
            #expect(report["complaints_closed"]?.int == 1)
            #expect(report["visits_kept"]?.int == 1)

            let shown = try daemon.ctlJSON(["customer", "show", customer])
            #expect(shown["name"]?.stringValue == "")
            #expect(shown["phone"] == nil || shown["phone"] == .null)
            #expect(shown["email"] == nil || shown["email"] == .null)
            #expect(shown["birthday"] == nil || shown["birthday"] == .null)
            #expect(shown["notes"]?.stringValue == "" && shown["tags"]?.array?.isEmpty == true)
            #expect(shown["erased_at"]?.stringValue != nil)
            let listed = try #require(try daemon.ctlJSON(["customer", "list"]).array)
            #expect(listed.compactMap { $0["id"]?.int } == [Int(other)!], "erased customers are not listed")

            let messages = try #require(try daemon.ctlJSON(["message", "list"]).array)
            let theirs = messages.filter { $0["customer"]?.int == Int(customer)! }
            #expect(!theirs.contains { ["pending", "failed", "sending"].contains($0["status"]?.stringValue ?? "") }, "\(theirs)")
            #expect(theirs.contains { $0["status"]?.stringValue == "delivered" }, "outcomes stay for the figures")
            #expect(theirs.allSatisfy { $0["text"]?.stringValue == "" })
            let tasks = try #require(try daemon.ctlJSON(["task", "list"]).array)
            #expect(!tasks.contains { $0["customer"]?.int == Int(customer)! })
            #expect(try #require(try daemon.ctlJSON(["forecast", "--days", "400"]).array).allSatisfy { $0["customer"]?.int != Int(customer)! })

            // Nothing new for them; the refusal names why.
            let again = try daemon.ctl(["message", "schedule", "--customer", customer, "--channel", "sms", "--text", "hi"])
            #expect(again.status == 65 && again.stderr.contains("was erased"))
            #expect(try daemon.ctl(["customer", "health", customer]).stderr.contains("was erased"))
            let audit = try #require(try daemon.ctlJSON(["audit", "list", "--customer", customer]).array)
            #expect(audit.first { $0["command"]?.stringValue == "customer.erase" }?["outcome"]?.stringValue == "ok")

            #expect(daemon.stop() == 0)
            let onDisk = ["", "-wal", "-shm"].reduce(into: Data()) { all, suffix in
                all.append(FileManager.default.contents(atPath: daemon.storePath + suffix) ?? Data())
            }
            for marker in [name, phone, email, "nana_wx_77", "1991-03-04", "NOTES-MARKER-4410", "TAG-MARKER-3",
                           "SENT-MARKER-1", "LATER-MARKER-2", "COMPLAINT-MARKER-5"] {
                #expect(onDisk.range(of: Data(marker.utf8)) == nil, "\(marker) is still in the store file")
            }
            #expect(onDisk.range(of: Data("张三".utf8)) != nil, "the other customer is untouched")
        }
    }
}
