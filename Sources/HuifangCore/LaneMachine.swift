import Foundation

/// One channel's delivery lane as a pure state machine (DESIGN rule 2, as postgres-nio's
/// connection machines): events in, actions out; the scheduler carries the actions out
/// (store claims, HTTP) and feeds their results back. It owns what limits the lane: the
/// messages claimed but not started, what is in flight, the rate limit (R-DLV-1), the
/// circuit breaker and an operator's pause.
public struct LaneMachine: Sendable, Equatable {
    public struct Limits: Sendable, Equatable {
        public var maxInFlight: Int
        /// Most messages to claim in one go.
        public var batchSize: Int
        public var ratePerSecond: Double?
        public var lease: TimeInterval
        public var circuitThreshold: Int
        public var circuitCoolDown: TimeInterval

        public init(maxInFlight: Int, batchSize: Int, ratePerSecond: Double?, lease: TimeInterval,
                    circuitThreshold: Int, circuitCoolDown: TimeInterval) {
            self.maxInFlight = maxInFlight
            self.batchSize = batchSize
            self.ratePerSecond = ratePerSecond
            self.lease = lease
            self.circuitThreshold = circuitThreshold
            self.circuitCoolDown = circuitCoolDown
        }
    }

    public enum Event: Sendable {
        /// Look at the lane: claim, start or wait.
        case tick(now: Date)
        /// The store answered a `claim` action.
        case claimed([Message], wanted: Int, now: Date)
        /// Of the messages a `start` action offered, these many were sent (the others were
        /// skipped or held by `SendDecision`: no attempt, nothing in flight).
        case started(sent: Int, now: Date)
        /// A delivery came back; `endpointFailed` is nil when nothing reached the endpoint.
        case finished(endpointFailed: Bool?, now: Date)
        case configChanged(Limits, now: Date)
        /// Stop: nothing new starts; what is claimed goes back.
        case shutdown
        /// Go on after a `shutdown` that was a pause for maintenance (a restore).
        case resume
    }

    public enum Action: Sendable, Equatable {
        /// Claim up to `limit` due messages of the lane, leased until then.
        case claim(limit: Int, leaseUntil: Date)
        /// These may go now: decide each, send those let go, report `started`.
        case start([Message])
        /// Hand these claims back to the store (paused, circuit open, stopping).
        case release([Message])
        /// Look again then; nil: when a delivery finishes (or at the poll interval).
        case sleepUntil(Date?)
        /// Look again when the lane's next message is due (the store knows when).
        case sleepUntilNextDue
        /// The circuit changed state (log it, alert on it).
        case circuit(CircuitBreaker.Transition)
    }

    /// Why the whole lane waits, not one message: an open circuit or an operator's pause
    /// (R-DLV-7: a message due meanwhile was held by it).
    public struct Hold: Sendable, Equatable {
        public enum Cause: Sendable, Equatable {
            case paused
            case circuitOpen(until: Date)
        }

        public var cause: Cause
        public var since: Date
        /// When the lane went on; nil while it still waits.
        public var until: Date?

        public init(cause: Cause, since: Date, until: Date? = nil) {
            self.cause = cause
            self.since = since
            self.until = until
        }
    }

    public private(set) var limits: Limits
    /// The lane's hold now, if it waits.
    public private(set) var hold: Hold?
    /// The last hold that ended: messages due before its end were held by it.
    public private(set) var lastHold: Hold?
    public private(set) var ready: [Message] = []
    public private(set) var inFlight = 0
    public private(set) var breaker: CircuitBreaker
    public private(set) var bucket: TokenBucket?
    /// Set by an operator (`endpoint pause`); kept across restarts by the store.
    public var pausedAt: Date?
    public private(set) var stopping = false
    /// How many a tick allowed, while its claim is out.
    private var allowance = 0
    /// Whether the last claim found fewer due messages than it asked for.
    private var exhausted = false

    public init(limits: Limits, now: Date) {
        self.limits = limits
        breaker = CircuitBreaker(threshold: limits.circuitThreshold, coolDown: limits.circuitCoolDown)
        bucket = limits.ratePerSecond.map { TokenBucket(ratePerSecond: $0, startFull: false, now: now) }
    }

    public mutating func handle(_ event: Event) -> [Action] {
        switch event {
        case .tick(let now): return tick(now)
        case .claimed(let messages, let wanted, let now): return claimed(messages, wanted: wanted, now: now)
        case .started(let sent, let now): return started(sent, now: now)
        case .finished(let failed, let now): return finished(endpointFailed: failed, now: now)
        case .configChanged(let new, let now):
            reconfigure(new, now: now)
            return []
        case .shutdown:
            stopping = true
            return releaseReady()
        case .resume:
            stopping = false
            return []
        }
    }

    private mutating func tick(_ now: Date) -> [Action] {
        guard !stopping else { return releaseReady() }
        if pausedAt != nil {
            holding(.paused, now: now)
            return releaseReady() + [.sleepUntil(nil)]
        }
        let (permit, transition) = breaker.permit(now: now)
        let logged = transition.map { [Action.circuit($0)] } ?? []
        var count: Int
        switch permit {
        case .wait(let until):
            holding(.circuitOpen(until: until), now: now)
            return logged + releaseReady() + [.sleepUntil(until)]
        case .waitForProbe: return logged + releaseReady() + [.sleepUntil(nil)]
        case .allow(let allowed):
            count = min(allowed, limits.maxInFlight - inFlight)
            if var ended = hold {
                ended.until = now
                lastHold = ended
                hold = nil
            }
        }
        guard count > 0 else { return logged + [.sleepUntil(nil)] }
        if var bucket {
            let tokens = bucket.available(now: now)
            let next = bucket.nextToken(now: now)
            self.bucket = bucket
            if tokens == 0 { return logged + [.sleepUntil(next)] }
            count = min(count, tokens)
        }
        guard ready.count < count else {
            let offered = logged + offer(count, now: now)
            // Claim the next round while this one is in flight: the slots it frees then find
            // work at hand instead of waiting on the store (not for probes or rate-limited lanes).
            guard !isProbing, !exhausted, bucket == nil, ready.count < limits.maxInFlight else { return offered }
            allowance = 0
            let batch = min(limits.batchSize, 4 * limits.maxInFlight)
            return offered + [.claim(limit: batch - ready.count, leaseUntil: now.addingTimeInterval(limits.lease))]
        }
        // A probe claims exactly one; otherwise keep a few rounds of work at hand.
        var batch = isProbing ? count : min(limits.batchSize, 4 * limits.maxInFlight)
        if let rate = limits.ratePerSecond { batch = min(batch, max(1, Int(rate * 2))) }
        allowance = count
        return logged + [.claim(limit: max(count, batch) - ready.count, leaseUntil: now.addingTimeInterval(limits.lease))]
    }

    private mutating func claimed(_ messages: [Message], wanted: Int, now: Date) -> [Action] {
        ready += messages
        exhausted = messages.count < wanted
        let count = allowance
        allowance = 0
        if stopping { return releaseReady() }
        return offer(count, now: now)
    }

    /// Hands out up to `count` ready messages, or says when to look again.
    private mutating func offer(_ count: Int, now: Date) -> [Action] {
        let offered = Array(ready.prefix(count))
        ready.removeFirst(offered.count)
        return offered.isEmpty ? nextLook(now: now) : [.start(offered)]
    }

    private mutating func started(_ sent: Int, now: Date) -> [Action] {
        if sent > 0 {
            inFlight += sent
            breaker.sent(count: sent)
            if bucket != nil { bucket!.take(sent, now: now) }
        }
        return nextLook(now: now)
    }

    private mutating func nextLook(now: Date) -> [Action] {
        if ready.isEmpty && exhausted { return [.sleepUntilNextDue] }
        // More is at hand: look again when the rate limit has a token, else when a delivery ends.
        guard var bucket else { return [.sleepUntil(nil)] }
        let next = bucket.nextToken(now: now)
        self.bucket = bucket
        return [.sleepUntil(next)]
    }

    private mutating func finished(endpointFailed: Bool?, now: Date) -> [Action] {
        inFlight = max(0, inFlight - 1)
        guard let endpointFailed, let transition = breaker.record(failed: endpointFailed, now: now) else { return [] }
        return [.circuit(transition)]
    }

    private mutating func reconfigure(_ new: Limits, now: Date) {
        if new.ratePerSecond != limits.ratePerSecond {
            bucket = new.ratePerSecond.map { TokenBucket(ratePerSecond: $0, startFull: false, now: now) }
        }
        if new.circuitThreshold != limits.circuitThreshold || new.circuitCoolDown != limits.circuitCoolDown {
            breaker = CircuitBreaker(threshold: new.circuitThreshold, coolDown: new.circuitCoolDown)
        }
        limits = new
    }

    /// The lane waits for `cause`: a new hold, or the same one going on.
    private mutating func holding(_ cause: Hold.Cause, now: Date) {
        if hold?.cause != cause { hold = Hold(cause: cause, since: hold?.since ?? now) }
    }

    private mutating func releaseReady() -> [Action] {
        guard !ready.isEmpty else { return [] }
        defer { ready.removeAll() }
        return [.release(ready)]
    }

    private var isProbing: Bool {
        if case .halfOpen = breaker.state { return true }
        return false
    }
}
