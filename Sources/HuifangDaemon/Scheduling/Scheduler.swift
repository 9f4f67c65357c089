import Foundation
import HuifangCore
import Logging
import ServiceLifecycle
import Synchronization

/// The scheduler loop (a `Service`): claims due messages under a lease, has the dispatcher
/// deliver them concurrently, records the results in one transaction per batch, and sleeps
/// until the next due time, a wake-up from a control command, or the poll interval.
///
/// On graceful shutdown it stops claiming, lets in-flight requests finish for the configured
/// grace period, then aborts the rest (they are recorded as failed attempts and retried on
/// the next start), and releases every lease it still holds.
final class Scheduler: Service {
    private let store: any Store
    private let config: LiveConfig
    private let dispatcher: Dispatcher
    private let clock: any WallClock
    private let wakeup: Wakeup
    private let notifier: SystemdNotifier
    private let logger: Logger
    private let abortInFlight: @Sendable () -> Void
    /// This process's lease owner id.
    let owner: String

    init(store: any Store, config: LiveConfig, dispatcher: Dispatcher, clock: any WallClock, wakeup: Wakeup,
         notifier: SystemdNotifier, logger: Logger, abortInFlight: @escaping @Sendable () -> Void) {
        self.store = store
        self.config = config
        self.dispatcher = dispatcher
        self.clock = clock
        self.wakeup = wakeup
        self.notifier = notifier
        self.logger = logger
        self.abortInFlight = abortInFlight
        owner = "\(ProcessInfo.processInfo.hostName)/\(getpid())/\(UUID().uuidString.prefix(8))"
    }

    func run() async throws {
        let stopping = Atomic<Bool>(false)
        await withGracefulShutdownHandler {
            await loop(stopping: stopping)
        } onGracefulShutdown: { [wakeup, config, abortInFlight, logger] in
            stopping.store(true, ordering: .sequentiallyConsistent)
            wakeup.signal()
            let grace = config.snapshot.delivery.shutdownGraceMs
            Task {
                try? await Task.sleep(for: .milliseconds(grace))
                logger.notice("shutdown grace period over; aborting requests still in flight")
                abortInFlight()
            }
        }
        do {
            let released = try store.releaseLeases(owner: owner, now: clock.now())
            if released > 0 { logger.info("released leases", metadata: ["huifang.count": "\(released)"]) }
        } catch {
            logger.error("could not release leases: \(error)")
        }
    }

    private func loop(stopping: borrowing Atomic<Bool>) async {
        var lastRescue = Date.distantPast
        while !stopping.load(ordering: .sequentiallyConsistent) && !Task.isCancelled {
            if notifier.watchdogInterval != nil { notifier.notify("WATCHDOG=1") }
            let settings = config.snapshot
            let now = clock.now()
            if now.timeIntervalSince(lastRescue) * 1000 >= Double(settings.scheduler.leaseMs) / 2 {
                lastRescue = now
                do {
                    let rescued = try store.rescueExpiredLeases(now: now)
                    if rescued > 0 { logger.notice("rescued messages with expired leases", metadata: ["huifang.count": "\(rescued)"]) }
                } catch {
                    logger.error("lease rescue failed: \(error)")
                }
            }
            let batch: [Message]
            do {
                batch = try store.claimDue(
                    now: now, limit: settings.scheduler.batchSize, owner: owner,
                    leaseUntil: now.addingTimeInterval(Double(settings.scheduler.leaseMs) / 1000))
            } catch {
                logger.error("claiming due messages failed: \(error)")
                await wakeup.wait(timeout: .milliseconds(settings.scheduler.pollIntervalMs))
                continue
            }
            if batch.isEmpty {
                await wakeup.wait(timeout: sleepTime(settings: settings, now: now))
                continue
            }
            let results = await withTaskGroup(of: DeliveryResult.self) { group in
                for message in batch {
                    group.addTask { [dispatcher, owner] in
                        await dispatcher.deliver(message, config: settings, leaseOwner: owner)
                    }
                }
                var results: [DeliveryResult] = []
                results.reserveCapacity(batch.count)
                for await result in group { results.append(result) }
                return results
            }
            do {
                try store.record(results, now: clock.now())
            } catch {
                // The leases expire and the messages are retried with the same ids (R-DLV-5).
                logger.error("recording \(results.count) delivery results failed: \(error)")
            }
        }
    }

    /// Until the next due message, but no longer than the poll interval or the watchdog.
    private func sleepTime(settings: HuifangConfig, now: Date) -> Duration {
        var limit = Duration.milliseconds(settings.scheduler.pollIntervalMs)
        if let watchdog = notifier.watchdogInterval { limit = min(limit, watchdog) }
        guard let next = try? store.nextDueAt() else { return limit }
        let millis = max(0, Int64((next.timeIntervalSince(now) * 1000).rounded(.up)))
        return min(limit, .milliseconds(millis))
    }
}
