import Foundation
import HuifangControl
import HuifangCore
import HuifangStore
import HuifangTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Several huifangd nodes on one PostgreSQL database (issue 16, R-OPS-5), and the way there
/// from a SQLite store (`admin copy-store`).
extension Integration {
    @Suite struct PostgresNodes {
        @Test("R-OPS-5 copy-store copies a working SQLite store into an empty PostgreSQL database, every table's count equal; a node on the copy serves the same customers; a second copy and a bad URL are refused")
        func copyStore() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))], store: .sqlite)
            try daemon.start()
            var ids: [String] = []
            for (name, phone) in [("王小梅", "13800000001"), ("李雷", "13800000002"), ("韩梅梅", "13800000003")] {
                ids.append(try daemon.ctl(["customer", "add", "--name", name, "--phone", phone, "--birthday", "1990-03-08",
                                           "--tag", "VIP"]).stdout.trimmed)
            }
            #expect(try daemon.ctl(["visit", "add", "--customer", ids[0], "--service", "光子嫩肤", "--staff", "李医生"]).status == 0)
            #expect(try daemon.ctl(["complaint", "open", "--customer", ids[1], "--channel", "phone", "--content", "等候太久"]).status == 0)
            #expect(try daemon.ctl(["message", "schedule", "--customer", ids[2], "--channel", "sms", "--text", "您好"]).status == 0)
            #expect(try eventually(timeout: 10) { try sink.count() >= 1 })

            let cluster = try PostgresCluster.shared()
            let url = try cluster.freshDatabase()
            let copied = try daemon.ctlJSON(["admin", "copy-store", "--to", url])
            let reported = Dictionary(uniqueKeysWithValues: (copied["tables"]?.array ?? []).compactMap { table in
                table["name"]?.stringValue.map { ($0, table["rows"]?.int ?? -1) }
            })
            #expect(reported.count > 20, "\(copied)")
            #expect(copied["rows"]?.int == reported.values.reduce(0, +))
            // The human answer, into a second empty database.
            let human = try daemon.ctl(["admin", "copy-store", "--to", try cluster.freshDatabase()])
            #expect(human.status == 0 && human.stdout.contains("every count matches") && human.stdout.contains("customers"), "\(human)")
            let again = try daemon.ctl(["admin", "copy-store", "--to", url])
            #expect(again.status == 65 && again.stderr.contains("conflict") && again.stderr.contains("not empty"),
                    "a second copy finds the database not empty: \(again.stderr)")
            let badURL = try daemon.ctl(["admin", "copy-store", "--to", "/tmp/huifang.sqlite"])
            #expect(badURL.status != 0 && badURL.stderr.contains("postgresql://"), "\(badURL.stderr)")

            // The counts, table by table: as reported, in PostgreSQL, and in SQLite (whose audit
            // log and node list have moved on since).
            #expect(daemon.stop() == 0)
            let source = try SQLiteStore(path: daemon.storePath)
            let target = try PostgresConnection(url: url)
            var nonEmpty = 0
            for (table, rows) in reported {
                let there = Int(try target.execute("SELECT COUNT(*) FROM \(table)").rows[0][0] ?? "") ?? -2
                #expect(rows == there, "\(table): \(rows) reported, \(there) in PostgreSQL")
                guard !["audit_log", "nodes"].contains(table) else { continue }
                let here = try source.readDatabase { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? -1 }
                #expect(here == there, "\(table): \(here) in SQLite, \(there) in PostgreSQL")
                if here > 0 { nonEmpty += 1 }
            }
            #expect(nonEmpty >= 7, "customers, visits, tasks, messages, attempts, events, complaints at least")

            // A node on the copy: the same people, the same story, and new rows after the old ids.
            let node = DaemonHarness(channels: [("sms", sink.url("sms"))], store: .postgres(url: url, node: "branch-1"))
            try node.start()
            let found = try node.ctlJSON(["customer", "find", "0002"])
            #expect(found.array?.first?["name"]?.stringValue == "李雷", "\(found)")
            #expect(try node.ctl(["customer", "show", ids[0]]).stdout.contains("光子嫩肤"))
            let added = try node.ctl(["customer", "add", "--name", "赵敏", "--phone", "13800000004"]).stdout.trimmed
            #expect((Int64(added) ?? 0) > (Int64(ids[2]) ?? .max), "ids continue after the copied ones: \(added)")
            let status = try node.ctlJSON(["status"])
            #expect(status["node"]?.stringValue?.hasPrefix("branch-1/") == true, "\(status)")
            #expect(status["store"]?.stringValue?.hasPrefix("postgresql:") == true)
            let backup = try node.ctl(["backup", "now"])
            #expect(backup.status != 0 && backup.stderr.contains("pg_dump"), "backups on PostgreSQL are pg_dump: \(backup.stderr)")
            #expect(node.stop() == 0)
        }

        @Test("R-OPS-5 R-DLV-5 three nodes on one PostgreSQL database, 20,000 messages due at once, ten SIGKILLs spread over the nodes: every message delivered, duplicates only with their webhook-id, nothing stuck, each day's reports sent once")
        func threeNodesChaos() throws {
            let sink = try WebhookSink()
            try sink.setDefault(SinkReply(status: 200, delayMs: 5))
            let url = try PostgresCluster.shared().freshDatabase()

            // The work, written straight into the store: one customer, 20,000 messages due now.
            let total = 20_000
            var ids = Set<String>()
            do {
                let store = try PostgresStore(url: url, poolSize: 1)
                let now = Date()
                let customer = try store.addCustomer(Customer(id: 0, name: "连锁压力测试", phone: "+8613800000000", createdAt: now))
                var messages: [Message] = []
                for n in 0..<total {
                    let id = MessageID.generate(now: now)
                    ids.insert(id)
                    messages.append(Message(id: id, dedupeKey: "chaos:\(n)", kind: "message.manual", customerId: customer.id, channel: "sms",
                                            text: "第\(n)条", locale: .zhHans, dueAt: now, createdAt: now))
                }
                #expect(try store.insertNew(messages) == total)
            }
            #expect(ids.count == total)

            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
            let weekday = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"][calendar.component(.weekday, from: Date()) - 1]
            let nodes = (1...3).map { n in
                DaemonHarness(channels: [("sms", sink.url("sms")), ("report", sink.url("report"))],
                              extra: "[reports]\ndaily_at = \"00:00\"\nweekly_day = \"\(weekday)\"\n",
                              channelSettings: ["sms": ["max_in_flight = 8"]], store: .postgres(url: url, node: "node-\(n)"))
            }
            for node in nodes { try node.start() }
            let started = Date()

            // Ten kills, each at a random moment of progress, round the nodes; each killed node is restarted.
            var rng = SystemRandomNumberGenerator()
            for kill in 0..<10 {
                let target = try sink.count() + Int.random(in: 300...1200, using: &rng)
                #expect(try eventually(timeout: 60) { try sink.count() >= target }, "no progress before kill \(kill + 1)")
                let node = nodes[kill % 3]
                _ = node.stop(signal: SIGKILL)
                #expect(node.child?.wasSignalled == true)
                #expect(try sink.count() < total, "kill \(kill + 1) came after everything was delivered")
                try node.start()
            }

            var counts = JSONValue.null
            #expect(try eventually(timeout: 120, interval: 0.5) {
                counts = try nodes[0].ctlJSON(["status"])["messages"] ?? .null
                return (counts["delivered"]?.int ?? 0) >= total + 2
            }, "\(counts)")
            let seconds = Date().timeIntervalSince(started)
            for status in ["pending", "sending", "failed", "dead"] {
                #expect(counts[status]?.int == 0, "nothing stuck: \(status) in \(counts)")
            }
            let received = try sink.received()
            let sms = received.filter { $0.path == "/sms" }
            let smsIds = sms.compactMap(\.webhookId)
            #expect(Set(smsIds) == ids, "every message arrived, and nothing else did")
            #expect(received.allSatisfy { $0.verified })
            let reports = received.filter { $0.path == "/report" }.compactMap { $0.body?["type"]?.stringValue }.sorted()
            #expect(reports == ["report.daily", "report.weekly"], "each day's reports once, whoever led: \(reports)")

            // Every node sees the others.
            let status = try nodes[1].ctlJSON(["status"])
            let live = Set((status["nodes"]?.array ?? []).compactMap { $0["id"]?.stringValue?.split(separator: "/").first.map(String.init) })
            #expect(live == ["node-1", "node-2", "node-3"], "\(status["nodes"] ?? .null)")
            print("three nodes on PostgreSQL: \(total) messages in \(String(format: "%.1f", seconds)) s (\(Int(Double(total) / seconds))/s) with 10 SIGKILLs; \(sms.count - total) duplicate deliveries, each with its webhook-id")
            for node in nodes { #expect(node.stop() == 0) }
        }
    }
}
