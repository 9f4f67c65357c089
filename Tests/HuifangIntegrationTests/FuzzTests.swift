import Foundation
import HuifangControl
import HuifangTestSupport
import Testing

extension Integration {
    @Suite struct Fuzz {
        /// Requests that must all fail on an empty store: nothing in them can create anything.
        static let templates: [String] = [
            #"{"v":1,"id":1,"cmd":"status"}"#,
            #"{"v":1,"id":2,"cmd":"customer.show","args":{"id":17}}"#,
            #"{"v":1,"id":3,"cmd":"message.list","args":{"status":"dead","limit":5}}"#,
            #"{"v":1,"id":4,"cmd":"task.done","args":{"id":999,"note":"好"}}"#,
            #"{"v":1,"id":5,"cmd":"appointment.reschedule","args":{"id":77,"start":"2026-12-01T10:00:00+08:00"}}"#,
            #"{"v":1,"id":6,"cmd":"complaint.open","args":{"customer":3,"channel":"phone","content":"等候太久"}}"#,
            #"{"v":1,"id":7,"cmd":"message.schedule","args":{"customer":5,"channel":"sms","text":"你好"}}"#,
            #"{"v":1,"id":8,"cmd":"forecast","args":{"days":3,"customer":9}}"#,
            #"{"v":1,"id":9,"cmd":"visit.add","args":{"customer":4,"service":"laser","staff":"李","amount":"12.50"}}"#,
        ]

        static func frame(_ rng: inout SeededRandom) -> [UInt8] {
            var bytes: [UInt8]
            switch Int.random(in: 0..<10, using: &rng) {
            case 0:  // random bytes
                bytes = (0..<Int.random(in: 1...300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            case 1:  // deep nesting
                let depth = Int.random(in: 1...3000, using: &rng)
                let open = Bool.random(using: &rng) ? "[" : "{\"a\":"
                let close = open == "[" ? "]" : "}"
                bytes = Array(("{\"id\":1,\"cmd\":\"status\",\"args\":" + String(repeating: open, count: depth) + "1"
                    + String(repeating: close, count: depth) + "}").utf8)
            case 2:  // huge and odd numbers in every numeric place
                let numbers = ["1e400", "-1e400", "9223372036854775808", "-0", "0.1", "1e-400", "NaN", "01", "1_000", "0x10"]
                let n = numbers.randomElement(using: &rng)!
                bytes = Array(#"{"v":1,"id":\#(n),"cmd":"customer.show","args":{"id":\#(n)}}"#.utf8)
            case 3:  // wrong types
                let shapes = [#"{"v":1,"id":[],"cmd":"status"}"#, #"{"v":1,"id":1,"cmd":7}"#, #"{"v":1,"id":1,"cmd":"status","args":"x"}"#,
                              #"{"v":1,"id":1,"cmd":"customer.show","args":{"id":"one"}}"#, #"[1,2,3]"#, #""status""#, "null", "true",
                              #"{"v":1,"id":1,"cmd":"status","extra":1}"#, #"{"v":1,"id":{"a":1},"cmd":"status"}"#]
                bytes = Array(shapes.randomElement(using: &rng)!.utf8)
            case 4:  // long strings; one in five longer than a request line may be
                let n = Int.random(in: 0..<5, using: &rng) == 0
                    ? Int.random(in: 60_000...200_000, using: &rng) : Int.random(in: 100...3000, using: &rng)
                bytes = Array((#"{"v":1,"id":1,"cmd":"customer.show","args":{"id":1,"x":""# + String(repeating: "回", count: n / 3) + #""}}"#).utf8)
            case 5:  // invalid UTF-8 and lone surrogates
                bytes = Array(#"{"v":1,"id":1,"cmd":"st"#.utf8) + [0xC3, 0x28, 0xFF, 0xFE] + Array(#"atus","x":"\ud800"}"#.utf8)
            default:  // mutated valid requests
                bytes = Array(templates.randomElement(using: &rng)!.utf8)
                for _ in 0..<Int.random(in: 1...4, using: &rng) where !bytes.isEmpty {
                    let at = Int.random(in: 0..<bytes.count, using: &rng)
                    switch Int.random(in: 0..<4, using: &rng) {
                    case 0: bytes[at] = UInt8.random(in: 0...255, using: &rng)
                    case 1: bytes.remove(at: at)
                    case 2: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: at)
                    default: bytes = Array(bytes[..<at])
                    }
                }
            }
            bytes.removeAll { $0 == 0x0A }   // one frame, one line
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { bytes = [0x78] }
            return bytes
        }

        @Test("R-OPS-4 100,000 random and mutated frames: every one answered, the daemon stays up, answers status, and the store is unchanged")
        func controlSocketFuzz() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])
            try daemon.start()
            let connection = try daemon.connect()
            var rng = SeededRandom(seed: 0x48_75_69_66_61_6E_67)
            var answered = 0
            var failures: [String: Int] = [:]
            // Frames go in batches of 16 before the answers are read (responses are small,
            // so neither side can block the other); answers come back in order, one per frame.
            for _ in 0..<(100_000 / 16) {
                connection.send((0..<16).flatMap { _ in Self.frame(&rng) + [0x0A] })
                for _ in 0..<16 {
                    guard let response = connection.readResponse() else {
                        Issue.record("no answer after \(answered) frames; daemon running: \(daemon.child?.isRunning == true)")
                        return
                    }
                    answered += 1
                    if response["ok"] == .bool(false), let code = response["error"]?["code"]?.stringValue { failures[code, default: 0] += 1 }
                }
            }
            #expect(answered == 100_000)
            #expect(failures.values.reduce(0, +) > 90_000, "\(failures)")
            #expect(daemon.child?.isRunning == true)
            let status = try daemon.ctlJSON(["status"])
            #expect(status["messages"]?["pending"]?.int == 0)
            #expect(try #require(try daemon.ctlJSON(["customer", "list"]).array).isEmpty)
            #expect(try #require(try daemon.ctlJSON(["message", "list"]).array).isEmpty)
            let changes = try #require(try daemon.ctlJSON(["audit", "list", "--limit", "10000"]).array)
            #expect(!changes.contains { $0["outcome"]?.stringValue == "ok" }, "no change went through")
        }
    }
}
