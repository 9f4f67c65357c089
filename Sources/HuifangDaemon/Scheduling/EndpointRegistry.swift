import Foundation
import HuifangCore
import Synchronization

/// The live state of one channel's endpoint: what is in flight, its rate limit, its circuit
/// breaker, whether an operator paused it, and what happened last. The scheduler owns the
/// changes; `endpoint list` reads a snapshot.
struct EndpointLane: Sendable {
    var settings: HuifangConfig.Channel
    var inFlight = 0
    var bucket: TokenBucket?
    var breaker: CircuitBreaker
    var pausedAt: Date?
    var lastError: String?
    var lastFailureAt: Date?
    var lastSuccessAt: Date?
    var delivered = 0
    var failed = 0

    init(settings: HuifangConfig.Channel, now: Date) {
        self.settings = settings
        bucket = settings.rateLimitPerSecond.map { TokenBucket(ratePerSecond: $0, now: now) }
        breaker = CircuitBreaker(threshold: settings.circuitFailureThreshold,
                                 coolDown: Double(settings.circuitCoolDownMs) / 1000)
    }

    /// Takes new settings; the bucket and breaker restart only when their own settings change.
    mutating func update(_ new: HuifangConfig.Channel, now: Date) {
        if new.rateLimitPerSecond != settings.rateLimitPerSecond {
            bucket = new.rateLimitPerSecond.map { TokenBucket(ratePerSecond: $0, now: now) }
        }
        if new.circuitFailureThreshold != settings.circuitFailureThreshold || new.circuitCoolDownMs != settings.circuitCoolDownMs {
            breaker = CircuitBreaker(threshold: new.circuitFailureThreshold, coolDown: Double(new.circuitCoolDownMs) / 1000)
        }
        settings = new
    }

    var stateName: String { pausedAt != nil ? "paused" : breaker.state.name }
}

final class EndpointRegistry: Sendable {
    private let lanes = Mutex<[String: EndpointLane]>([:])

    init(config: HuifangConfig, paused: [String: Date], now: Date) {
        sync(with: config, now: now)
        lanes.withLock { lanes in
            for (name, date) in paused { lanes[name]?.pausedAt = date }
        }
    }

    /// Adds lanes for new channels, updates changed ones, keeps removed ones while busy.
    func sync(with config: HuifangConfig, now: Date) {
        lanes.withLock { lanes in
            for channel in config.channels {
                if lanes[channel.name] == nil {
                    lanes[channel.name] = EndpointLane(settings: channel, now: now)
                } else if lanes[channel.name]!.settings != channel {
                    lanes[channel.name]!.update(channel, now: now)
                }
            }
            let names = Set(config.channels.map(\.name))
            lanes = lanes.filter { names.contains($0.key) || $0.value.inFlight > 0 }
        }
    }

    @discardableResult
    func with<T>(_ name: String, _ body: (inout EndpointLane) -> T) -> T? {
        lanes.withLock { lanes in
            guard lanes[name] != nil else { return nil }
            return body(&lanes[name]!)
        }
    }

    var totalInFlight: Int { lanes.withLock { $0.values.reduce(0) { $0 + $1.inFlight } } }

    func snapshot() -> [String: EndpointLane] { lanes.withLock { $0 } }
}
