import Foundation
import HuifangCore
import HuifangDelivery
import HuifangTestSupport
import Logging
import Testing

/// The libcurl engine against the real sink process on 127.0.0.1.
@Suite(.serialized) struct CurlMultiEngineTests {
    let engine = CurlMultiEngine(logger: Logger(label: "test"))

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

    @Test("R-OPS-1 a stopped engine answers at once instead of hanging")
    func stoppedEngine() async {
        engine.shutdown()
        let response = await engine.send(request("http://127.0.0.1:9/x"))
        #expect(response.transportError == .other("engine stopped"))
    }
}
