import Dispatch
import Logging
import ServiceLifecycle
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// SIGTERM and SIGINT, caught from the first moment: their handlers are in place before the
/// store opens or the control socket listens, so a signal that arrives before the service
/// group runs still means a graceful stop (exit 0), never death by the default action. The
/// group is attached once it exists; a signal caught earlier is passed on then.
final class ShutdownSignals: @unchecked Sendable {
    private struct State {
        var group: ServiceGroup?
        var requested = false
    }

    private let state = Mutex(State())
    private var sources: [DispatchSourceSignal] = []

    init(_ signals: [Int32], logger: Logger) {
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in
                logger.notice("caught signal \(number); stopping gracefully")
                self?.fire()
            }
            source.resume()
            sources.append(source)
        }
    }

    deinit { sources.forEach { $0.cancel() } }

    /// Hands signals on to `group` from now on, and at once if one came already.
    func attach(_ group: ServiceGroup) {
        let requested = state.withLock { state -> Bool in
            state.group = group
            return state.requested
        }
        if requested { Task { await group.triggerGracefulShutdown() } }
    }

    private func fire() {
        let group = state.withLock { state -> ServiceGroup? in
            state.requested = true
            return state.group
        }
        if let group { Task { await group.triggerGracefulShutdown() } }
    }
}
