import Foundation
import HuifangCore
import Logging
import ServiceLifecycle

/// Runs the greeting rules (R-TIME-2…4) as a `Service`: every `plan_interval_ms`, and at once
/// when a customer is added, it plans the birthdays and holidays from a day back (what fell
/// due while the daemon was down and is not yet stale, R-TIME-5) to `lookahead_hours` ahead,
/// and stores what is new. Dedupe keys make planning again harmless.
final class GreetingService: Service {
    private let store: any Store
    private let config: LiveConfig
    private let clock: any WallClock
    private let trigger: Wakeup
    private let schedulerWakeup: Wakeup
    private let logger: Logger

    init(store: any Store, config: LiveConfig, clock: any WallClock, trigger: Wakeup, schedulerWakeup: Wakeup, logger: Logger) {
        self.store = store
        self.config = config
        self.clock = clock
        self.trigger = trigger
        self.schedulerWakeup = schedulerWakeup
        self.logger = logger
    }

    func run() async throws {
        await cancelWhenGracefulShutdown { [self] in
            while !Task.isCancelled {
                let settings = config.snapshot
                if settings.greetings.enabled { planOnce(settings: settings) }
                await trigger.wait(timeout: .milliseconds(settings.greetings.planIntervalMs))
            }
        }
    }

    /// Plans and stores one round; returns how many messages were new.
    @discardableResult
    func planOnce(settings: HuifangConfig) -> Int {
        let now = clock.now()
        let greeting = settings.greetingSettings()
        let from = now.addingTimeInterval(-greeting.staleAfter)
        let through = now.addingTimeInterval(Double(settings.greetings.lookaheadHours) * 3600)
        let configured = Set(settings.channels.map(\.name))
        var afterId: Int64 = 0
        var inserted = 0
        do {
            while true {
                let page = try store.customers(afterId: afterId, limit: 1000)
                guard let last = page.last else { break }
                afterId = last.id
                let tiers = try settings.membership.ladder.tiers(of: store.tierNames(customerIds: page.map(\.id)))
                let planned = GreetingPlanner.plan(customers: page, settings: greeting, configuredChannels: configured,
                                                   from: from, through: through, now: now, tiers: tiers)
                inserted += try store.insertNew(planned.map { $0.message(id: MessageID.generate(now: now), now: now) })
            }
        } catch {
            logger.error("planning greetings failed: \(error)")
        }
        if inserted > 0 {
            logger.info("greetings planned", metadata: ["huifang.count": "\(inserted)"])
            schedulerWakeup.signal()
        }
        return inserted
    }
}
