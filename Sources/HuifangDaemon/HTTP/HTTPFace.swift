import Foundation
import HuifangCore
import Hummingbird
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle

/// huifangd's HTTP face (DESIGN "HTTP face"): one Hummingbird application, a `Service` in
/// the daemon's ServiceGroup, on `[http] listen`. Routes are thin adapters:
/// `/inbound/…` (receipts, replies, staff outcomes; `InboundEndpoint`), `/metrics`,
/// `/healthz`, `/readyz`, and the staff console at `/` (`Console`). Every answer but the
/// console's pages and the metrics is JSON; bad input gets a 4xx naming what is wrong,
/// never a 5xx.
enum HTTPFace {
    struct Parts: Sendable {
        let inbound: InboundEndpoint
        /// The staff console at `/`; nil: `[console] enabled = false`.
        let console: Console?
        let readiness: Readiness
        let registry: PrometheusCollectorRegistry
        let store: any Store
        let config: LiveConfig
        let endpoints: EndpointRegistry
        let clock: any WallClock
        let logger: Logger
    }

    /// The application, or nil when `[http] listen = ""`. `onListening` gets the bound
    /// address (the port, when the config asked for port 0).
    static func make(_ settings: HTTPSettings, parts: Parts,
                     onListening: @escaping @Sendable (String) async -> Void) -> (any Service)? {
        guard let listen = settings.listen else { return nil }
        let router = Router(context: HTTPContext.self)
        router.addMiddleware { JSONErrors(logger: parts.logger) }
        router.get("/healthz") { _, _ in
            json(.ok, ["status": "ok"])
        }
        router.get("/readyz") { _, _ in
            let now = parts.clock.now()
            let poll = Double(parts.config.snapshot.scheduler.pollIntervalMs) / 1000
            if let problem = parts.readiness.problem(now: now, pollInterval: poll) {
                return json(.serviceUnavailable, ["status": "not ready", "reason": problem])
            }
            return json(.ok, ["status": "ready"])
        }
        router.get("/metrics") { _, _ in
            let text = try await offThePool { () throws -> [UInt8] in
                let settings = parts.config.snapshot
                try DaemonMetrics.refreshGauges(store: parts.store, channels: settings.channels.map(\.name),
                                                lanes: parts.endpoints.snapshot(), now: parts.clock.now())
                return parts.registry.emitToBuffer()
            }
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: text)))
        }
        router.post("/inbound/**") { request, context in
            await parts.inbound.handle(request, context: context, limits: settings)
        }
        parts.console?.register(on: router)
        let app = Application(
            router: router,
            server: .http1(configuration: .init(idleTimeout: .milliseconds(Int64(settings.requestTimeoutMs)))),
            configuration: .init(address: .hostname(listen.host, port: listen.port), serverName: nil, reuseAddress: true),
            onServerRunning: { channel in
                await onListening(channel.localAddress.map(describe) ?? listen.description)
            },
            logger: parts.logger)
        return app
    }

    static func describe(_ address: SocketAddress) -> String {
        let host = address.ipAddress ?? "?"
        let port = address.port ?? 0
        return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    static func json(_ status: HTTPResponse.Status, _ object: Any) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Store work is blocking; it runs on a dispatch queue, not Swift's cooperative pool.
    static func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }
}

/// The request context: Hummingbird's core storage and the peer's address (allow-lists).
struct HTTPContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

/// Whatever escapes a route becomes a JSON error: Hummingbird's own (no such route, a
/// malformed request) keep their 4xx status; anything else is logged and answered 503, so
/// a gateway sends again later.
struct JSONErrors: RouterMiddleware {
    typealias Context = HTTPContext
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            let message = error.body ?? (error.status == .notFound ? "no such path" : error.status.reasonPhrase)
            return HTTPFace.json(error.status, ["error": ["code": "http_\(error.status.code)", "message": message]])
        } catch {
            logger.error("an HTTP request failed: \(error)")
            return HTTPFace.json(.serviceUnavailable, ["error": ["code": "unavailable", "message": "try again later"]])
        }
    }
}
