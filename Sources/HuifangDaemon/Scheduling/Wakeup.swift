import Dispatch
import Synchronization

/// Wakes the scheduler early: a control command that adds due work signals it, and a wait
/// ends on the signal or its timeout, whichever comes first. A signal sent while nobody
/// waits is remembered for the next wait.
///
/// A task waits with `wait(timeout:)`; a thread of its own (the scheduler's) with
/// `block(timeout:)`, which costs one futex wait and wake instead of a task group, a timer
/// and two child tasks per wait. One waiter at a time.
public final class Wakeup: Sendable {
    private struct State {
        var signalled = false
        var waiter: CheckedContinuation<Void, Never>?
        /// A thread waits in `block` for `bell`.
        var blocked = false
        var settleUntil: ContinuousClock.Instant?
    }

    private let state = Mutex(State())
    private let bell = DispatchSemaphore(value: 0)

    public init() {}

    public func signal() {
        let (waiter, ring) = state.withLock { state -> (CheckedContinuation<Void, Never>?, Bool) in
            if let waiter = state.waiter {
                state.waiter = nil
                return (waiter, false)
            }
            if state.blocked {
                state.blocked = false
                return (nil, true)
            }
            state.signalled = true
            return (nil, false)
        }
        waiter?.resume()
        if ring { bell.signal() }
    }

    /// Blocks the calling thread until a signal or `timeout`. Never call it from a task: it
    /// holds the thread.
    public func block(timeout: Duration) {
        let go = state.withLock { state -> Bool in
            if state.signalled {
                state.signalled = false
                return true
            }
            state.blocked = true
            return false
        }
        if go { return }
        let (seconds, attoseconds) = timeout.components
        let nanoseconds = max(0, min(seconds, 86_400)) * 1_000_000_000 + max(0, attoseconds / 1_000_000_000)
        guard bell.wait(timeout: .now() + .nanoseconds(Int(nanoseconds))) == .timedOut else { return }
        // Timed out; a signal that came meanwhile has rung (or is about to ring) the bell:
        // take that ring now, or the next wait would end at once.
        let rung = state.withLock { state -> Bool in
            defer { state.blocked = false }
            return !state.blocked
        }
        if rung { bell.wait() }
    }

    /// Asks the waiter to let a burst of signals settle for `duration` after this one before
    /// it acts (see `settlingLeft`).
    public func settle(for duration: Duration) {
        state.withLock { $0.settleUntil = .now + duration }
    }

    /// How long the last `settle` still asks the waiter to hold off; nil once it has passed.
    public func settlingLeft() -> Duration? {
        state.withLock { state in
            guard let until = state.settleUntil else { return nil }
            let left = until - .now
            if left <= .zero {
                state.settleUntil = nil
                return nil
            }
            return left
        }
    }

    /// Returns after a signal, after `timeout`, or when the task is cancelled.
    public func wait(timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: timeout) }
            group.addTask { await self.waitForSignal() }
            await group.next()
            group.cancelAll()
        }
    }

    private func waitForSignal() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.signalled || Task.isCancelled {
                        state.signalled = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }
    }
}
