import Foundation
import HuifangControl
import HuifangTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension Integration {
    /// The delivery engine against a scriptable faulty receiver (issue: delivery that loses nothing).
    @Suite struct DeliveryEngine {
        private func addCustomer(_ daemon: DaemonHarness, email: Bool = false, phone: String = "13800000000") throws -> String {
            var args = ["customer", "add", "--name", "测试客户", "--phone", phone]
            if email { args += ["--email", "kehu@example.com"] }
            let result = try daemon.ctl(args)
            guard result.status == 0 else { throw TestFailure(result.stderr) }
            return result.stdout.trimmed
        }

        private func schedule(_ daemon: DaemonHarness, _ customer: String, channel: String = "sms",
                              _ more: [String] = []) throws -> String {
            let value = try daemon.ctlJSON(["message", "schedule", "--customer", customer, "--channel", channel, "--text", "您好"] + more)
            return try #require(value["id"]?.stringValue)
        }

        private func waitForStatus(_ daemon: DaemonHarness, _ id: String, _ status: String, timeout: TimeInterval = 10) throws -> JSONValue {
            var shown = JSONValue.null
            _ = try eventually(timeout: timeout) {
                shown = try daemon.ctlJSON(["message", "show", id])
                return shown["status"]?.stringValue == status
            }
            return shown
        }

        @Test("R-DLV-3 a timeout and a dropped connection are retried until the receiver answers 2xx")
        func timeoutAndDroppedConnectionRetried() throws {
            let sink = try WebhookSink()
            try sink.script([SinkReply(status: 200, delayMs: 1500), SinkReply(close: true)])
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))], channelSettings: ["sms": ["timeout_ms = 300"]])
            try daemon.start()
            let id = try schedule(daemon, try addCustomer(daemon))
            let shown = try waitForStatus(daemon, id, "delivered")
            let attempts = try #require(shown["attempts"]?.array)
            #expect(attempts.count == 3)
            #expect(attempts.map { $0["outcome"]?.stringValue } == ["retry", "retry", "delivered"])
            #expect(attempts.first?["error"]?.stringValue == "timeout")
            #expect(try sink.received().allSatisfy { $0.webhookId == id })
        }

        @Test("R-DLV-3 Retry-After is honoured even when longer than the back-off cap")
        func retryAfterHonoured() throws {
            let sink = try WebhookSink()
            try sink.script([SinkReply(status: 429, retryAfter: "2")])
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])  // back-off cap 1 s
            try daemon.start()
            let id = try schedule(daemon, try addCustomer(daemon))
            let hooks = try sink.waitFor(count: 2, timeout: 10)
            #expect(hooks[1].receivedDate.timeIntervalSince(hooks[0].receivedDate) >= 1.95)
            _ = try waitForStatus(daemon, id, "delivered")
        }

        @Test("R-DLV-3 after the last attempt the message is dead with the reason; message retry sends it again")
        func deadLetterAndRetry() throws {
            let sink = try WebhookSink()
            try sink.script(Array(repeating: SinkReply(status: 500), count: 3))
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))], delivery: ["max_attempts = 3"])
            try daemon.start()
            let id = try schedule(daemon, try addCustomer(daemon))
            let dead = try waitForStatus(daemon, id, "dead")
            #expect(dead["last_error"]?.stringValue == "HTTP 500 (after 3 attempts)")
            let listed = try daemon.ctl(["message", "list", "--status", "dead"])
            #expect(listed.stdout.contains("HTTP 500 (after 3 attempts)"), "the list shows the reason")

            let retried = try daemon.ctlJSON(["message", "retry", id])
            #expect(retried["status"]?.stringValue == "pending")
            let delivered = try waitForStatus(daemon, id, "delivered")
            #expect(delivered["attempts"]?.array?.map { $0["attempt"]?.int } == [1, 2, 3, 4])
            let again = try daemon.ctl(["message", "retry", id])
            #expect(again.status == 65)
            #expect(again.stderr.contains("conflict"))
        }

        @Test("R-DLV-3 message replay re-queues dead letters by status, channel and time, and prints how many")
        func replayDeadLetters() throws {
            let sink = try WebhookSink()
            try sink.script([SinkReply(status: 404), SinkReply(status: 404), SinkReply(status: 404)])
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms")), ("email", sink.url("email"))])
            try daemon.start()
            let customer = try addCustomer(daemon, email: true)
            let smsIds = [try schedule(daemon, customer), try schedule(daemon, customer)]
            let emailId = try schedule(daemon, customer, channel: "email")
            for id in smsIds + [emailId] { _ = try waitForStatus(daemon, id, "dead") }

            let future = iso(Date().addingTimeInterval(3600))
            let none = try daemon.ctl(["message", "replay", "--status", "dead", "--since", future])
            #expect(none.stdout.trimmed == "0 messages re-queued")
            let sms = try daemon.ctlJSON(["message", "replay", "--status", "dead", "--channel", "sms"])
            #expect(sms["count"]?.int == 2)
            for id in smsIds { _ = try waitForStatus(daemon, id, "delivered") }
            #expect(try daemon.ctlJSON(["message", "show", emailId])["status"]?.stringValue == "dead")
            let rest = try daemon.ctl(["message", "replay", "--status", "dead"])
            #expect(rest.stdout.trimmed == "1 message re-queued")
            _ = try waitForStatus(daemon, emailId, "delivered")
            let bad = try daemon.ctl(["message", "replay", "--status", "delivered"])
            #expect(bad.status == 65)
            #expect(bad.stderr.contains("status"))
        }

        @Test("R-DLV-3 the circuit opens after N consecutive failures, messages wait without attempts, and it closes after recovery")
        func circuitBreaker() throws {
            let sink = try WebhookSink()
            try sink.script(Array(repeating: SinkReply(status: 503), count: 3))
            let daemon = DaemonHarness(
                channels: [("sms", sink.url("sms"))], delivery: ["max_attempts = 20"],
                channelSettings: ["sms": ["circuit_failure_threshold = 3", "circuit_cool_down_ms = 1500"]])
            try daemon.start()
            let customer = try addCustomer(daemon)
            let first = try schedule(daemon, customer)
            var endpoint = JSONValue.null
            #expect(try eventually {
                endpoint = try #require(try daemon.ctlJSON(["endpoint", "list"]).array?.first)
                return endpoint["state"]?.stringValue == "open"
            })
            #expect(endpoint["consecutive_failures"]?.int == 3)
            #expect(endpoint["last_error"]?.stringValue == "HTTP 503")
            #expect(endpoint["open_until"]?.stringValue != nil)

            let waiting = try schedule(daemon, customer)
            usleep(300_000)
            let held = try daemon.ctlJSON(["message", "show", waiting])
            #expect(held["status"]?.stringValue == "pending", "held while the circuit is open")
            #expect(held["attempt_count"]?.int == 0, "waiting is not an attempt")
            #expect(try sink.received().count == 3)

            _ = try waitForStatus(daemon, first, "delivered")
            _ = try waitForStatus(daemon, waiting, "delivered")
            let recovered = try #require(try daemon.ctlJSON(["endpoint", "list"]).array?.first)
            #expect(recovered["state"]?.stringValue == "closed")
            #expect(recovered["consecutive_failures"]?.int == 0)
        }

        @Test("R-DLV-1 an operator's pause holds an endpoint's messages, survives a restart, and resume sends them")
        func pauseAndResume() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])
            try daemon.start()
            let paused = try daemon.ctl(["endpoint", "pause", "sms"])
            #expect(paused.stdout.trimmed == "sms paused")
            let id = try schedule(daemon, try addCustomer(daemon))
            usleep(500_000)
            #expect(try sink.received().isEmpty)
            #expect(daemon.stop() == 0)
            try daemon.start()
            let listed = try daemon.ctl(["endpoint", "list"])
            #expect(listed.stdout.contains("paused"), "\(listed.stdout)")
            usleep(300_000)
            #expect(try daemon.ctlJSON(["message", "show", id])["status"]?.stringValue == "pending")
            // status shows each endpoint's queue: the held message is pending and overdue.
            let status = try daemon.ctl(["status"]).stdout
            let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("sms:") }, "\(status)")
            #expect(line.contains("paused; 1 pending, 1 overdue (oldest due ") && line.contains("0 dead; 0/"), "\(line)")
            #expect(try daemon.ctlJSON(["status"])["endpoints"]?.array?.first?["overdue"]?.int == 1)
            #expect(try daemon.ctl(["endpoint", "resume", "sms"]).stdout.trimmed == "sms closed")
            _ = try waitForStatus(daemon, id, "delivered")
            let fax = try daemon.ctl(["endpoint", "pause", "fax"])
            #expect(fax.status == 66 && fax.stderr.contains("no channel named fax (configured: sms)"), "\(fax.stderr)")
        }

        @Test("R-DLV-1 a pause in a burst hands back at once what was claimed ahead: nothing stays leased until its lease runs out")
        func pauseHandsBackClaimedAhead() throws {
            let sink = try WebhookSink()
            try sink.setDefault(SinkReply(status: 200, delayMs: 300))
            // Batches of 8 (4 × max_in_flight): the first claim comes back full, so the next
            // batch is claimed ahead while the first is sent. Leases last 5 s.
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))], channelSettings: ["sms": ["max_in_flight = 2"]])
            try daemon.start()
            #expect(try daemon.ctl(["endpoint", "pause", "sms"]).status == 0)
            let customer = try addCustomer(daemon)
            let ids = try (0..<30).map { _ in try schedule(daemon, customer) }
            #expect(try daemon.ctl(["endpoint", "resume", "sms"]).status == 0)
            try sink.waitFor(count: 1, timeout: 10)
            #expect(try daemon.ctl(["endpoint", "pause", "sms"]).status == 0)
            // The two in flight finish (0.3 s); everything else is pending again long before 5 s.
            let start = Date()
            #expect(try eventually(timeout: 4) {
                try daemon.ctlJSON(["message", "list", "--status", "sending"]).array?.isEmpty == true
            })
            #expect(Date().timeIntervalSince(start) < 4)
            let delivered = try daemon.ctlJSON(["message", "list", "--status", "delivered", "--limit", "100"]).array?.count ?? 0
            let pending = try daemon.ctlJSON(["message", "list", "--status", "pending", "--limit", "100"]).array?.count ?? 0
            #expect(delivered + pending == ids.count, "delivered \(delivered), pending \(pending)")
            #expect(pending >= ids.count - 8, "at most the first batch went out: \(pending) pending")
            #expect(try daemon.ctl(["endpoint", "resume", "sms"]).status == 0)
            for id in ids { _ = try waitForStatus(daemon, id, "delivered", timeout: 20) }
            #expect(try sink.received().count == ids.count, "each message once")
        }

        @Test("R-DLV-4 a message dead on SMS falls back to the customer's e-mail, linked to the original")
        func channelFallback() throws {
            let sink = try WebhookSink()
            try sink.script([SinkReply(status: 400)])
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms")), ("email", sink.url("email"))],
                                       delivery: ["fallback_order = [\"sms\", \"email\"]"])
            try daemon.start()
            let id = try schedule(daemon, try addCustomer(daemon, email: true))
            _ = try waitForStatus(daemon, id, "dead")
            let hooks = try sink.waitFor(count: 2)
            #expect(hooks.map(\.path) == ["/sms", "/email"])
            let fallbackId = try #require(hooks[1].webhookId)
            #expect(fallbackId != id)
            let fallback = try waitForStatus(daemon, fallbackId, "delivered")
            #expect(fallback["fallback_of"]?.stringValue == id)
            #expect(fallback["channel"]?.stringValue == "email")
            #expect(hooks[1].body?["customer"]?["email"]?.stringValue == "kehu@example.com")

            // A customer without an e-mail address has nowhere to fall back to.
            try sink.script([SinkReply(status: 400)])
            let lonely = try schedule(daemon, try addCustomer(daemon, email: false, phone: "13900000000"))
            _ = try waitForStatus(daemon, lonely, "dead")
            usleep(300_000)
            #expect(try sink.received().count == 3)
        }

        @Test("R-DLV-1 the rate limit spaces requests: a burst, then one per 1/rate seconds")
        func rateLimit() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))],
                                       channelSettings: ["sms": ["rate_limit_per_second = 5"]])
            try daemon.start()
            let customer = try addCustomer(daemon)
            for _ in 0..<8 { _ = try schedule(daemon, customer) }
            let hooks = try sink.waitFor(count: 8, timeout: 10).sorted { $0.receivedAt < $1.receivedAt }
            // Burst of 5, then 3 more at 5/s: at least 0.6 s from the first to the last.
            #expect(hooks[7].receivedAt - hooks[0].receivedAt >= 0.55)
        }

        @Test("R-DLV-1 no more requests are in flight to an endpoint than its max_in_flight")
        func concurrencyCap() throws {
            let sink = try WebhookSink()
            try sink.setDefault(SinkReply(status: 200, delayMs: 300))
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))], channelSettings: ["sms": ["max_in_flight = 2"]])
            try daemon.start()
            let customer = try addCustomer(daemon)
            let ids = try (0..<6).map { _ in try schedule(daemon, customer) }
            try sink.waitFor(count: 6, timeout: 10)
            for id in ids { _ = try waitForStatus(daemon, id, "delivered") }
            #expect(try sink.maxConcurrent() == 2)
        }

        @Test("R-TIME-5 work that fell due while the daemon was down is sent on restart; work that went stale is skipped with the reason")
        func staleAfterDowntime() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])
            try daemon.start()
            let customer = try addCustomer(daemon)
            let due = Date().addingTimeInterval(1)
            let stale = try schedule(daemon, customer, ["--at", iso(due), "--expires", iso(due.addingTimeInterval(0.5))])
            let late = try schedule(daemon, customer, ["--at", iso(due)])
            #expect(daemon.stop() == 0)
            usleep(UInt32(max(0, due.addingTimeInterval(0.7).timeIntervalSinceNow) * 1_000_000))
            try daemon.start()
            let skipped = try waitForStatus(daemon, stale, "skipped")
            #expect(skipped["last_error"]?.stringValue?.hasPrefix("stale:") == true)
            #expect(skipped["attempts"]?.array?.isEmpty == true)
            _ = try waitForStatus(daemon, late, "delivered")
            #expect(try sink.received().map(\.webhookId) == [late])
        }
    }
}

extension Integration {
    @Suite struct RetrySchedule {
        @Test("R-DLV-3 a gateway down longer than exponential back-off would allow: the channel's schedule (scaled down) keeps the message until it is back")
        func outageOutlasted() throws {
            let sink = try WebhookSink()
            // Five failures in a row: 1 + 2 + 4 + … back-off capped at 1 s would spend the
            // harness's default budget; this channel waits on its own schedule instead.
            try sink.script(Array(repeating: SinkReply(status: 503), count: 5))
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))],
                                       channelSettings: ["sms": ["retry_schedule = [\"300ms\", \"600ms\", \"1s\", \"1500ms\", \"2s\", \"3s\"]",
                                                                 "circuit_failure_threshold = 100"]])
            try daemon.start()
            let customer = try daemon.ctl(["customer", "add", "--name", "王小梅", "--phone", "13800000000"]).stdout.trimmed
            let id = try #require(try daemon.ctlJSON(["message", "schedule", "--customer", customer, "--channel", "sms",
                                                      "--text", "术后第三天回访"])["id"]?.stringValue)
            var shown = JSONValue.null
            #expect(try eventually(timeout: 30) {
                shown = try daemon.ctlJSON(["message", "show", id])
                return shown["status"]?.stringValue == "delivered"
            }, "\(shown)")
            let attempts = try #require(shown["attempts"]?.array)
            #expect(attempts.count == 6)
            let starts = attempts.compactMap { $0["started_at"]?.stringValue.flatMap(ControlCoding.parseTimestamp) }
            let waits = zip(starts.dropFirst(), starts).map { $0.timeIntervalSince($1) }
            for (wait, planned) in zip(waits, [0.3, 0.6, 1.0, 1.5, 2.0]) {
                #expect(wait >= planned * 0.8 - 0.05 && wait <= planned * 1.2 + 0.6, "waited \(wait) s for \(planned) s")
            }
        }
    }
}

extension Integration {
    @Suite struct KeyRotation {
        static let newSecret = "whsec_bmV3LXNlY3JldC1mb3Itcm90YXRpb24tMDEyMzQ1Njc="

        @Test("R-DLV-6 during a rotation every request carries a signature per secret: receivers on the old and on the new key both verify it with the reference library; an expired secret signs nothing")
        func twoSignatures() throws {
            let old = try WebhookSink()
            let fresh = try WebhookSink(secret: Self.newSecret)
            let rotating = ["secrets = [\"\(Self.newSecret)\", { secret = \"whsec_ZXhwaXJlZC1zZWNyZXQtMDEyMzQ1Njc4OWFiY2RlZg==\", until = \"2020-01-01T00:00:00+08:00\" }]",
                            "window = \"always\""]
            let daemon = DaemonHarness(channels: [("sms", old.url("sms")), ("email", fresh.url("email"))],
                                       channelSettings: ["sms": rotating, "email": rotating])
            try daemon.start()
            let customer = try daemon.ctl(["customer", "add", "--name", "王小梅", "--phone", "13800000000", "--email", "w@example.com"]).stdout.trimmed
            for channel in ["sms", "email"] {
                #expect(try daemon.ctl(["message", "schedule", "--customer", customer, "--channel", channel, "--text", "回访"]).status == 0)
            }
            for sink in [old, fresh] {
                let hook = try #require(try sink.waitFor(count: 1).first)
                #expect(hook.verified, "verified by \(hook.verifier)")
                #expect(hook.webhookSignature?.split(separator: " ").count == 2, "one v1 signature per valid secret: \(hook.webhookSignature ?? "")")
            }
            let plan = try daemon.ctlJSON(["endpoint", "rotate", "sms"])
            #expect(plan["new_secret"]?.stringValue?.hasPrefix("whsec_") == true)
            #expect(plan["secrets"]?.array?.count == 3)
            #expect(plan["secrets"]?.array?.last?.stringValue?.hasSuffix("(expired)") == true)
        }

        @Test("R-DLV-6 a 410 Gone pauses the endpoint with the reason, alerts on the report channel and in status, and holds what follows until resume")
        func goneEndpoint() throws {
            let sink = try WebhookSink()
            try sink.script([SinkReply(status: 410)])
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms")), ("report", sink.url("report"))],
                                       // Scheduled reports off: at 20:00 in Shanghai the daily one would reach the sink first.
                                       extra: "[reports]\nchannel = \"report\"\ndeliver = false\n",
                                       channelSettings: ["sms": ["window = \"always\""], "report": ["window = \"always\""]])
            try daemon.start()
            let customer = try daemon.ctl(["customer", "add", "--name", "王小梅", "--phone", "13800000000"]).stdout.trimmed
            let first = try #require(try daemon.ctlJSON(["message", "schedule", "--customer", customer, "--channel", "sms", "--text", "回访"])["id"]?.stringValue)
            let alert = try #require(try sink.waitFor(count: 2).first { $0.path == "/report" })
            #expect(alert.body?["type"]?.stringValue == "endpoint.gone")
            #expect(alert.body?["text"]?.stringValue?.contains("sms 通道的网关返回 410 Gone") == true)
            #expect(try daemon.ctlJSON(["message", "show", first])["status"]?.stringValue == "dead")
            let endpoint = try #require(try daemon.ctlJSON(["endpoint", "list"]).array?.first { $0["name"]?.stringValue == "sms" })
            #expect(endpoint["state"]?.stringValue == "paused")
            #expect(endpoint["pause_reason"]?.stringValue?.hasPrefix("gone: HTTP 410") == true)
            #expect(try daemon.ctl(["status"]).stdout.contains("ALERT:    endpoint sms paused since"))

            let second = try #require(try daemon.ctlJSON(["message", "schedule", "--customer", customer, "--channel", "sms", "--text", "再次回访"])["id"]?.stringValue)
            Thread.sleep(forTimeInterval: 1)
            #expect(try daemon.ctlJSON(["message", "show", second])["status"]?.stringValue == "pending", "held while the endpoint is gone")
            // Across a restart the pause and its reason stay.
            #expect(daemon.stop() == 0)
            try daemon.start()
            #expect(try daemon.ctl(["status"]).stdout.contains("gone: HTTP 410"))
            #expect(try daemon.ctl(["endpoint", "resume", "sms"]).status == 0)
            #expect(try eventually { try daemon.ctlJSON(["message", "show", second])["status"]?.stringValue == "delivered" })
            #expect(try daemon.ctlJSON(["status"])["alerts"] == nil)
        }
    }
}

extension Integration {
    @Suite struct Operator {
        @Test("R-OPS-3 the store and its backups are created without access for others, whatever the umask; --version names the release")
        func fileModesAndVersion() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])
            let previous = umask(0o002)
            defer { umask(previous) }
            try daemon.start()
            #expect(try daemon.ctl(["backup", "now"]).status == 0)
            let backups = try FileManager.default.contentsOfDirectory(atPath: daemon.directory.file("backups"))
            for path in [daemon.storePath] + backups.map({ daemon.directory.file("backups/\($0)") }) {
                let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
                #expect(mode & 0o007 == 0, "\(path) is \(String(mode, radix: 8))")
            }
            for binary in ["huifangd", "huifangctl"] {
                let version = try ChildProcess.run(TestPaths.binary(binary), ["--version"])
                #expect(version.status == 0 && version.stdout.hasPrefix("\(binary) 0."), "\(version.stdout)")
            }
            let endpoints = try #require(try daemon.ctlJSON(["endpoint", "list"]).array)
            #expect(endpoints.first?["pending"]?.int == 0 && endpoints.first?["dead"]?.int == 0)
        }

        @Test("R-OPS-1 R-OPS-4 SIGHUP with a config nested 50,000 deep: the running daemon logs the refusal and stays up on its old config")
        func deepReload() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])
            try daemon.start()
            let before = try #require(try daemon.ctlJSON(["status"])["config_generation"]?.int)
            try ("[store]\npath = " + String(repeating: "[", count: 50_000) + "\n").write(toFile: daemon.configPath, atomically: true, encoding: .utf8)
            daemon.child?.signal(SIGHUP)
            #expect(eventually(timeout: 10) { daemon.log.contains("nest deeper than 32 levels") }, "\(daemon.log.suffix(1000))")
            #expect(daemon.child?.isRunning == true)
            #expect(try daemon.ctlJSON(["status"])["config_generation"]?.int == before, "the old config stays in force")
        }

        @Test("R-DLV-7 message list narrows by channel, customer and due time, and says when it stopped at the limit")
        func messageListFilters() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms")), ("email", sink.url("email"))])
            try daemon.start()
            let a = try daemon.ctl(["customer", "add", "--name", "王小梅", "--phone", "13800000000"]).stdout.trimmed
            let b = try daemon.ctl(["customer", "add", "--name", "李娜", "--email", "l@example.com"]).stdout.trimmed
            for _ in 0..<3 { #expect(try daemon.ctl(["message", "schedule", "--customer", a, "--channel", "sms", "--text", "回访"]).status == 0) }
            #expect(try daemon.ctl(["message", "schedule", "--customer", b, "--channel", "email", "--text", "回访"]).status == 0)
            #expect(try daemon.ctlJSON(["message", "list", "--channel", "email"]).array?.count == 1)
            #expect(try daemon.ctlJSON(["message", "list", "--customer", a]).array?.count == 3)
            #expect(try daemon.ctlJSON(["message", "list", "--since", "明天 00:00"]).array?.count == 0)
            let cut = try daemon.ctl(["message", "list", "--limit", "2"])
            #expect(cut.stdout.contains("more: the list stops at 2"), "\(cut.stdout)")
            #expect(try daemon.ctlJSON(["message", "list", "--limit", "2"]).array?.count == 2)
            let bad = try daemon.ctl(["message", "list", "--channel", "fax"])
            #expect(bad.status != 0 && bad.stderr.contains("channel: is not a configured channel"))
        }

        @Test("R-OPS-1 under journald each log line carries its priority and no timestamp of its own; admin log-level changes the level at once")
        func journaldAndLogLevel() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])
            try daemon.start(environment: ["JOURNAL_STREAM": "8:12345"])
            #expect(eventually { daemon.log.contains("<5>notice huifangd:") && daemon.log.contains("huifangd started") }, "\(daemon.log.prefix(600))")
            #expect(!daemon.log.contains("2026-") && !daemon.log.contains("+0000"), "no second timestamp: \(daemon.log.prefix(300))")
            let customer = try daemon.ctl(["customer", "add", "--name", "王小梅", "--phone", "13800000000"]).stdout.trimmed
            #expect(try daemon.ctlJSON(["admin", "log-level", "warning"])["level"]?.stringValue == "warning")
            #expect(try daemon.ctl(["visit", "add", "--customer", customer, "--service", "laser", "--staff", "李医生"]).status == 0)
            #expect(!daemon.log.contains("visit recorded"), "info is below warning")
            #expect(try daemon.ctl(["admin", "log-level", "info"]).status == 0)
            #expect(try daemon.ctl(["visit", "add", "--customer", customer, "--service", "laser", "--staff", "李医生"]).status == 0)
            #expect(eventually { daemon.log.contains("<6>info huifangd:") && daemon.log.contains("visit recorded") })
            let bad = try daemon.ctl(["admin", "log-level", "loud"])
            #expect(bad.status != 0 && bad.stderr.contains("level: must be one of"))
        }

        @Test("R-OPS-4 a full disk is told to huifangctl as unavailable: store: disk full (exit 75), changes nothing, shows in status, and the daemon goes on once there is room")
        func diskFull() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])
            let disk = daemon.directory.file("disk")
            try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
            let mounted = try ChildProcess.run("/bin/mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", disk])
            guard mounted.status == 0 else {
                Issue.record("this test fills a small tmpfs: it needs root and mount (\(mounted.stderr))")
                return
            }
            defer { _ = try? ChildProcess.run("/bin/umount", ["-l", disk]) }
            let config = try String(contentsOfFile: daemon.configPath, encoding: .utf8)
            try config.replacingOccurrences(of: "path = \"\(daemon.storePath)\"", with: "path = \"\(disk)/huifang.sqlite\"")
                .write(toFile: daemon.configPath, atomically: true, encoding: .utf8)
            try daemon.start()
            #expect(try daemon.ctl(["customer", "add", "--name", "王小梅", "--phone", "13800000000"]).status == 0)
            // Fill the disk.
            let filler = "\(disk)/filler"
            #expect(FileManager.default.createFile(atPath: filler, contents: nil))
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: filler))
            let block = Data(repeating: 0x5A, count: 64 * 1024)
            while (try? handle.write(contentsOf: block)) != nil {}
            try? handle.close()
            let refused = try daemon.ctl(["customer", "add", "--name", "李娜", "--phone", "13900000001", "--notes", String(repeating: "备注", count: 2000)])
            #expect(refused.status == 75, "\(refused.stderr)")
            #expect(refused.stderr.contains("unavailable: store: disk full"), "\(refused.stderr)")
            let full = try daemon.ctl(["status"])
            #expect(full.stdout.contains("ALERT:") && full.stdout.contains("disk full"), "\(full.stdout)")
            try FileManager.default.removeItem(atPath: filler)
            #expect(eventually(timeout: 10) { (try? daemon.ctl(["status"]).stdout.contains("disk full")) == false },
                    "the alert goes once there is room")
            #expect(try daemon.ctl(["customer", "add", "--name", "李娜", "--phone", "13900000001"]).status == 0)
            #expect(try daemon.ctlJSON(["customer", "find", "李娜"]).array?.count == 1, "the refused add left nothing behind")
            #expect(daemon.child?.isRunning == true)
        }

        @Test("R-PPL-1 tables line up with wide characters, emoji and combining marks, and fit a narrow terminal with …")
        func tablesForPeople() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])
            try daemon.start()
            for (name, phone) in [("王😀", "13800000001"), ("Jose\u{301}", "13800000002"), ("李四", "13800000003")] {
                #expect(try daemon.ctl(["customer", "add", "--name", name, "--phone", phone]).status == 0)
            }
            let lines = try daemon.ctl(["customer", "list"]).stdout.split(separator: "\n").map(String.init)
            // Every name is four columns wide: the phone column starts at the same byte offset
            // after the name on each line, counted in display columns.
            let starts = lines.dropFirst().map { line in line.range(of: "+86").map { line[..<$0.lowerBound] } ?? "" }
            let columns = starts.map { prefix in prefix.reduce(0) { count, character in
                count + (character.unicodeScalars.first.map { $0.value >= 0x1100 || $0.properties.isEmojiPresentation } == true ? 2 : 1)
            } }
            #expect(Set(columns).count == 1, "\(lines)")
            let narrow = try daemon.ctl(["customer", "list"], environment: ["COLUMNS": "50"])
            let rows = narrow.stdout.split(separator: "\n").filter { $0.contains("+86") }
            #expect(rows.count == 3)
            #expect(rows.allSatisfy { $0.hasSuffix("…") }, "\(narrow.stdout)")
        }

        @Test("R-OPS-3 a backup moved over the store of a running daemon stops it with the reason, instead of losing the rows it would write")
        func storeReplaced() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])
            try daemon.start()
            #expect(try daemon.ctl(["customer", "add", "--name", "王小梅", "--phone", "13800000000"]).status == 0)
            let backup = try #require(try daemon.ctlJSON(["backup", "now"])["file"]?.stringValue)
            #expect(rename(backup, daemon.storePath) == 0)
            let status = daemon.child?.wait(timeout: 20)
            #expect(status != nil && status != 0, "it stopped, with an error")
            #expect(daemon.log.contains("was replaced while huifangd ran"), "\(daemon.log.suffix(800))")
        }

        @Test("R-OPS-4 under --json a refusal is also a JSON object on standard output")
        func jsonErrors() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])
            try daemon.start()
            let refused = try daemon.ctl(["--json", "message", "list", "--channel", "fax"])
            #expect(refused.status == 65)
            let error = try JSONDecoder().decode(JSONValue.self, from: Data(refused.stdout.utf8))["error"]
            #expect(error?["code"]?.stringValue == "invalid_argument")
            #expect(error?["field"]?.stringValue == "channel")
            #expect(error?["message"]?.stringValue == "is not a configured channel")
        }
    }
}
