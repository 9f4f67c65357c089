import Foundation

/// When to try again after a failed attempt (R-DLV-3). With a `schedule` (the default:
/// 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h — about 27 h, so a day-long outage loses
/// nothing), the wait before attempt n+1 is its n-th entry, ±20% jitter, and the message is
/// dead after the last. Without one, exponential back-off from `base`, doubled per attempt
/// up to `cap`, jitter between half and the whole delay, dead after `maxAttempts`. Either
/// way at least what the receiver asked for in Retry-After (up to `maxRetryAfter`, so a
/// receiver cannot park a message for ever).
public struct RetryPolicy: Equatable, Sendable {
    public var maxAttempts: Int
    public var base: Duration
    public var cap: Duration
    public var maxRetryAfter: Duration
    /// The waits between attempts; nil: exponential back-off.
    public var schedule: [Duration]?

    /// Svix's schedule, which webhook receivers know.
    public static let defaultSchedule: [Duration] = [.seconds(5), .seconds(300), .seconds(1800), .seconds(7200), .seconds(18_000),
                                                     .seconds(36_000), .seconds(36_000)]

    public static func scheduled(_ waits: [Duration], maxRetryAfter: Duration = .seconds(86_400)) -> RetryPolicy {
        var policy = RetryPolicy(maxAttempts: waits.count + 1, maxRetryAfter: maxRetryAfter)
        policy.schedule = waits
        return policy
    }

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
            var delay: Duration
            if let schedule, !schedule.isEmpty {
                // ±20% around the scheduled wait.
                let wait = schedule[min(attempt - 1, schedule.count - 1)]
                delay = wait * (0.8 + 0.4 * min(max(jitter, 0), 1))
            } else {
                let full = backoff(afterAttempt: attempt)
                delay = full / 2 + full / 2 * min(max(jitter, 0), 1)
            }
            if let retryAfter { delay = max(delay, min(retryAfter, maxRetryAfter)) }
            let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
            return .retry(at: now.addingTimeInterval(seconds), reason: reason)
        }
    }
}
