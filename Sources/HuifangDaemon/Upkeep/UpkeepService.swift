import Foundation
import HuifangCore
import Logging
import ServiceLifecycle

/// The periodic jobs, each "store state + now → work written to the store", run by one
/// service under names that say what they do: greetings, no-shows, complaint escalation,
/// membership review, arrears, retention and the scheduled reports. Whatever a job plans,
/// the scheduler delivers: it is woken after each round. A greeting trigger (a customer was
/// added or changed) makes the greeting job due at once. With several nodes on one
/// PostgreSQL database, only the node that leads runs them (`leads`).
final class UpkeepService: Service {
    /// One periodic job.
    struct Job: Sendable {
        let name: String
        /// Seconds between runs, from the live config.
        let every: @Sendable (HuifangConfig) -> TimeInterval
        let run: @Sendable (HuifangConfig, Date) throws -> Void
    }

    private let config: LiveConfig
    private let clock: any WallClock
    private let schedulerWakeup: Wakeup
    private let greetingTrigger: Wakeup
    private let logger: Logger
    private let leads: @Sendable () -> Bool
    let jobs: [Job]

    static let greetingJob = "greetings.plan"

    init(store: any Store, config: LiveConfig, clock: any WallClock, schedulerWakeup: Wakeup, greetingTrigger: Wakeup,
         logger: Logger, leads: @escaping @Sendable () -> Bool = { true }, makeContext: @escaping @Sendable () -> CommandContext) {
        self.config = config
        self.leads = leads
        self.clock = clock
        self.schedulerWakeup = schedulerWakeup
        self.greetingTrigger = greetingTrigger
        self.logger = logger
        jobs = Self.jobs(store: store, logger: logger, makeContext: makeContext)
    }

    /// The jobs, in the order they run in a round. The frequent ones run twice per lease
    /// period, as they did inside the scheduler.
    static func jobs(store: any Store, logger: Logger, makeContext: @escaping @Sendable () -> CommandContext) -> [Job] {
        let frequent: @Sendable (HuifangConfig) -> TimeInterval = { Double($0.scheduler.leaseMs) / 2000 }
        return [
            // R-TIME-2…5: birthdays and holidays from a day back to the lookahead.
            Job(name: greetingJob, every: { Double($0.greetings.planIntervalMs) / 1000 }) { settings, now in
                if settings.greetings.enabled { GreetingPlanning(store: store, logger: logger).planOnce(settings: settings, now: now) }
            },
            // R-APT-4: appointments past their end without a check-in.
            Job(name: "appointments.mark-no-shows", every: frequent) { _, now in
                let marked = try store.markNoShows(now: now)
                if marked > 0 { logger.info("appointments marked no-show", metadata: ["huifang.count": "\(marked)"]) }
            },
            // R-CMP-3: complaints past a deadline go one step up the chain.
            Job(name: "complaints.escalate", every: frequent) { settings, now in
                try ComplaintEscalator(store: store, logger: logger).run(settings: settings, now: now)
            },
            // R-MEM-3, R-MEM-6: points expire; tiers are re-evaluated.
            Job(name: "membership.review", every: frequent) { settings, now in
                try LoyaltyReviewer(store: store, logger: logger).run(settings: settings, now: now)
            },
            // R-KEEP-3: arrears reminders and suspension.
            Job(name: "arrears.remind", every: frequent) { settings, now in
                try RetentionKeeper(store: store, logger: logger).remindArrears(settings: settings, now: now)
            },
            // R-KEEP-1, R-KEEP-2: care calls by segment and win-backs.
            Job(name: "retention.plan", every: { _ in 600 }) { settings, now in
                try RetentionKeeper(store: store, logger: logger).planRetention(settings: settings, now: now)
            },
            // R-REP-4: the daily and weekly reports to the report channel.
            Job(name: "reports.send", every: { _ in 30 }) { settings, now in
                ReportSending(store: store, logger: logger, makeContext: makeContext).sendDueReports(settings: settings, now: now)
            },
        ]
    }

    func run() async throws {
        await cancelWhenGracefulShutdown { [self] in
            var schedule = UpkeepSchedule(jobs.map { ($0.name, $0.every(config.snapshot)) })
            while !Task.isCancelled {
                let settings = config.snapshot
                schedule.reschedule { name in jobs.first { $0.name == name }?.every(settings) }
                let now = clock.now()
                runJobs(named: schedule.due(now: now), settings: settings, now: now)
                let wakeAt = schedule.nextWake(after: clock.now())
                let delay = max(0.05, wakeAt.timeIntervalSince(clock.now()))
                await greetingTrigger.wait(timeout: .milliseconds(Int64(delay * 1000)))
                // Woken before the next job was due: a customer was added or changed.
                var changed = clock.now() < wakeAt
                // An import's batches come one after another: plan once they stop, at most
                // 30 s late (however long the import took, and whatever else fell due meanwhile).
                let settling = ContinuousClock.now
                while !Task.isCancelled, ContinuousClock.now - settling < .seconds(30), let left = greetingTrigger.settlingLeft() {
                    changed = true
                    await greetingTrigger.wait(timeout: left)
                }
                if changed { schedule.requestNow(Self.greetingJob) }
            }
        }
    }

    /// Runs the named jobs once; one failing does not stop the others.
    func runJobs(named names: [String], settings: HuifangConfig, now: Date) {
        guard !names.isEmpty, leads() else { return }
        for job in jobs where names.contains(job.name) {
            let started = ContinuousClock.now
            var failed = false
            do {
                try job.run(settings, now)
            } catch {
                failed = true
                logger.error("periodic job failed: \(error)", metadata: ["huifang.job": "\(job.name)"])
            }
            let elapsed = ContinuousClock.now - started
            DaemonMetrics.planner(job.name, seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
                                  failed: failed)
        }
        schedulerWakeup.signal()
    }
}
