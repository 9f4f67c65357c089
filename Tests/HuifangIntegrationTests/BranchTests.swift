import Foundation
import HuifangControl
import HuifangTestSupport
import Testing

/// A chain's branches (issue 16) as their customers meet them. Roles limited to a branch
/// are in `RolesTests`.
extension Integration {
    @Suite struct Branches {
        @Test("R-OPS-5 R-TIME-1 a branch's own contact windows hold its customers' windowed messages; another branch's go out")
        func branchWindows() throws {
            let sink = try WebhookSink()
            let utc = TimeZone(identifier: "UTC")!
            let formatter = DateFormatter()
            formatter.timeZone = utc
            formatter.dateFormat = "HH:mm"
            let now = Date()
            let opens = formatter.string(from: now.addingTimeInterval(2 * 3600))
            let closes = formatter.string(from: now.addingTimeInterval(3 * 3600))
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))], extra: """
                [windows]
                later = ["\(opens)-\(closes)"]
                # Open all day, so the day branch's message goes out whatever the hour the test runs.
                messages = ["00:00-24:00"]

                [[branches]]
                id = "pudong"
                name = "回访口腔（浦东店）"

                [[branches]]
                id = "night"
                name = "回访口腔（夜店）"
                windows = "later"
                """)
            try daemon.start()
            let day = try daemon.ctl(["customer", "add", "--name", "日间客人", "--phone", "13800000001", "--branch", "pudong", "--tz", "UTC"]).stdout.trimmed
            let night = try daemon.ctl(["customer", "add", "--name", "夜间客人", "--phone", "13800000002", "--branch", "night", "--tz", "UTC"]).stdout.trimmed
            let sent = try #require(try daemon.ctlJSON(["message", "schedule", "--customer", day, "--channel", "sms", "--text", "白天",
                                                        "--windowed"])["id"]?.stringValue)
            let held = try #require(try daemon.ctlJSON(["message", "schedule", "--customer", night, "--channel", "sms", "--text", "晚上",
                                                        "--windowed"])["id"]?.stringValue)
            #expect(try eventually { try daemon.ctlJSON(["message", "show", sent])["status"]?.stringValue == "delivered" })
            var shown = JSONValue.null
            #expect(try eventually { shown = try daemon.ctlJSON(["message", "show", held]); return shown["last_error"] != nil && shown["last_error"] != .null })
            #expect(shown["status"]?.stringValue == "pending" && shown["attempt_count"]?.int == 0, "\(shown)")
            #expect(shown["last_error"]?.stringValue?.hasPrefix("window: outside the sms contact window") == true, "\(shown)")
            #expect(try sink.received().map(\.webhookId) == [sent])

            // A window set the config does not have is refused, naming the branch.
            let bad = daemon.directory.write("bad.toml", """
                [[branches]]
                id = "x"
                name = "某店"
                windows = "nowhere"

                [channels.sms]
                url = "http://127.0.0.1:1/sms"
                secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
                """)
            let check = try ChildProcess.run(TestPaths.binary("huifangd"), ["--config", bad, "--check-config"])
            #expect(check.status == 78 && check.stderr.contains("[[branches]] 'x' windows 'nowhere' is not a [windows] set"), "\(check.stderr)")
            #expect(daemon.stop() == 0)
        }
    }
}
