import Foundation
import HuifangControl
import HuifangStore
import HuifangTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension Integration {
    @Suite struct Crash {
        @Test("R-DLV-5 2,000 due messages and five SIGKILLs while delivering: every message arrives at least once, duplicates carry known ids, nothing is stuck, the store is intact")
        func sigkillDuringDelivery() throws {
            let sink = try WebhookSink()
            try sink.setDefault(SinkReply(status: 200, delayMs: 20))
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))], channelSettings: ["sms": ["max_in_flight = 4"]])
            try daemon.start()
            #expect(try daemon.ctl(["endpoint", "pause", "sms"]).status == 0)
            let customer = try daemon.ctl(["customer", "add", "--name", "压力测试", "--phone", "13800000000"]).stdout.trimmed

            // Enqueue over one control connection: 2,000 requests, 2,000 answers.
            let total = 2000
            let connection = try daemon.connect()
            var ids = Set<String>()
            for batch in stride(from: 0, to: total, by: 100) {
                var lines = ""
                for n in batch..<(batch + 100) {
                    lines += #"{"v":1,"id":\#(n),"cmd":"message.schedule","args":{"customer":\#(customer),"channel":"sms","text":"第\#(n)条"}}"# + "\n"
                }
                connection.send(lines)
                for _ in 0..<100 {
                    let response = try #require(connection.readResponse())
                    ids.insert(try #require(response["result"]?["id"]?.stringValue, "\(response)"))
                }
            }
            #expect(ids.count == total)
            #expect(try daemon.ctl(["endpoint", "resume", "sms"]).status == 0)

            var rng = SystemRandomNumberGenerator()
            for kill in 1...5 {
                // Kill at a random moment while deliveries are under way.
                let target = try sink.count() + Int.random(in: 60...150, using: &rng)
                #expect(try eventually(timeout: 30) { try sink.count() >= target }, "no progress before kill \(kill)")
                usleep(UInt32.random(in: 0...50_000, using: &rng))
                _ = daemon.stop(signal: SIGKILL)
                #expect(daemon.child?.wasSignalled == true)
                #expect(try sink.count() < total, "kill \(kill) came after everything was delivered")
                try daemon.start()
            }

            var counts = JSONValue.null
            #expect(try eventually(timeout: 60, interval: 0.2) {
                counts = try daemon.ctlJSON(["status"])["messages"] ?? .null
                return counts["delivered"]?.int == total
            }, "\(counts)")
            for status in ["pending", "sending", "failed", "dead"] {
                #expect(counts[status]?.int == 0, "\(status): \(counts)")
            }
            let received = try sink.received()
            let receivedIds = received.compactMap(\.webhookId)
            #expect(Set(receivedIds) == ids, "every message arrived at least once, and nothing else did")
            #expect(received.allSatisfy { $0.verified })
            // Duplicates are allowed (at least once), but only of ids the store holds.
            #expect(Set(receivedIds).isSubset(of: ids))
            #expect(daemon.stop() == 0)
            let store = try SQLiteStore(path: daemon.storePath)
            #expect(try store.integrityCheck() == "ok")
        }
    }
}
