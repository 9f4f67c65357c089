import Foundation

/// A per-endpoint circuit breaker, as a pure state machine (DESIGN rule 2). After
/// `threshold` consecutive failures it opens: no requests for `coolDown`. Then it lets one
/// probe through (half-open): success closes it, failure opens it again. While open, the
/// endpoint's messages wait; they are not attempts.
public struct CircuitBreaker: Equatable, Sendable {
    public enum State: Equatable, Sendable {
        case closed(failures: Int)
        case open(until: Date)
        case halfOpen(probing: Bool)

        public var name: String {
            switch self {
            case .closed: "closed"
            case .open: "open"
            case .halfOpen: "half-open"
            }
        }
    }

    /// What the breaker allows right now.
    public enum Permit: Equatable, Sendable {
        /// Send up to this many (`Int.max` when closed).
        case allow(Int)
        /// Send nothing before this time.
        case wait(until: Date)
        /// A probe is in flight; wait for its result.
        case waitForProbe
    }

    /// A change worth logging or alerting on.
    public enum Transition: Equatable, Sendable {
        case opened(until: Date)
        case halfOpened
        case closed
    }

    public let threshold: Int
    public let coolDown: TimeInterval
    public private(set) var state: State = .closed(failures: 0)

    public init(threshold: Int, coolDown: TimeInterval) {
        precondition(threshold >= 1)
        self.threshold = threshold
        self.coolDown = coolDown
    }

    public var consecutiveFailures: Int {
        if case .closed(let failures) = state { return failures }
        return threshold
    }

    public mutating func permit(now: Date) -> (Permit, Transition?) {
        switch state {
        case .closed:
            return (.allow(Int.max), nil)
        case .open(let until):
            guard now >= until else { return (.wait(until: until), nil) }
            state = .halfOpen(probing: false)
            return (.allow(1), .halfOpened)
        case .halfOpen(let probing):
            return probing ? (.waitForProbe, nil) : (.allow(1), nil)
        }
    }

    /// Requests were sent; in half-open, the first is the probe.
    public mutating func sent(count: Int) {
        if case .halfOpen(false) = state, count > 0 { state = .halfOpen(probing: true) }
    }

    /// The result of one request: `failed` is true for endpoint failures (timeouts,
    /// connection errors, 408/429/5xx), false for answers (2xx, and 4xx, which are the
    /// message's fault, not the endpoint's).
    public mutating func record(failed: Bool, now: Date) -> Transition? {
        switch (state, failed) {
        case (.closed, false):
            state = .closed(failures: 0)
            return nil
        case (.closed(let failures), true):
            if failures + 1 >= threshold {
                let until = now.addingTimeInterval(coolDown)
                state = .open(until: until)
                return .opened(until: until)
            }
            state = .closed(failures: failures + 1)
            return nil
        case (.halfOpen, false):
            state = .closed(failures: 0)
            return .closed
        case (.halfOpen, true):
            let until = now.addingTimeInterval(coolDown)
            state = .open(until: until)
            return .opened(until: until)
        case (.open, _):
            return nil  // a late result of a request sent before it opened
        }
    }
}
