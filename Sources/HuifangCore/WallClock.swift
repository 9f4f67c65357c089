import Foundation

/// The one way the service reads the time. Rules and queries take `now` as a parameter;
/// only the shell (scheduler, control handlers) asks a clock, so tests can inject one.
public protocol WallClock: Sendable {
    func now() -> Date
}

public struct SystemClock: WallClock {
    /// Seconds added to the system's time: 0 but in tests that need a particular hour
    /// (`HUIFANG_CLOCK_OFFSET_SECONDS`, read by huifangd at start).
    public let offset: TimeInterval

    public init(offset: TimeInterval = 0) { self.offset = offset }
    public func now() -> Date { offset == 0 ? Date() : Date().addingTimeInterval(offset) }
}

extension Date {
    /// Milliseconds since the Unix epoch, the store's representation of an instant.
    /// Rounded to the nearest millisecond, so that `Date(unixMillis: n).unixMillis == n`
    /// despite binary floating point.
    public var unixMillis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    public init(unixMillis: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(unixMillis) / 1000)
    }
}
