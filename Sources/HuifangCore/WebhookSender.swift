import Foundation

/// A signed HTTP POST to a channel's endpoint (the port the dispatcher sends through).
public struct WebhookRequest: Sendable {
    public var url: String
    public var headers: [(String, String)]
    public var body: [UInt8]
    public var timeoutMillis: Int
    public var connectTimeoutMillis: Int

    public init(url: String, headers: [(String, String)], body: [UInt8], timeoutMillis: Int,
                connectTimeoutMillis: Int? = nil) {
        self.url = url
        self.headers = headers
        self.body = body
        self.timeoutMillis = timeoutMillis
        self.connectTimeoutMillis = connectTimeoutMillis ?? min(timeoutMillis, 10_000)
    }
}

/// What came back: an HTTP status with selected headers, or a transport failure.
public struct WebhookResponse: Sendable, Equatable {
    public enum TransportError: Sendable, Equatable {
        case timeout
        case connectFailed(String)
        case dnsFailed(String)
        case invalidURL(String)
        case other(String)
    }

    public var status: Int?
    public var retryAfter: String?
    public var transportError: TransportError?

    public init(status: Int?, retryAfter: String? = nil, transportError: TransportError? = nil) {
        self.status = status
        self.retryAfter = retryAfter
        self.transportError = transportError
    }
}

public protocol WebhookSender: Sendable {
    /// Sends without suspending anyone: `completion` runs once, on the sender's own thread,
    /// when the answer (or a transport failure) is in. The scheduler's hot path: no task
    /// and no continuation per message.
    func send(_ request: WebhookRequest, completion: @escaping @Sendable (WebhookResponse) -> Void)

    /// Sends several, each as `send` does. An engine may take them over in one step (one
    /// lock and one wake-up for the batch instead of one per request).
    func send(_ batch: [(request: WebhookRequest, completion: @Sendable (WebhookResponse) -> Void)])
}

extension WebhookSender {
    public func send(_ batch: [(request: WebhookRequest, completion: @Sendable (WebhookResponse) -> Void)]) {
        for item in batch { send(item.request, completion: item.completion) }
    }

    public func send(_ request: WebhookRequest) async -> WebhookResponse {
        await withCheckedContinuation { continuation in
            send(request) { continuation.resume(returning: $0) }
        }
    }
}
