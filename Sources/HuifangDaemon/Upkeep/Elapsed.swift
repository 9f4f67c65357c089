import Foundation

extension ContinuousClock.Instant {
    /// Milliseconds from this instant to now, to the microsecond (upkeep timings).
    var millisecondsAgo: Double {
        let elapsed = ContinuousClock.now - self
        return ((Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15) * 1000).rounded() / 1000
    }
}
