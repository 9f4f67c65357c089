import Foundation

/// Moves a daemon's clock to an hour a test needs (`HUIFANG_CLOCK_OFFSET_SECONDS`): the
/// only fake in the integration tests, as the standards allow.
public struct ClockOffset: Sendable {
    public let seconds: TimeInterval
    public let zone: TimeZone

    /// The offset at which the clock next reads `hour:minute:second` in `zone`.
    public init(toNext hour: Int, _ minute: Int, _ second: Int = 0, in zone: String = "Asia/Shanghai", from now: Date = Date()) {
        self.zone = TimeZone(identifier: zone)!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = self.zone
        let target = calendar.nextDate(after: now, matching: DateComponents(hour: hour, minute: minute, second: second),
                                       matchingPolicy: .nextTime)!
        seconds = target.timeIntervalSince(now)
    }

    public init(seconds: TimeInterval, zone: String = "Asia/Shanghai") {
        self.seconds = seconds
        self.zone = TimeZone(identifier: zone)!
    }

    /// The daemon's environment.
    public var environment: [String: String] { ["HUIFANG_CLOCK_OFFSET_SECONDS": String(seconds)] }

    /// What the daemon's clock reads now.
    public var now: Date { Date().addingTimeInterval(seconds) }

    /// The daemon's local date now, `YYYY-MM-DD`.
    public var today: String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day], from: now)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    /// The next `hour:minute` in `zone` after the daemon's now.
    public func next(_ hour: Int, _ minute: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.nextDate(after: now, matching: DateComponents(hour: hour, minute: minute, second: 0), matchingPolicy: .nextTime)!
    }
}
