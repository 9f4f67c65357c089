import Foundation
import HuifangControl
import HuifangTestSupport
import Testing

extension Integration {
    @Suite struct ControlProtocol {
        @Test("R-OPS-4 malformed JSON, an oversized line, unknown commands and bad arguments get error responses on a connection that stays usable, and change nothing")
        func badLinesGetErrors() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])
            try daemon.start()
            let connection = try daemon.connect()

            connection.send("this is not json\n")
            let malformed = try #require(connection.readResponse())
            #expect(malformed["ok"] == .bool(false))
            #expect(malformed["error"]?["code"]?.stringValue == "malformed_request")

            connection.send(Array(repeating: UInt8(ascii: "x"), count: 200_000) + [0x0A])
            let long = try #require(connection.readResponse())
            #expect(long["error"]?["code"]?.stringValue == "line_too_long")

            connection.send(#"{"v":1,"id":7,"cmd":"customer.teleport"}"# + "\n")
            let unknown = try #require(connection.readResponse())
            #expect(unknown["id"]?.int == 7)
            #expect(unknown["error"]?["code"]?.stringValue == "unknown_command")
            #expect(unknown["error"]?["field"]?.stringValue == "cmd")

            connection.send(#"{"v":1,"id":8,"cmd":"customer.add","args":{"phone":"13800000000"}}"# + "\n")
            let missing = try #require(connection.readResponse())
            #expect(missing["error"]?["code"]?.stringValue == "invalid_argument")
            #expect(missing["error"]?["field"]?.stringValue == "name")

            connection.send(#"{"v":1,"id":9,"cmd":"customer.add","args":{"name":"张三","phone":"13800000000","birthday":"1990-02-30"}}"# + "\n")
            let badDate = try #require(connection.readResponse())
            #expect(badDate["error"]?["field"]?.stringValue == "birthday")

            connection.send(#"{"v":1,"id":10,"cmd":"message.schedule","args":{"customer":"one","channel":"sms","text":"x"}}"# + "\n")
            let wrongType = try #require(connection.readResponse())
            #expect(wrongType["error"]?["field"]?.stringValue == "customer")

            connection.send([0xFF, 0xFE, 0x7B, 0x0A])  // invalid UTF-8
            #expect(try #require(connection.readResponse())["error"]?["code"]?.stringValue == "malformed_request")

            connection.send(#"[1,2,3]"# + "\n")
            #expect(try #require(connection.readResponse())["error"]?["code"]?.stringValue == "malformed_request")

            connection.send(#"{"id":12,"cmd":"status"}"# + "\n")
            let unversioned = try #require(connection.readResponse())
            #expect(unversioned["id"]?.int == 12)
            #expect(unversioned["error"]?["code"]?.stringValue == "version_mismatch")
            #expect(unversioned["error"]?["field"]?.stringValue == "v")

            connection.send(#"{"v":2,"id":13,"cmd":"customer.add","args":{"name":"张三"}}"# + "\n")
            let newer = try #require(connection.readResponse())
            #expect(newer["error"]?["code"]?.stringValue == "version_mismatch")
            #expect(newer["error"]?["message"]?.stringValue?.contains("protocol 2") == true)
            #expect(newer["v"]?.int == HuifangControl.ControlProtocol.version, "the answer says which version the daemon speaks")

            connection.send(#"{"v":1,"id":14,"cmd":"customer.add","args":{"name":"张三","wechat_id":7}}"# + "\n")
            let snake = try #require(connection.readResponse())
            #expect(snake["error"]?["field"]?.stringValue == "wechat_id", "fields are named as the wire spells them")

            connection.send(#"{"v":1,"id":15,"cmd":"customer.show","args":{"id":1.5}}"# + "\n")
            let fraction = try #require(connection.readResponse())
            #expect(fraction["error"]?["field"]?.stringValue == "id")

            connection.send(#"{"v":1,"id":16,"cmd":"customer.show","args":"x"}"# + "\n")
            let notObject = try #require(connection.readResponse())
            #expect(notObject["error"]?["field"]?.stringValue == "args")

            connection.send(#"{"v":1,"id":11,"cmd":"status"}"# + "\n")
            let status = try #require(connection.readResponse())
            #expect(status["ok"] == .bool(true))
            #expect(status["id"]?.int == 11)
            #expect(status["result"]?["messages"]?["pending"]?.int == 0)

            #expect(daemon.child?.isRunning == true)
            let customers = try #require(try daemon.ctlJSON(["customer", "list"]).array)
            #expect(customers.isEmpty, "a failed request wrote something")
        }

        @Test("R-OPS-2 the control socket is created with the configured mode and removed on exit")
        func socketModeAndCleanup() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])
            try daemon.start()
            let attributes = try FileManager.default.attributesOfItem(atPath: daemon.socketPath)
            #expect((attributes[.posixPermissions] as? Int) == 0o660)
            #expect(daemon.stop() == 0)
            #expect(!FileManager.default.fileExists(atPath: daemon.socketPath))
        }

        @Test("R-OPS-4 huifangctl prints the daemon's error naming the field and exits non-zero")
        func ctlReportsErrors() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])
            try daemon.start()
            let badPhone = try daemon.ctl(["customer", "add", "--name", "王五", "--phone", "call me"])
            #expect(badPhone.status == 65)
            #expect(badPhone.stderr.contains("invalid_argument: --phone:"), "the flag as typed: \(badPhone.stderr)")
            let phoneJSON = try daemon.ctl(["--json", "customer", "add", "--name", "王五", "--phone", "call me"])
            #expect(phoneJSON.stdout.contains(#""field":"phone""#), "scripts keep the request's field: \(phoneJSON.stdout)")
            // A flag named otherwise than its field, and a field given positionally.
            let lunar = try daemon.ctl(["customer", "add", "--name", "王五", "--phone", "13800000005", "--lunar-birthday", "十三月初一"])
            #expect(lunar.status == 65 && lunar.stderr.contains("invalid_argument: --lunar-birthday: '十三月初一' is not a lunar date"),
                    "\(lunar.stderr)")
            let year = try daemon.ctl(["customer", "add", "--name", "王五", "--phone", "13800000005", "--lunar-birthday", "三月初八",
                                       "--birth-year=3000"])
            #expect(year.status == 65 && year.stderr.contains("invalid_argument: --birth-year: "), "\(year.stderr)")
            let missing = try daemon.ctl(["customer", "show", "4242"])
            #expect(missing.status == 66)
            #expect(missing.stderr.contains("not_found"))
            let badChannel = try daemon.ctl(["message", "schedule", "--customer", "1", "--channel", "fax", "--text", "x"])
            #expect(badChannel.status == 65)
            #expect(badChannel.stderr.contains("channel"))
            let badTime = try daemon.ctl(["message", "schedule", "--customer", "1", "--channel", "sms", "--text", "x", "--at", "tomorrow"])
            #expect(badTime.status == 65)
            #expect(badTime.stderr.contains("at:"))
            let usage = try daemon.ctl(["customer", "add", "--phone", "123456"])
            #expect(usage.status == 64, "a missing --name is a usage error")
            #expect(try #require(try daemon.ctlJSON(["customer", "list"]).array).isEmpty)
        }

        @Test("R-OPS-2 huifangctl takes the socket from HUIFANG_SOCKET, options before or after the verb, and exits 69 when no daemon answers")
        func ctlSocketSelection() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])
            try daemon.start()
            let ctl = TestPaths.binary("huifangctl")
            let viaEnv = try ChildProcess.run(ctl, ["--json", "status"], environment: ["HUIFANG_SOCKET": daemon.socketPath])
            #expect(viaEnv.status == 0, "\(viaEnv.stderr)")
            #expect(viaEnv.stdout.contains("\"config_generation\":1"))
            let after = try ChildProcess.run(ctl, ["status", "--json", "--socket", daemon.socketPath])
            #expect(after.status == 0)
            #expect(after.stdout.hasPrefix("{"))
            let human = try ChildProcess.run(ctl, ["--socket", daemon.socketPath, "status"])
            #expect(human.stdout.contains("sms:      closed; 0 pending, 0 overdue, 0 dead"), "\(human.stdout)")
            let nobody = try ChildProcess.run(ctl, ["--socket", daemon.directory.file("nobody.sock"), "status"])
            #expect(nobody.status == 69)
            #expect(nobody.stderr.contains("cannot connect"))
        }

        @Test("R-OPS-2 a second daemon on the same socket or store refuses to start")
        func secondDaemonRefused() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])
            try daemon.start()
            let second = try ChildProcess.run(TestPaths.binary("huifangd"), ["--config", daemon.configPath])
            #expect(second.status != 0)
            #expect(second.stderr.contains("another huifangd"), "\(second.stderr)")
            #expect(daemon.child?.isRunning == true)
            #expect(try daemon.ctl(["status"]).status == 0)
        }
    }
}
