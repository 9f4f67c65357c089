import Foundation
import HuifangControl
import HuifangTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension Integration {
    @Suite struct Signals {
        @Test("R-OPS-1 SIGTERM during a delivery lets it finish, exits 0 and removes the socket")
        func sigtermFinishesInFlight() throws {
            let sink = try WebhookSink()
            try sink.script([SinkReply(status: 200, delayMs: 1500)])
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])
            try daemon.start()
            let customer = try daemon.ctl(["customer", "add", "--name", "赵六", "--phone", "13900000000"]).stdout.trimmed
            let id = try #require(try daemon.ctlJSON(["message", "schedule", "--customer", customer, "--channel", "sms", "--text", "hi"])["id"]?.stringValue)
            try sink.waitFor(count: 1, timeout: 5)  // the request is at the receiver, its answer delayed
            #expect(daemon.stop(signal: SIGTERM) == 0)
            #expect(!FileManager.default.fileExists(atPath: daemon.socketPath))

            try daemon.start()
            let shown = try daemon.ctlJSON(["message", "show", id])
            #expect(shown["status"]?.stringValue == "delivered")
            #expect(shown["attempts"]?.array?.count == 1)
            #expect(try sink.received().count == 1)
        }

        @Test("R-OPS-1 R-DLV-5 SIGTERM with a request slower than the grace period hands it back; the next start delivers it with the same id")
        func sigtermHandsBackSlowRequest() throws {
            let sink = try WebhookSink()
            try sink.script([SinkReply(status: 200, delayMs: 4000)])
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))], shutdownGraceMs: 300)
            try daemon.start()
            let customer = try daemon.ctl(["customer", "add", "--name", "钱七", "--phone", "13900000001"]).stdout.trimmed
            let id = try #require(try daemon.ctlJSON(["message", "schedule", "--customer", customer, "--channel", "sms", "--text", "hi"])["id"]?.stringValue)
            try sink.waitFor(count: 1, timeout: 5)
            let stopStarted = Date()
            #expect(daemon.stop(signal: SIGTERM) == 0)
            #expect(Date().timeIntervalSince(stopStarted) < 3, "did not honour the grace period")

            try daemon.start()
            let hooks = try sink.waitFor(count: 2, timeout: 10)
            #expect(hooks.prefix(2).allSatisfy { $0.webhookId == id })
            #expect(try eventually { try daemon.ctlJSON(["message", "show", id])["status"]?.stringValue == "delivered" })
        }

        @Test("R-DLV-5 SIGKILL while a request is in flight loses nothing: after restart it is delivered again with the same webhook-id")
        func sigkillLosesNothing() throws {
            let sink = try WebhookSink()
            try sink.script([SinkReply(status: 200, delayMs: 3000)])
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])
            try daemon.start()
            let customer = try daemon.ctl(["customer", "add", "--name", "孙八", "--phone", "13900000002"]).stdout.trimmed
            let id = try #require(try daemon.ctlJSON(["message", "schedule", "--customer", customer, "--channel", "sms", "--text", "hi"])["id"]?.stringValue)
            try sink.waitFor(count: 1, timeout: 5)
            _ = daemon.stop(signal: SIGKILL)
            #expect(daemon.child?.wasSignalled == true)

            try daemon.start()
            let hooks = try sink.waitFor(count: 2, timeout: 10)
            #expect(hooks.count == 2)
            #expect(hooks.allSatisfy { $0.webhookId == id && $0.verified })
            #expect(try eventually { try daemon.ctlJSON(["message", "show", id])["status"]?.stringValue == "delivered" })
        }

        @Test("R-OPS-1 SIGTERM the moment the control socket appears is still a clean stop (exit 0, socket removed)")
        func earlySigterm() throws {
            let sink = try WebhookSink()
            for _ in 0..<5 {
                let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])
                let child = try ChildProcess(TestPaths.binary("huifangd"), ["--config", daemon.configPath],
                                             directory: daemon.directory.path)
                #expect(eventually(timeout: 20, interval: 0.001) { FileManager.default.fileExists(atPath: daemon.socketPath) })
                child.signal(SIGTERM)
                #expect(child.wait(timeout: 20) == 0, "\(child.stderr)")
                #expect(!child.wasSignalled)
                #expect(!FileManager.default.fileExists(atPath: daemon.socketPath))
            }
        }

        @Test("R-OPS-1 SIGHUP reloads the config: a changed endpoint URL takes new messages; a broken config is refused and the old one kept")
        func sighupReloads() throws {
            let first = try WebhookSink()
            let second = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", first.url("sms"))])
            try daemon.start()
            let customer = try daemon.ctl(["customer", "add", "--name", "周九", "--phone", "13900000003"]).stdout.trimmed
            _ = try daemon.ctlJSON(["message", "schedule", "--customer", customer, "--channel", "sms", "--text", "one"])
            try first.waitFor(count: 1)

            daemon.writeConfig(channels: [("sms", second.url("moved"))])
            daemon.child?.signal(SIGHUP)
            #expect(try eventually { try daemon.ctlJSON(["status"])["config_generation"]?.int == 2 })
            let movedId = try daemon.ctlJSON(["message", "schedule", "--customer", customer, "--channel", "sms", "--text", "two"])["id"]?.stringValue
            let atSecond = try second.waitFor(count: 1)
            #expect(atSecond.first?.webhookId == movedId)
            #expect(atSecond.first?.path == "/moved")
            #expect(try first.received().count == 1)

            try "[channels.sms\nurl = 1\n".write(toFile: daemon.configPath, atomically: true, encoding: .utf8)
            daemon.child?.signal(SIGHUP)
            #expect(eventually { daemon.log.contains("configuration not reloaded") })
            #expect(daemon.child?.isRunning == true)
            #expect(try daemon.ctlJSON(["status"])["config_generation"]?.int == 2)
            _ = try daemon.ctlJSON(["message", "schedule", "--customer", customer, "--channel", "sms", "--text", "three"])
            #expect(try second.waitFor(count: 2).count == 2)
            #expect(daemon.stop() == 0)
        }
    }
}
