import Synchronization

/// The configuration in force; SIGHUP swaps it for a newly validated one. Readers take a
/// snapshot per use, so one delivery never sees half of an old and half of a new config.
public final class LiveConfig: Sendable {
    private let current: Mutex<HuifangConfig>
    public let path: String

    public init(_ config: HuifangConfig, path: String) {
        current = Mutex(config)
        self.path = path
    }

    public var snapshot: HuifangConfig { current.withLock { $0 } }

    public func replace(with config: HuifangConfig) {
        current.withLock { $0 = config }
    }
}
