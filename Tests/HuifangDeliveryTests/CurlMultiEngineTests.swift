import Foundation
import HuifangCore
import HuifangDelivery
import HuifangTestSupport
import Synchronization
import Testing

/// The libcurl engine against the real sink process on 127.0.0.1.
@Suite(.serialized) struct CurlMultiEngineTests {
    let engine = CurlMultiEngine()

    private func request(_ url: String, body: String = #"{"hello":"世界"}"#, timeoutMs: Int = 5000) -> WebhookRequest {
        let bytes = Array(body.utf8)
        let secret = try! WebhookSecret(parsing: WebhookSink.demoSecret)
        return WebhookRequest(
            url: url, headers: StandardWebhooks.headers(id: "msg_test\(UUID().uuidString.prefix(6))", timestamp: Int64(Date().timeIntervalSince1970), body: bytes, secrets: [secret]),
            body: bytes, timeoutMillis: timeoutMs)
    }

    @Test("R-DLV-2 a POST reaches the receiver with its body and verifiable headers")
    func postsSignedBody() async throws {
        let sink = try WebhookSink()
        let response = await engine.send(request(sink.url("sms")))
        #expect(response == WebhookResponse(status: 200))
        let received = try sink.received()
        #expect(received.count == 1)
        #expect(received.first?.verified == true)
        #expect(received.first?.body?["hello"]?.stringValue == "世界")
        engine.shutdown()
    }

    @Test("R-DLV-3 status codes and Retry-After come back as the receiver sent them")
    func statusAndRetryAfter() async throws {
        let sink = try WebhookSink()
        try sink.script([SinkReply(status: 503, retryAfter: "7"), SinkReply(status: 410)])
        let first = await engine.send(request(sink.url("sms")))
        #expect(first.status == 503)
        #expect(first.retryAfter == "7")
        let second = await engine.send(request(sink.url("sms")))
        #expect(second.status == 410)
        #expect(second.retryAfter == nil)
        engine.shutdown()
    }

    @Test("R-DLV-3 a refused connection, a timeout and a bad URL are transport errors of their kind")
    func transportErrors() async throws {
        let refused = await engine.send(request("http://127.0.0.1:\(LoopbackHTTP.unusedPort())/x"))
        guard case .connectFailed? = refused.transportError else {
            Issue.record("expected connectFailed, got \(refused)")
            return
        }
        let sink = try WebhookSink()
        try sink.script([SinkReply(status: 200, delayMs: 2000)])
        let slow = await engine.send(request(sink.url("slow"), timeoutMs: 300))
        #expect(slow.transportError == .timeout)
        let bad = await engine.send(request("file:///etc/passwd"))
        guard case .invalidURL? = bad.transportError else {
            Issue.record("expected invalidURL, got \(bad)")
            return
        }
        engine.shutdown()
    }

    @Test("R-DLV-1 many requests in flight at once all complete")
    func concurrentRequests() async throws {
        let sink = try WebhookSink()
        let responses = await withTaskGroup(of: WebhookResponse.self) { group in
            for i in 0..<40 { group.addTask { await engine.send(request(sink.url("n\(i)"))) } }
            var all: [WebhookResponse] = []
            for await response in group { all.append(response) }
            return all
        }
        #expect(responses.count == 40)
        #expect(responses.allSatisfy { $0.status == 200 })
        #expect(Set(try sink.received().map(\.path)).count == 40)
        engine.shutdown()
    }

    @Test("R-DLV-1 a batch handed over at once, dealt to two engine threads: each request reaches the receiver and is answered once")
    func batch() async throws {
        let engine = CurlMultiEngine(maxTotalConnections: 8, threads: 2)
        defer { engine.shutdown() }
        let sink = try WebhookSink()
        try sink.script((0..<25).map { $0 % 5 == 0 ? SinkReply(status: 503) : SinkReply(status: 200) })
        let answers = Mutex<[Int: [Int?]]>([:])
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            engine.send((0..<25).map { i in
                (request(sink.url("b\(i)"), body: #"{"n":\#(i)}"#), { @Sendable response in
                    let all = answers.withLock { answers -> Int in
                        answers[i, default: []].append(response.status)
                        return answers.values.reduce(0) { $0 + $1.count }
                    }
                    if all == 25 { done.resume() }
                })
            })
        }
        let byRequest = answers.withLock { $0 }
        #expect(byRequest.count == 25 && byRequest.values.allSatisfy { $0.count == 1 }, "each answered once")
        #expect(byRequest.values.filter { $0 == [503] }.count == 5)
        let received = try sink.received()
        #expect(Set(received.map(\.path)).count == 25)
        #expect(received.allSatisfy { $0.verified == true })
    }

    @Test("R-DLV-1 with two engine threads every request is answered as its receiver answered it, signed and whole")
    func twoThreads() async throws {
        let engine = CurlMultiEngine(maxTotalConnections: 8, threads: 2)
        defer { engine.shutdown() }
        let sink = try WebhookSink()
        try sink.script((0..<30).map { $0 % 3 == 0 ? SinkReply(status: 503, retryAfter: "\($0)") : SinkReply(status: 200) })
        let responses = await withTaskGroup(of: WebhookResponse.self) { group in
            for i in 0..<30 { group.addTask { await engine.send(request(sink.url("n\(i)"), body: #"{"n":\#(i)}"#)) } }
            var all: [WebhookResponse] = []
            for await response in group { all.append(response) }
            return all
        }
        #expect(responses.filter { $0.status == 200 && $0.retryAfter == nil }.count == 20)
        let refused = responses.filter { $0.status == 503 }
        #expect(Set(refused.compactMap(\.retryAfter)) == Set((0..<30).filter { $0 % 3 == 0 }.map(String.init)))
        let received = try sink.received()
        #expect(received.count == 30)
        #expect(received.allSatisfy { $0.verified == true })
        let numbers = received.compactMap { webhook -> Int? in
            if case .number(let n)? = webhook.body?["n"] { return Int(n) }
            return nil
        }
        #expect(Set(numbers) == Set(0..<30))
    }

    @Test("R-OPS-1 stopping a two-thread engine answers what is still in flight on either thread")
    func twoThreadsStop() async throws {
        let engine = CurlMultiEngine(threads: 2)
        let sink = try WebhookSink()
        try sink.script(Array(repeating: SinkReply(status: 200, delayMs: 5000), count: 4))
        let answers = Task {
            await withTaskGroup(of: WebhookResponse.self) { group in
                for i in 0..<4 { group.addTask { await engine.send(request(sink.url("slow\(i)"))) } }
                var all: [WebhookResponse] = []
                for await response in group { all.append(response) }
                return all
            }
        }
        // Once all four reached the receiver (it answers after 5 s), stop.
        try sink.waitFor(count: 4)
        engine.shutdown()
        let responses = await answers.value
        #expect(responses.count == 4)
        #expect(responses.allSatisfy { $0.transportError == .other("engine stopped") })
    }

    @Test("R-OPS-1 a stopped engine answers at once instead of hanging")
    func stoppedEngine() async {
        engine.shutdown()
        let response = await engine.send(request("http://127.0.0.1:9/x"))
        #expect(response.transportError == .other("engine stopped"))
    }
}
