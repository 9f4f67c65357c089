import Foundation
import HuifangControl
import HuifangDelivery
import HuifangTestSupport
import Testing

/// What operators watch over HTTP (R-IN-5), and what the listener survives (R-IN-4).
extension Integration {
    @Suite struct OperatorHTTP {
        /// `/metrics`, parsed by the Prometheus client library's own text parser: each sample
        /// as `name{label=value,…}` → value.
        static func scrape(_ port: Int) throws -> [String: Double] {
            let (status, text) = try LoopbackHTTP.request(port: port, method: "GET", path: "/metrics")
            guard status == 200 else { throw TestFailure("/metrics answered \(status)") }
            let parser = """
                import json, sys
                from prometheus_client.parser import text_string_to_metric_families
                out = {}
                for family in text_string_to_metric_families(sys.stdin.read()):
                    for s in family.samples:
                        labels = ",".join(f"{k}={v}" for k, v in sorted(s.labels.items()))
                        out[f"{s.name}{{{labels}}}"] = s.value
                print(json.dumps(out))
                """
            let run = try ChildProcess.run("/usr/bin/env", ["python3", "-c", parser], stdin: text)
            guard run.status == 0 else { throw TestFailure("the Prometheus parser refused /metrics: \(run.stderr)") }
            return try JSONDecoder().decode([String: Double].self, from: Data(run.stdout.utf8))
        }

        @Test("R-IN-5 /metrics is Prometheus text a Prometheus parser reads; the delivery, message and control figures move after a delivery")
        func metricsMove() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))], channelSettings: ["sms": ["window = \"always\""]])
            try daemon.start()
            let port = try daemon.httpPort()
            let before = try Self.scrape(port)
            #expect(before["huifang_messages{channel=sms,status=delivered}"] == 0)
            #expect(before["huifang_endpoint_circuit_state{endpoint=sms}"] == 0)
            let attempts = "huifang_delivery_attempts_total{endpoint=sms,outcome=delivered}"
            #expect(before[attempts] == nil)

            let customer = try daemon.ctl(["customer", "add", "--name", "王小梅", "--phone", "13800000000"]).stdout.trimmed
            let id = try #require(try daemon.ctlJSON(["message", "schedule", "--customer", customer, "--channel", "sms",
                                                      "--text", "术后第三天回访"])["id"]?.stringValue)
            _ = try sink.waitFor(count: 1)
            #expect(try eventually { try daemon.ctlJSON(["message", "show", id])["status"]?.stringValue == "delivered" })
            #expect(try LoopbackHTTP.request(port: port, method: "POST", path: "/inbound/nowhere", body: Data("{}".utf8)).0 == 404)

            var after: [String: Double] = [:]
            #expect(try eventually { after = try Self.scrape(port); return after[attempts] == 1 })
            #expect(after["huifang_messages{channel=sms,status=delivered}"] == 1)
            #expect(after["huifang_delivery_latency_seconds_count{endpoint=sms}"] == 1)
            #expect(after["huifang_due_backlog{channel=sms}"] == 0)
            #expect((after["huifang_control_requests_total{command=message.schedule,outcome=ok}"] ?? 0) >= 1)
            #expect((after["huifang_control_requests_total{command=customer.add,outcome=ok}"] ?? 0) >= 1)
            #expect(after["huifang_inbound_requests_total{kind=unknown,outcome=rejected}"] == 1)
            #expect((after["huifang_planner_runs_total{outcome=ok,planner=greetings.plan}"] ?? 0) >= 1)
        }

        @Test("R-IN-5 /healthz answers while /readyz says 503 with the reason while the store takes no writes, and 200 again after")
        func readinessFollowsTheStore() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])
            try daemon.start()
            let port = try daemon.httpPort()
            #expect(try eventually { try LoopbackHTTP.request(port: port, method: "GET", path: "/readyz").0 == 200 })
            #expect(try daemon.ctl(["status"]).stdout.contains("http:     127.0.0.1:\(port)"))

            // Another process holds the store's write lock for a few seconds.
            let release = daemon.directory.file("release")
            let locker = try ChildProcess("/usr/bin/env", ["python3", "-c", """
                import os, sqlite3, sys, time
                db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
                db.execute("BEGIN EXCLUSIVE")
                print("locked", flush=True)
                while not os.path.exists(sys.argv[2]):
                    time.sleep(0.05)
                db.execute("ROLLBACK")
                """, daemon.storePath, release])
            defer { locker.signal(SIGKILL) }
            #expect(eventually { locker.stdout.contains("locked") })
            var answer = (0, Data())
            #expect(try eventually(timeout: 30) {
                answer = try LoopbackHTTP.request(port: port, method: "GET", path: "/readyz")
                return answer.0 == 503
            })
            let reason = try JSONDecoder().decode(JSONValue.self, from: answer.1)
            #expect(reason["status"]?.stringValue == "not ready")
            #expect(reason["reason"]?.stringValue?.isEmpty == false)
            #expect(try LoopbackHTTP.request(port: port, method: "GET", path: "/healthz").0 == 200)

            FileManager.default.createFile(atPath: release, contents: Data())
            #expect(try eventually(timeout: 30) { try LoopbackHTTP.request(port: port, method: "GET", path: "/readyz").0 == 200 })
        }

        @Test("R-IN-4 R-OPS-4 10,000 random and mutated inbound requests: never a crash or a 5xx, and nothing changes without a valid signature or token")
        func inboundFuzz() throws {
            let sink = try WebhookSink()
            let secret = Integration.Inbound.gatewaySecret
            let token = Integration.Inbound.token
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))], extra: Integration.Inbound.sources + "[http]\nlisten = \"127.0.0.1:0\"\nmax_body_bytes = 4096\n")
            try daemon.start()
            let port = try daemon.httpPort()
            let customer = try daemon.ctl(["customer", "add", "--name", "王小梅", "--phone", "13800000000"]).stdout.trimmed
            let id = try #require(try daemon.ctlJSON(["message", "schedule", "--customer", customer, "--channel", "sms",
                                                      "--text", "回访"])["id"]?.stringValue)
            _ = try sink.waitFor(count: 1)
            func state() throws -> [Int] {
                [try daemon.ctlJSON(["audit", "list", "--limit", "10000"]).array?.count ?? -1,
                 try daemon.ctlJSON(["message", "list", "--limit", "1000"]).array?.count ?? -1,
                 try daemon.ctlJSON(["task", "list"]).array?.count ?? -1,
                 try daemon.ctlJSON(["customer", "contacts", customer]).array?.count ?? -1]
            }
            let start = try state()

            let valid = [
                #"{"type":"message.receipt","data":{"message_id":"\#(id)","status":"undelivered","error":"MK:0001"}}"#,
                #"{"type":"message.reply","data":{"phone":"13800000000","text":"TD"}}"#,
                #"{"type":"task.outcome","data":{"task_id":1,"outcome":"done","staff":"x"}}"#,
                try String(contentsOfFile: TestPaths.fixture("aliyun-sms/smsup.json"), encoding: .utf8),
                try String(contentsOfFile: TestPaths.fixture("aliyun-sms/smsreport.json"), encoding: .utf8),
            ]
            let paths = ["/inbound/gateway", "/inbound/aliyun/wrong-token-00000000000000", "/inbound/aliyun", "/inbound/aliyun/\(token)x",
                         "/inbound/aliyun/\(token)/more", "/inbound/", "/inbound/gateway/\(token)", "/metrics", "/inbound/%00", "/inbound/.."]
            var random = SeededRandom(seed: 20261127)
            var statuses: [Int: Int] = [:]
            for round in 0..<10_000 {
                var body = Array(valid[Int.random(in: 0..<valid.count, using: &random)].utf8)
                switch Int.random(in: 0..<5, using: &random) {
                case 0: body = (0..<Int.random(in: 0..<600, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
                case 1, 2:
                    for _ in 0..<Int.random(in: 1...8, using: &random) where !body.isEmpty {
                        body[Int.random(in: 0..<body.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                    }
                case 3: body = Array(String(repeating: "[", count: Int.random(in: 1...4000, using: &random)).utf8)
                default: break
                }
                var headers: [(String, String)] = [("content-type", "application/json")]
                let stamp = Int64(Date().timeIntervalSince1970)
                let signature = StandardWebhooks.signature(id: "evt_\(round)", timestamp: stamp, body: body,
                                                           secret: try WebhookSecret(parsing: secret))
                // Every signature is spoiled one way or another: wrong id, time, bytes or secret.
                switch Int.random(in: 0..<6, using: &random) {
                case 0: headers += [("webhook-id", "evt_other_\(round)"), ("webhook-timestamp", "\(stamp)"), ("webhook-signature", signature)]
                case 1: headers += [("webhook-id", "evt_\(round)"), ("webhook-timestamp", "\(stamp - 3600)"), ("webhook-signature", signature)]
                case 2: headers += [("webhook-id", "evt_\(round)"), ("webhook-timestamp", "\(stamp)"), ("webhook-signature", "v1," + String(signature.dropFirst(4).reversed()))]
                case 3: headers += [("webhook-id", String(repeating: "x", count: Int.random(in: 0...400, using: &random))), ("webhook-timestamp", "abc"), ("webhook-signature", "v2,zzz")]
                case 4: headers += [("webhook-id", "evt_\(round)"), ("webhook-timestamp", "\(stamp)"),
                                    ("webhook-signature", StandardWebhooks.signature(id: "evt_\(round)", timestamp: stamp, body: body,
                                                                                     secret: try WebhookSecret(parsing: WebhookSink.demoSecret)))]
                default: break
                }
                let path = paths[Int.random(in: 0..<paths.count, using: &random)]
                let (status, _) = try LoopbackHTTP.request(port: port, method: Bool.random(using: &random) ? "POST" : "PUT", path: path,
                                                           body: Data(body), headers: headers)
                statuses[status, default: 0] += 1
                #expect(status < 500, "round \(round): \(status) for \(path)")
                if status >= 500 { break }
            }
            #expect(try state() == start, "statuses: \(statuses)")
            // With the right token, mutated and hostile bodies are still answered 4xx or 200.
            for round in 0..<500 {
                var body = Array(valid[3 + round % 2].utf8)
                switch round % 4 {
                case 0: body = Array((String(repeating: "[", count: 1 + round * 7) + String(repeating: "]", count: round % 3)).utf8)
                case 1: body = (0..<Int.random(in: 0..<300, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
                default:
                    for _ in 0..<Int.random(in: 1...6, using: &random) {
                        body[Int.random(in: 0..<body.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                    }
                }
                let (status, _) = try LoopbackHTTP.request(port: port, method: "POST", path: "/inbound/aliyun/\(token)", body: Data(body))
                #expect(status < 500, "token round \(round): \(status)")
                if status >= 500 { break }
            }
            #expect(daemon.child?.isRunning == true)
            #expect(try LoopbackHTTP.request(port: port, method: "GET", path: "/healthz").0 == 200)
            #expect(try daemon.ctlJSON(["message", "show", id])["status"]?.stringValue == "delivered")
        }
    }
}
