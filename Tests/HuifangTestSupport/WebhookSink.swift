import Foundation
import HuifangControl

/// One webhook as the sink saw it; `verified` is the reference library's verdict.
public struct ReceivedWebhook: Decodable, Sendable {
    public var path: String
    public var receivedAt: Double
    public var verified: Bool
    public var verifier: String
    public var webhookId: String?
    public var webhookTimestamp: String?
    public var webhookSignature: String?
    public var body: JSONValue?
    public var answered: Int

    enum CodingKeys: String, CodingKey {
        case path, verified, verifier, body, answered
        case receivedAt = "received_at"
        case webhookId = "webhook_id"
        case webhookTimestamp = "webhook_timestamp"
        case webhookSignature = "webhook_signature"
    }

    public var receivedDate: Date { Date(timeIntervalSince1970: receivedAt) }
}

/// How the sink answers one request (consumed in order; afterwards it answers 200).
public struct SinkReply: Encodable, Sendable {
    public var status: Int
    public var delayMs: Int?
    public var retryAfter: String?
    public var close: Bool?

    enum CodingKeys: String, CodingKey {
        case status, close
        case delayMs = "delay_ms"
        case retryAfter = "retry_after"
    }

    public init(status: Int = 200, delayMs: Int? = nil, retryAfter: String? = nil, close: Bool? = nil) {
        self.status = status
        self.delayMs = delayMs
        self.retryAfter = retryAfter
        self.close = close
    }
}

/// The webhook sink (scripts/webhook_sink.py) as a real process on 127.0.0.1, on a port
/// the OS picks. It verifies every signature with the Standard Webhooks reference library.
public final class WebhookSink: @unchecked Sendable {
    /// The demo secret from config/huifang.toml.
    public static let demoSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    private let child: ChildProcess
    private let directory = TempDirectory("sink")
    public let port: Int
    public let secret: String

    public init(secret: String = WebhookSink.demoSecret) throws {
        self.secret = secret
        let portFile = directory.file("port")
        let child = try ChildProcess("/usr/bin/env", [
            "python3", TestPaths.script("webhook_sink.py"), "--port", "0", "--port-file", portFile,
            "--secret", secret, "--quiet",
        ])
        var found: Int?
        _ = eventually(timeout: 15) {
            found = (try? String(contentsOfFile: portFile, encoding: .utf8)).flatMap { Int($0) }
            return found != nil || !child.isRunning
        }
        guard let found else { throw TestFailure("the webhook sink did not start: \(child.stderr)") }
        self.child = child
        port = found
    }

    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)/\(path)" }

    public func received() throws -> [ReceivedWebhook] {
        let (status, body) = try LoopbackHTTP.request(port: port, method: "GET", path: "/_received")
        guard status == 200 else { throw TestFailure("sink answered \(status)") }
        return try JSONDecoder().decode([ReceivedWebhook].self, from: body)
    }

    /// How many webhooks arrived (cheap to poll).
    public func count() throws -> Int {
        let (_, body) = try LoopbackHTTP.request(port: port, method: "GET", path: "/_count")
        return try JSONDecoder().decode([String: Int].self, from: body)["count"] ?? 0
    }

    /// Waits until at least `count` webhooks arrived; returns what arrived.
    @discardableResult
    public func waitFor(count: Int, timeout: TimeInterval = 10) throws -> [ReceivedWebhook] {
        _ = try eventually(timeout: timeout) { try self.count() >= count }
        return try received()
    }

    public func script(_ replies: [SinkReply]) throws {
        let body = try JSONEncoder().encode(replies)
        let (status, _) = try LoopbackHTTP.request(port: port, method: "POST", path: "/_script", body: body)
        guard status == 200 else { throw TestFailure("sink script failed: \(status)") }
    }

    /// How every request is answered once the script is used up.
    public func setDefault(_ reply: SinkReply) throws {
        let body = try JSONEncoder().encode(reply)
        let (status, _) = try LoopbackHTTP.request(port: port, method: "POST", path: "/_default", body: body)
        guard status == 200 else { throw TestFailure("sink default failed: \(status)") }
    }

    /// The most requests the sink had in hand at once.
    public func maxConcurrent() throws -> Int {
        let (_, body) = try LoopbackHTTP.request(port: port, method: "GET", path: "/_stats")
        let stats = try JSONDecoder().decode([String: Int].self, from: body)
        return stats["max_in_flight"] ?? 0
    }

    public func stop() { child.signal(SIGTERM) }
}
