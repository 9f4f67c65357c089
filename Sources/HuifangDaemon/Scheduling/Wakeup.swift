import Synchronization

/// Wakes the scheduler early: a control command that adds due work signals it, and a wait
/// ends on the signal or its timeout, whichever comes first. A signal sent while nobody
/// waits is remembered for the next wait.
public final class Wakeup: Sendable {
    private struct State {
        var signalled = false
        var waiter: CheckedContinuation<Void, Never>?
        var settleUntil: ContinuousClock.Instant?
    }

    private let state = Mutex(State())

    public init() {}

    public func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.signalled = true
            return nil
        }
        waiter?.resume()
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
