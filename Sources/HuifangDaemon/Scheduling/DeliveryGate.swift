import Foundation
import Synchronization

/// Lets maintenance hold delivery (a restore, R-OPS-3): while held, the scheduler claims
/// nothing, hands back what it claimed, lets what is in flight finish and records it, and
/// then says it is quiet. One holder at a time.
final class DeliveryGate: Sendable {
    private struct State {
        var held = false
        var quiet = false
    }

    private let state = Mutex(State())

    enum HoldResult {
        case quiet
        /// Another maintenance holds it already.
        case busy
        /// Deliveries in flight did not finish in time; the gate is open again.
        case timedOut
    }

    /// Whether the scheduler must stand still.
    var isHeld: Bool { state.withLock { $0.held } }

    /// The scheduler: nothing is claimed, in flight or unrecorded.
    func schedulerIsQuiet() {
        state.withLock { if $0.held { $0.quiet = true } }
    }

    /// Holds delivery and waits (on the caller's thread) until the scheduler is quiet.
    func hold(timeout: Duration, wakeup: Wakeup) -> HoldResult {
        let taken = state.withLock { state -> Bool in
            guard !state.held else { return false }
            state = State(held: true, quiet: false)
            return true
        }
        guard taken else { return .busy }
        wakeup.signal()
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if state.withLock({ $0.quiet }) { return .quiet }
            usleep(5_000)
        }
        release(wakeup: wakeup)
        return .timedOut
    }

    /// Lets the scheduler go on.
    func release(wakeup: Wakeup) {
        state.withLock { $0 = State() }
        wakeup.signal()
    }
}
