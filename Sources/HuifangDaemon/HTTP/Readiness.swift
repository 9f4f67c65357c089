import Foundation
import Synchronization

/// Whether the daemon can do its work now (R-IN-5, `/readyz`): the scheduler loop has
/// turned within twice the poll interval, and its last heartbeat write reached the store.
final class Readiness: Sendable {
    private struct State {
        var turnedAt: Date?
        var heartbeatAt: Date?
        var storeError: String?
    }

    private let state = Mutex(State())

    /// The scheduler loop went round.
    func turned(at now: Date) { state.withLock { $0.turnedAt = now } }

    /// A heartbeat write succeeded (nil) or failed (why).
    func heartbeat(at now: Date, error: String?) {
        state.withLock {
            if let error { $0.storeError = error } else { $0.storeError = nil; $0.heartbeatAt = now }
        }
    }

    /// Why the last heartbeat write failed ("disk full"), while it still fails.
    var storeError: String? { state.withLock { $0.storeError } }

    /// nil when ready; else why not, for people.
    func problem(now: Date, pollInterval: TimeInterval) -> String? {
        let s = state.withLock { $0 }
        let limit = 2 * max(pollInterval, 0.5)
        if let error = s.storeError { return "the store is not writable: \(error)" }
        guard let turned = s.turnedAt else { return "the scheduler has not started yet" }
        let idle = now.timeIntervalSince(turned)
        if idle > limit {
            return String(format: "the scheduler loop has not turned for %.1f s (limit %.1f s)", idle, limit)
        }
        guard let beat = s.heartbeatAt, now.timeIntervalSince(beat) <= limit + 1 else {
            return "the store has taken no heartbeat write lately"
        }
        return nil
    }
}
