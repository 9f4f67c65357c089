import Foundation

/// When to try again after a failed attempt (R-DLV-3): exponential back-off from `base`,
/// doubled per attempt up to `cap`, with jitter between half and the whole delay, and at
/// least what the receiver asked for in Retry-After (up to `maxRetryAfter`, so a receiver
/// cannot park a message for ever). After `maxAttempts`, dead.
public struct RetryPolicy: Equatable, Sendable {
    public var maxAttempts: Int
    public var base: Duration
    public var cap: Duration
    public var maxRetryAfter: Duration

    public init(maxAttempts: Int = 8, base: Duration = .seconds(2), cap: Duration = .seconds(3600),
                maxRetryAfter: Duration = .seconds(86_400)) {
        self.maxAttempts = maxAttempts
        self.base = base
        self.cap = cap
        self.maxRetryAfter = maxRetryAfter
    }

    public enum Decision: Equatable, Sendable {
        case delivered
        case retry(at: Date, reason: String)
        case dead(reason: String)
    }

    /// The delay before attempt `attempt + 1`, without jitter (attempt counts from 1).
    public func backoff(afterAttempt attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let raw = base * (1 << exponent)
        return min(raw, cap)
    }

    /// `jitter` is a number in 0..<1 (random in production, fixed in tests).
    public func decide(outcome: DeliveryOutcome, attempt: Int, now: Date, jitter: Double) -> Decision {
        switch outcome {
        case .delivered:
            return .delivered
        case .permanent(let reason):
            return .dead(reason: reason)
        case .retry(let reason, let retryAfter):
            guard attempt < maxAttempts else {
                return .dead(reason: "\(reason) (after \(attempt) attempts)")
            }
            let full = backoff(afterAttempt: attempt)
            var delay = full / 2 + full / 2 * min(max(jitter, 0), 1)
            if let retryAfter { delay = max(delay, min(retryAfter, maxRetryAfter)) }
            let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
            return .retry(at: now.addingTimeInterval(seconds), reason: reason)
        }
    }
}
