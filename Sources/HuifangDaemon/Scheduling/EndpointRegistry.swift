import Foundation
import HuifangCore
import Synchronization

/// The live state of one channel's endpoint: its lane machine (what is claimed and in
/// flight, its rate limit, circuit breaker and an operator's pause) and what happened last.
/// The scheduler drives the machine; `endpoint list` reads a snapshot.
struct EndpointLane: Sendable {
    var settings: HuifangConfig.Channel
    var machine: LaneMachine
    var lastError: String?
    var lastFailureAt: Date?
    var lastSuccessAt: Date?
    var delivered = 0
    var failed = 0
    /// Why it is paused when not by an operator's word alone ("gone: HTTP 410 …").
    var pauseReason: String?

    init(settings: HuifangConfig.Channel, config: HuifangConfig, now: Date) {
        self.settings = settings
        machine = LaneMachine(limits: Self.limits(settings, config), now: now)
    }

    static func limits(_ channel: HuifangConfig.Channel, _ config: HuifangConfig) -> LaneMachine.Limits {
        LaneMachine.Limits(maxInFlight: channel.maxInFlight, batchSize: config.scheduler.batchSize,
                           ratePerSecond: channel.rateLimitPerSecond, lease: Double(config.scheduler.leaseMs) / 1000,
                           circuitThreshold: channel.circuitFailureThreshold,
                           circuitCoolDown: Double(channel.circuitCoolDownMs) / 1000)
    }

    /// Takes new settings; the bucket and breaker restart only when their own settings change.
    mutating func update(_ new: HuifangConfig.Channel, config: HuifangConfig, now: Date) {
        _ = machine.handle(.configChanged(Self.limits(new, config), now: now))
        settings = new
    }

    var inFlight: Int { machine.inFlight }
    var breaker: CircuitBreaker { machine.breaker }
    var pausedAt: Date? {
        get { machine.pausedAt }
        set { machine.pausedAt = newValue }
    }

    var stateName: String { pausedAt != nil ? "paused" : breaker.state.name }
}

final class EndpointRegistry: Sendable {
    private let lanes = Mutex<[String: EndpointLane]>([:])

    init(config: HuifangConfig, paused: [String: Date], reasons: [String: String] = [:], now: Date) {
        sync(with: config, now: now)
        setPauses(paused, reasons: reasons)
    }

    /// The operators' pauses as the store holds them (at the start, and after a restore).
    func setPauses(_ paused: [String: Date], reasons: [String: String]) {
        lanes.withLock { lanes in
            for name in lanes.keys {
                lanes[name]?.pausedAt = paused[name]
                lanes[name]?.pauseReason = paused[name] == nil ? nil : reasons[name]
            }
        }
    }

    /// Adds lanes for new channels, updates changed ones, keeps removed ones while busy.
    func sync(with config: HuifangConfig, now: Date) {
        lanes.withLock { lanes in
            for channel in config.channels {
                if lanes[channel.name] == nil {
                    lanes[channel.name] = EndpointLane(settings: channel, config: config, now: now)
                } else if lanes[channel.name]!.machine.limits != EndpointLane.limits(channel, config)
                            || lanes[channel.name]!.settings != channel {
                    lanes[channel.name]!.update(channel, config: config, now: now)
                }
            }
            let names = Set(config.channels.map(\.name))
            lanes = lanes.filter { names.contains($0.key) || $0.value.inFlight > 0 || !$0.value.machine.ready.isEmpty }
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
    /// Messages claimed and not yet started, over all lanes.
    var totalReady: Int { lanes.withLock { $0.values.reduce(0) { $0 + $1.machine.ready.count } } }
    var names: [String] { lanes.withLock { Array($0.keys) } }
    /// The customers of messages claimed and not yet started, over all lanes.
    func readyCustomerIds() -> Set<Int64> {
        lanes.withLock { Set($0.values.flatMap { $0.machine.ready.map(\.customerId) }) }
    }

    func snapshot() -> [String: EndpointLane] { lanes.withLock { $0 } }
}
