import Dispatch
import Synchronization

/// Records finished deliveries off the scheduler's loop: the loop hands each batch over and
/// goes on claiming and starting deliveries while SQLite writes it (one transaction per
/// batch). Batches are written one at a time, in the order handed over. `backlog` lets the
/// loop hold back when writing falls behind, so batches cannot pile up in memory.
final class OutcomeWriter: Sendable {
    private let queue = DispatchQueue(label: "huifang.outcomes")
    private let queued = Atomic<Int>(0)

    /// Batches handed over and not yet written.
    var backlog: Int { queued.load(ordering: .acquiring) }

    /// Runs `write` on the writer's thread, after every batch handed over before it.
    func submit(_ write: @escaping @Sendable () -> Void) {
        queued.add(1, ordering: .acquiringAndReleasing)
        queue.async { [self] in
            write()
            queued.subtract(1, ordering: .acquiringAndReleasing)
        }
    }

    /// Blocks until every batch handed over is written (the scheduler's last turn).
    func drain() { queue.sync {} }
}
