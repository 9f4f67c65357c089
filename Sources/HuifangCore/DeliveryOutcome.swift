import Foundation

/// How a response is judged (R-DLV-3): 2xx delivered; 408, 429, 5xx, timeouts and
/// connection errors retried; any other answer (other 4xx, 3xx, bad URL) permanent.
public enum DeliveryOutcome: Equatable, Sendable {
    case delivered
    case retry(reason: String, retryAfter: Duration?)
    case permanent(reason: String)

    public enum Class: String, Codable, Sendable {
        case delivered, retry, permanent
    }

    public var `class`: Class {
        switch self {
        case .delivered: .delivered
        case .retry: .retry
        case .permanent: .permanent
        }
    }

    public var reason: String? {
        switch self {
        case .delivered: nil
        case .retry(let reason, _), .permanent(let reason): reason
        }
    }

    public static func classify(_ response: WebhookResponse, now: Date) -> DeliveryOutcome {
        if let error = response.transportError {
            switch error {
            case .timeout: return .retry(reason: "timeout", retryAfter: nil)
            case .connectFailed(let detail): return .retry(reason: "connect failed: \(detail)", retryAfter: nil)
            case .dnsFailed(let detail): return .retry(reason: "DNS failed: \(detail)", retryAfter: nil)
            case .other(let detail): return .retry(reason: "transport error: \(detail)", retryAfter: nil)
            case .invalidURL(let detail): return .permanent(reason: "invalid URL: \(detail)")
            }
        }
        guard let status = response.status else {
            return .retry(reason: "no response", retryAfter: nil)
        }
        switch status {
        case 200..<300:
            return .delivered
        case 408, 429, 500..<600:
            let after = response.retryAfter.flatMap { RetryAfter.parse($0, now: now) }
            return .retry(reason: "HTTP \(status)", retryAfter: after)
        default:
            return .permanent(reason: "HTTP \(status)")
        }
    }
}

/// `Retry-After` in either form: delay-seconds or an HTTP-date (RFC 9110 §10.2.3).
public enum RetryAfter {
    public static func parse(_ value: String, now: Date) -> Duration? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(text) {
            return seconds >= 0 ? .seconds(seconds) : nil
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        guard let date = formatter.date(from: text) else { return nil }
        let delta = date.timeIntervalSince(now)
        return .milliseconds(Int64(max(0, delta) * 1000))
    }
}
