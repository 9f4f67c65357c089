import Foundation

/// A per-endpoint rate limit (R-DLV-1): `rate` tokens per second, at most `burst` saved up.
/// Pure: the caller passes `now`.
public struct TokenBucket: Equatable, Sendable {
    public let rate: Double
    public let burst: Double
    private var tokens: Double
    private var updated: Date

    /// `startFull: false` starts with one token: a daemon that restarts does not owe its
    /// endpoint a whole burst on top of what it sent before the restart.
    public init(ratePerSecond rate: Double, burst: Double? = nil, startFull: Bool = true, now: Date) {
        precondition(rate > 0, "a rate limit needs a positive rate")
        self.rate = rate
        self.burst = max(1, burst ?? rate)
        tokens = startFull ? self.burst : 1
        updated = now
    }

    private mutating func refill(_ now: Date) {
        let elapsed = now.timeIntervalSince(updated)
        if elapsed > 0 {
            tokens = min(burst, tokens + elapsed * rate)
            updated = now
        }
    }

    /// Whole tokens available now.
    public mutating func available(now: Date) -> Int {
        refill(now)
        return Int(tokens.rounded(.down))
    }

    /// Takes `count` tokens if there are that many; returns whether it did.
    @discardableResult
    public mutating func take(_ count: Int = 1, now: Date) -> Bool {
        refill(now)
        guard tokens >= Double(count) else { return false }
        tokens -= Double(count)
        return true
    }

    /// When the next whole token will be there (now, if one is).
    public mutating func nextToken(now: Date) -> Date {
        refill(now)
        if tokens >= 1 { return now }
        return now.addingTimeInterval((1 - tokens) / rate)
    }
}
