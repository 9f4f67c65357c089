import Foundation
import Synchronization

/// The configuration in force; SIGHUP swaps it for a newly validated one. Readers take a
/// snapshot per use, so one delivery never sees half of an old and half of a new config.
public final class LiveConfig: Sendable {
    private struct State {
        var config: HuifangConfig
        /// 1 for the config read at start, one more per successful reload.
        var generation: Int
        var loadedAt: Date
    }

    private let current: Mutex<State>
    public let path: String

    public init(_ config: HuifangConfig, path: String, loadedAt: Date) {
        current = Mutex(State(config: config, generation: 1, loadedAt: loadedAt))
        self.path = path
    }

    public var snapshot: HuifangConfig { current.withLock { $0.config } }

    /// Which config is in force, for `status`.
    public var generation: (number: Int, loadedAt: Date) {
        current.withLock { ($0.generation, $0.loadedAt) }
    }

    public func replace(with config: HuifangConfig, at date: Date) {
        current.withLock { state in
            state.config = config
            state.generation += 1
            state.loadedAt = date
        }
    }
}
