import Foundation
import HuifangCore
import Logging
import ServiceLifecycle
import Synchronization

/// The delivery pipeline (a `Service`). Each channel is a lane with its own concurrency
/// cap, rate limit and circuit breaker (R-DLV-1): the loop claims due messages per lane as
/// far as the lane allows, starts a delivery per message, and records finished deliveries
/// in batches (one transaction per batch, with any channel fallbacks, R-DLV-4). It sleeps
/// until a delivery finishes, the next message or token is due, a circuit may close, a
/// control command wakes it, or the poll interval passes.
///
/// On graceful shutdown it stops claiming, lets in-flight requests finish for the grace
/// period, then aborts the rest (recorded as failed attempts, retried on the next start
/// with the same ids), and releases every lease it still holds.
final class Scheduler: Service {
    private let store: any Store
    private let config: LiveConfig
    private let dispatcher: Dispatcher
    private let endpoints: EndpointRegistry
    private let clock: any WallClock
    private let wakeup: Wakeup
    private let notifier: SystemdNotifier
    private let logger: Logger
    private let abortInFlight: @Sendable () -> Void
    private let finished = Mutex<[Dispatcher.Completion]>([])
    /// This process's lease owner id.
    let owner: String

    /// Finished deliveries are written when this many are waiting, or after `flushInterval`.
    private let flushBatch = 512
    private let flushInterval: TimeInterval = 0.02

    init(store: any Store, config: LiveConfig, dispatcher: Dispatcher, endpoints: EndpointRegistry,
         clock: any WallClock, wakeup: Wakeup, notifier: SystemdNotifier, logger: Logger,
         abortInFlight: @escaping @Sendable () -> Void) {
        self.store = store
        self.config = config
        self.dispatcher = dispatcher
        self.endpoints = endpoints
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
        // Messages claimed (leased) per lane but not yet started, and their customers.
        var ready: [String: ArraySlice<Message>] = [:]
        var customers: [Int64: Customer] = [:]
        // What SendDecision needs about the ready messages' customers, loaded per claim.
        var facts = SendFacts()
        var unwritten: [Dispatcher.Completion] = []
        var lastFlush = clock.now()
        var lastRescue = Date.distantPast
        var syncedGeneration = 0
        while !Task.isCancelled {
            let isStopping = stopping.load(ordering: .sequentiallyConsistent)
            if notifier.watchdogInterval != nil { notifier.notify("WATCHDOG=1") }
            var now = clock.now()
            let settings = config.snapshot

            unwritten += takeFinished(now: now)
            let inFlight = endpoints.totalInFlight
            if !unwritten.isEmpty,
               unwritten.count >= flushBatch || inFlight == 0 || isStopping
                || now.timeIntervalSince(lastFlush) >= flushInterval {
                write(unwritten, settings: settings, now: now)
                unwritten.removeAll(keepingCapacity: true)
                lastFlush = now
            }
            if isStopping {
                releaseReady(&ready, now: now)
                if inFlight == 0 && unwritten.isEmpty { break }
                await wakeup.wait(timeout: .milliseconds(100))
                continue
            }
            if now.timeIntervalSince(lastRescue) * 1000 >= Double(settings.scheduler.leaseMs) / 2 {
                lastRescue = now
                rescueLeases(now: now)
            }
            let generation = config.generation.number
            if generation != syncedGeneration {
                endpoints.sync(with: settings, now: now)
                syncedGeneration = generation
            }

            var wakeAt = now.addingTimeInterval(Double(settings.scheduler.pollIntervalMs) / 1000)
            if let watchdog = notifier.watchdogInterval {
                wakeAt = min(wakeAt, now.addingTimeInterval(Double(watchdog.components.seconds) + Double(watchdog.components.attoseconds) / 1e18))
            }
            if !unwritten.isEmpty { wakeAt = min(wakeAt, lastFlush.addingTimeInterval(flushInterval)) }
            for channel in settings.channels {
                now = clock.now()
                if let date = start(channel, settings: settings, now: now, ready: &ready[channel.name, default: []],
                                    customers: &customers, facts: &facts, decided: &unwritten) {
                    wakeAt = min(wakeAt, date)
                }
            }
            if ready.values.allSatisfy(\.isEmpty) {
                customers.removeAll(keepingCapacity: true)
                facts = SendFacts()
            }
            let delay = max(0, wakeAt.timeIntervalSince(clock.now()))
            await wakeup.wait(timeout: .microseconds(Int64(delay * 1_000_000)))
        }
        unwritten += takeFinished(now: clock.now())
        write(unwritten, settings: config.snapshot, now: clock.now())
    }

    /// How many a lane may start now, or when to look again.
    private struct Allowance {
        var limit = 0
        var wakeAt: Date?
        var probing = false
    }

    /// Starts what one lane may send now, from its ready queue, refilling the queue from
    /// the store in batches (one claim per batch, not per message). Returns when to look
    /// at the lane again; nil: when a delivery finishes (or at the poll interval).
    private func start(_ channel: HuifangConfig.Channel, settings: HuifangConfig, now: Date,
                       ready: inout ArraySlice<Message>, customers: inout [Int64: Customer],
                       facts: inout SendFacts, decided: inout [Dispatcher.Completion]) -> Date? {
        // Decide how many under the lane's lock; claim outside it.
        let allowance = endpoints.with(channel.name) { lane -> Allowance in
            if lane.pausedAt != nil { return Allowance() }
            let (permit, transition) = lane.breaker.permit(now: now)
            if let transition { log(transition, channel: channel.name) }
            var count: Int
            switch permit {
            case .wait(let until): return Allowance(wakeAt: until)
            case .waitForProbe: return Allowance()
            case .allow(let allowed): count = min(allowed, channel.maxInFlight - lane.inFlight)
            }
            if count <= 0 { return Allowance() }
            if var bucket = lane.bucket {
                let tokens = bucket.available(now: now)
                if tokens == 0 { return Allowance(wakeAt: bucket.nextToken(now: now)) }
                count = min(count, tokens)
            }
            if case .halfOpen = lane.breaker.state { return Allowance(limit: count, probing: true) }
            return Allowance(limit: count)
        } ?? Allowance()
        guard allowance.limit > 0 else {
            let held = endpoints.with(channel.name) { lane -> Bool in
                if lane.pausedAt != nil { return true }
                if case .closed = lane.breaker.state { return false }
                return true
            } ?? true
            if held && !ready.isEmpty { release(&ready, now: now) }
            return allowance.wakeAt
        }

        var exhausted = false
        if ready.count < allowance.limit {
            // A probe claims exactly one; otherwise keep a few rounds of work at hand.
            var batch = allowance.probing ? allowance.limit : min(settings.scheduler.batchSize, 4 * channel.maxInFlight)
            if let rate = channel.rateLimitPerSecond { batch = min(batch, max(1, Int(rate * 2))) }
            let wanted = max(allowance.limit, batch) - ready.count
            do {
                let claimed = try store.claimDue(
                    channel: channel.name, now: now, limit: wanted, owner: owner,
                    leaseUntil: now.addingTimeInterval(Double(settings.scheduler.leaseMs) / 1000))
                exhausted = claimed.count < wanted
                ready.append(contentsOf: claimed)
                let missing = Set(claimed.map(\.customerId)).filter { customers[$0] == nil }
                if !missing.isEmpty {
                    customers.merge(try store.customers(ids: Array(missing))) { old, _ in old }
                    let window = Double(settings.delivery.marketingCapDays) * 86_400
                    facts.merge(try store.sendFacts(customerIds: Array(missing), marketingSince: now.addingTimeInterval(-window)))
                }
            } catch {
                // Without its customers' facts nothing may be judged: hand the claims back.
                logger.error("claiming due messages failed: \(error)")
                if !ready.isEmpty { release(&ready, now: now) }
                return nil
            }
        }
        let candidates = ready.prefix(allowance.limit)
        ready = ready.dropFirst(candidates.count)
        // SendDecision lets each go, skips it or holds it; only those sent count against the lane.
        let rules = SendRules(windows: settings.greetings.windows(for: channel), marketingCap: settings.delivery.marketingCap,
                              marketingWindow: Double(settings.delivery.marketingCapDays) * 86_400)
        var starting: [Message] = []
        for message in candidates {
            let customer = customers[message.customerId]
            let verdict = SendDecision.decide(message, customer: customer, facts: facts, rules: rules, now: now)
            if let completion = Dispatcher.decided(message, customer: customer, verdict: verdict, leaseOwner: owner) {
                if case .skip(let reason) = verdict {
                    logger.notice("message skipped", metadata: ["huifang.message_id": "\(message.id)", "huifang.reason": "\(reason)"])
                }
                decided.append(completion)
                continue
            }
            if message.category == .marketing { facts.recordMarketingSend(customerId: message.customerId, at: now) }
            starting.append(message)
        }
        if !starting.isEmpty {
            endpoints.with(channel.name) { lane in
                lane.inFlight += starting.count
                lane.breaker.sent(count: starting.count)
                if lane.bucket != nil { lane.bucket!.take(starting.count, now: now) }
            }
            let retry = settings.delivery.retryPolicy
            for message in starting {
                let customer = customers[message.customerId]
                Task { [self] in
                    let completion = await dispatcher.deliver(message, customer: customer, channel: channel, retry: retry,
                                                              leaseOwner: owner)
                    finished.withLock { $0.append(completion) }
                    wakeup.signal()
                }
            }
        }
        if ready.isEmpty && exhausted {
            let next = try? store.nextDueAt(channel: channel.name)
            return next.map { max($0, now.addingTimeInterval(0.001)) }
        }
        // More is at hand: look again when the rate limit has a token (else when a delivery ends).
        let nextToken = endpoints.with(channel.name) { lane -> Date? in
            guard var bucket = lane.bucket else { return nil }
            return bucket.nextToken(now: now)
        } ?? nil
        return nextToken
    }

    /// Hands claimed-but-unstarted messages back to the store (a lane was paused or its
    /// circuit opened, or the daemon is stopping), so their leases do not hold them.
    private func release(_ ready: inout ArraySlice<Message>, now: Date) {
        do {
            try store.release(ids: ready.map(\.id), owner: owner, now: now)
        } catch {
            logger.error("releasing \(ready.count) claimed messages failed: \(error); their leases will expire")
        }
        ready.removeAll()
    }

    private func releaseReady(_ ready: inout [String: ArraySlice<Message>], now: Date) {
        for name in ready.keys where !(ready[name]?.isEmpty ?? true) {
            release(&ready[name]!, now: now)
        }
    }

    /// Takes the deliveries that finished and settles their lanes.
    private func takeFinished(now: Date) -> [Dispatcher.Completion] {
        let done = finished.withLock { list -> [Dispatcher.Completion] in
            defer { list.removeAll(keepingCapacity: true) }
            return list
        }
        for completion in done {
            endpoints.with(completion.message.channel) { lane in
                lane.inFlight -= 1
                guard let failed = completion.endpointFailed else { return }
                if let transition = lane.breaker.record(failed: failed, now: now) {
                    log(transition, channel: completion.message.channel)
                }
                if failed {
                    lane.failed += 1
                    lane.lastFailureAt = now
                    lane.lastError = completion.result.attempt?.error
                } else if case .delivered = completion.result.disposition {
                    lane.delivered += 1
                    lane.lastSuccessAt = now
                } else {
                    lane.failed += 1
                    lane.lastFailureAt = now
                    lane.lastError = completion.result.attempt?.error
                }
            }
        }
        return done
    }

    /// Records results and queues channel fallbacks for dead messages, in one transaction.
    private func write(_ completions: [Dispatcher.Completion], settings: HuifangConfig, now: Date) {
        guard !completions.isEmpty else { return }
        var fallbacks: [Message] = []
        let configured = Set(settings.channels.map(\.name))
        for completion in completions {
            guard case .dead(let reason) = completion.result.disposition else { continue }
            let message = completion.message
            guard !settings.delivery.fallbackOrder.isEmpty, let customer = completion.customer,
                  let next = ChannelFallback.next(after: message.channel, order: settings.delivery.fallbackOrder,
                                                  customer: customer, configured: configured) else {
                logger.warning("message is dead", metadata: ["huifang.message_id": "\(message.id)", "huifang.reason": "\(reason)"])
                continue
            }
            let id = MessageID.generate(now: now)
            fallbacks.append(Message(
                id: id, dedupeKey: "fallback:\(message.id):\(next)", kind: message.kind, customerId: message.customerId,
                channel: next, text: message.text, locale: message.locale, dataJSON: message.dataJSON, dueAt: now,
                expiresAt: message.expiresAt, createdAt: now, fallbackOf: message.id))
            logger.notice("message is dead; falling back to another channel", metadata: [
                "huifang.message_id": "\(message.id)", "huifang.fallback_id": "\(id)", "huifang.channel": "\(next)",
            ])
        }
        do {
            try store.record(completions.map(\.result), fallbacks: fallbacks, now: now)
        } catch {
            // The leases expire and the messages are retried with the same ids (R-DLV-5).
            logger.error("recording \(completions.count) delivery results failed: \(error)")
        }
    }

    /// Expired leases (of any process) back to the queue (R-DLV-5). The other periodic
    /// jobs run in `UpkeepService`.
    private func rescueLeases(now: Date) {
        do {
            let rescued = try store.rescueExpiredLeases(now: now)
            if rescued > 0 { logger.notice("rescued messages with expired leases", metadata: ["huifang.count": "\(rescued)"]) }
        } catch {
            logger.error("rescuing expired leases failed: \(error)")
        }
    }

    private func log(_ transition: CircuitBreaker.Transition, channel: String) {
        switch transition {
        case .opened(let until):
            logger.warning("circuit opened: endpoint paused after consecutive failures",
                           metadata: ["huifang.channel": "\(channel)", "huifang.until": "\(Dispatcher.iso(until))"])
        case .halfOpened:
            logger.notice("circuit half-open: sending one probe", metadata: ["huifang.channel": "\(channel)"])
        case .closed:
            logger.notice("circuit closed: endpoint recovered", metadata: ["huifang.channel": "\(channel)"])
        }
    }
}
