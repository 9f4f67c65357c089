import Foundation
import HuifangCore
import HuifangDelivery
import Hummingbird
import Logging
import NIOCore

/// `POST /inbound/…` (R-IN-1…4): finds the `[inbound.NAME]` source by path, checks its
/// allow-list, authenticates the request (a Standard Webhooks signature within 5 minutes,
/// or the Aliyun URL token), reads the body within the size and time limits, and hands the
/// items to `Inbound`. What is refused changes nothing and is answered with a 4xx naming
/// what is wrong.
struct InboundEndpoint: Sendable {
    let config: LiveConfig
    let clock: any WallClock
    let makeInbound: @Sendable (InboundSource) -> Inbound
    let logger: Logger

    /// Standard Webhooks: a request's timestamp may be this far from now.
    static let timestampTolerance: TimeInterval = 5 * 60

    /// A refusal: its HTTP status, a code and a message that names what is wrong.
    struct Refusal: Error {
        var status: HTTPResponse.Status
        var code: String
        var message: String
        var field: String?
    }

    func handle(_ request: Request, context: HTTPContext, limits: HTTPSettings) async -> Response {
        let settings = config.snapshot
        var source: InboundSource?
        var kind = "unknown"
        do {
            let (found, token) = try locate(request.uri.path, in: settings.inbound)
            source = found
            try checkAllowList(found, context.remoteAddress)
            let body = try await readBody(request, limit: limits.maxBodyBytes, timeoutMs: limits.requestTimeoutMs)
            let items: [InboundItem]
            var requestId: String?
            switch found.format {
            case .aliyunSMS:
                try checkToken(found, token)
                items = try read { () throws(InboundFormatError) in try InboundFormats.aliyunSMS(body) }
            case .standardWebhooks:
                requestId = try verifySignature(found, request.headers, body: body)
                let item = try read { () throws(InboundFormatError) in try InboundFormats.standardWebhook(body) }
                guard found.accepts.contains(Self.kind(of: item)) else {
                    throw Refusal(status: .forbidden, code: "not_accepted",
                                  message: "[inbound.\(found.name)] does not accept \(Self.kind(of: item).rawValue) (accepts)", field: "type")
                }
                items = [item]
            }
            kind = Set(items.map(\.kind)).count == 1 ? items[0].kind : "mixed"
            let inbound = makeInbound(found)
            let id = requestId
            let result = try await HTTPFace.offThePool { () throws -> Inbound.Result in
                do { return try inbound.apply(items, requestId: id) } catch let error as HuifangError { throw Self.refusal(error) }
            }
            if let refused = result.refused { throw Self.refusal(refused) }
            DaemonMetrics.inbound(kind: kind, outcome: "ok")
            logger.info("inbound request handled", metadata: ["huifang.source": "\(found.name)", "huifang.kind": "\(kind)",
                                                              "huifang.count": "\(items.count)"])
            if found.format == .aliyunSMS { return HTTPFace.json(.ok, ["code": 0, "msg": "接收成功"]) }
            return HTTPFace.json(.ok, ["ok": true, "handled": items.count])
        } catch let refusal as Refusal {
            DaemonMetrics.inbound(kind: kind, outcome: refusal.status.code >= 500 ? "error" : "rejected")
            logger.notice("inbound request refused", metadata: [
                "huifang.source": "\(source?.name ?? "-")", "huifang.status": "\(refusal.status.code)", "huifang.reason": "\(refusal.message)"])
            var error: [String: Any] = ["code": refusal.code, "message": refusal.message]
            if let field = refusal.field { error["field"] = field }
            var body: [String: Any] = ["error": error]
            if source?.format == .aliyunSMS {
                body["code"] = refusal.status.code
                body["msg"] = refusal.message
            }
            return HTTPFace.json(refusal.status, body)
        } catch {
            DaemonMetrics.inbound(kind: kind, outcome: "error")
            logger.error("an inbound request failed: \(error)")
            return HTTPFace.json(.serviceUnavailable, ["error": ["code": "unavailable", "message": "try again later"]])
        }
    }

    // MARK: - steps

    /// The source whose path this is; for Aliyun, the token is the last segment.
    private func locate(_ path: String, in sources: [InboundSource]) throws(Refusal) -> (InboundSource, String?) {
        for source in sources {
            if path == source.path { return (source, nil) }
            if path.hasPrefix(source.path + "/"), source.format == .aliyunSMS {
                let token = String(path.dropFirst(source.path.count + 1))
                if !token.contains("/") { return (source, token) }
            }
        }
        throw Refusal(status: .notFound, code: "not_found", message: "no [inbound] source at this path")
    }

    private func checkAllowList(_ source: InboundSource, _ remote: SocketAddress?) throws(Refusal) {
        guard !source.allowFrom.isEmpty else { return }
        guard let text = remote?.ipAddress, let address = IPAddressMatch.address(text),
              source.allowFrom.contains(where: { $0.contains(address) }) else {
            throw Refusal(status: .forbidden, code: "not_allowed", message: "this address is not in [inbound.\(source.name)] allow_from")
        }
    }

    private func checkToken(_ source: InboundSource, _ token: String?) throws(Refusal) {
        guard let token, let expected = source.token, Self.constantTimeEqual(Array(token.utf8), Array(expected.utf8)) else {
            throw Refusal(status: .unauthorized, code: "bad_token",
                          message: "the URL must end in the source's token: \(source.path)/<token>")
        }
    }

    /// Standard Webhooks: id, timestamp within 5 minutes, and a `v1,` signature made with
    /// one of the source's secrets. Answers the id (for replay protection).
    private func verifySignature(_ source: InboundSource, _ headers: HTTPFields, body: [UInt8]) throws(Refusal) -> String {
        func header(_ name: String) throws(Refusal) -> String {
            guard let value = headers.first(where: { $0.name.canonicalName == name })?.value, !value.isEmpty else {
                throw Refusal(status: .unauthorized, code: "unsigned", message: "the \(name) header is missing", field: name)
            }
            return value
        }
        let id = try header("webhook-id")
        guard id.count <= 256 else { throw Refusal(status: .badRequest, code: "bad_header", message: "webhook-id is longer than 256 characters", field: "webhook-id") }
        guard let timestamp = Int64(try header("webhook-timestamp")) else {
            throw Refusal(status: .unauthorized, code: "bad_timestamp", message: "webhook-timestamp must be unix seconds", field: "webhook-timestamp")
        }
        let signature = try header("webhook-signature")
        let skew = clock.now().timeIntervalSince1970 - Double(timestamp)
        guard abs(skew) <= Self.timestampTolerance else {
            throw Refusal(status: .unauthorized, code: "stale_timestamp",
                          message: "webhook-timestamp is \(Int(abs(skew))) s \(skew > 0 ? "old" : "ahead"): at most 300 s either way",
                          field: "webhook-timestamp")
        }
        guard source.secrets.contains(where: {
            StandardWebhooks.verify(id: id, timestamp: timestamp, body: body, signatureHeader: signature, secret: $0)
        }) else {
            throw Refusal(status: .unauthorized, code: "bad_signature",
                          message: "webhook-signature does not match the body with [inbound.\(source.name)] secret", field: "webhook-signature")
        }
        return id
    }

    private func readBody(_ request: Request, limit: Int, timeoutMs: Int) async throws -> [UInt8] {
        let body = request.body
        do {
            return try await withThrowingTaskGroup(of: [UInt8]?.self) { group in
                group.addTask {
                    let buffer = try await body.collect(upTo: limit)
                    return Array(buffer.readableBytesView)
                }
                group.addTask {
                    try await Task.sleep(for: .milliseconds(timeoutMs))
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let bytes = first else {
                    throw Refusal(status: .requestTimeout, code: "timeout", message: "the body did not arrive within \(timeoutMs) ms")
                }
                return bytes
            }
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw Refusal(status: .contentTooLarge, code: "too_large", message: "the body is larger than \(limit) bytes ([http] max_body_bytes)")
        }
    }

    private func read<T>(_ parse: () throws(InboundFormatError) -> T) throws(Refusal) -> T {
        do {
            return try parse()
        } catch {
            throw Refusal(status: .badRequest, code: "invalid_body", message: error.message, field: error.field)
        }
    }

    private static func kind(of item: InboundItem) -> InboundSource.Kind {
        switch item {
        case .receipt: .receipt
        case .reply: .reply
        case .outcome: .outcome
        }
    }

    static func refusal(_ error: HuifangError) -> Refusal {
        let status: HTTPResponse.Status = switch error.code {
        case .notFound: .notFound
        case .conflict: .conflict
        case .permissionDenied: .forbidden
        case .unavailable, .internal: .serviceUnavailable
        default: .badRequest
        }
        return Refusal(status: status, code: error.code.rawValue, message: error.message, field: error.field)
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
