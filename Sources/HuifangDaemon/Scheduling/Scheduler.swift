import Foundation
import HuifangCore
import HuifangStore
import Logging
import ServiceLifecycle
import Synchronization

/// The delivery pipeline (a `Service`): the I/O shell around one `LaneMachine` per channel
/// (R-DLV-1). Each round it ticks every lane and carries out what the machine answers:
/// claims from the store (with the claimed customers and their `SendFacts`, loaded per
/// batch), `SendDecision` on each message offered, deliveries handed to the sender,
/// releases; answers are judged on the loop, fed back to their lane and recorded in batches
/// by the `OutcomeWriter`, off the loop (one transaction per batch, with any channel
/// fallbacks, R-DLV-4). It sleeps until a quarter of the deliveries out have answered (see
/// `answered`), the next message or token is due, a circuit may close, a control command
/// wakes it, or the poll interval passes. Expired leases are rescued every half
/// lease; other periodic work is `UpkeepService`'s.
///
/// On graceful shutdown it stops claiming, lets in-flight requests finish for the grace
/// period, then aborts the rest (recorded as failed attempts, retried on the next start
/// with the same ids), and releases every lease it still holds. While the `DeliveryGate` is
/// held (a restore) it does the same but waits, quiet, and goes on when the gate opens.
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
    private let gate: DeliveryGate
    private let finished = Mutex(Finished())
    private let writer = OutcomeWriter()
    private let claimAhead: ClaimAhead
    /// This process's lease owner id and its node id in `status` (`newOwner`).
    let owner: String
    /// `/readyz`: each turn of the loop and each heartbeat write are noted here.
    let readiness: Readiness
    private let startedAt: Date

    /// Finished deliveries are written when this many are waiting, or after `flushInterval`.
    private let flushBatch = 512
    private let flushInterval: TimeInterval = 0.02
    /// No delivery starts while this many batches wait for the writer.
    private let writeBacklogLimit = 2
    /// Customers (and their send facts) kept for claimed messages beyond this many are let
    /// go down to those the lanes still hold.
    private let customerCacheLimit = 2048

    init(store: any Store, config: LiveConfig, owner: String, dispatcher: Dispatcher, endpoints: EndpointRegistry,
         clock: any WallClock, wakeup: Wakeup, notifier: SystemdNotifier, logger: Logger,
         readiness: Readiness = Readiness(), gate: DeliveryGate = DeliveryGate(), abortInFlight: @escaping @Sendable () -> Void) {
        self.readiness = readiness
        self.gate = gate
        startedAt = clock.now()
        self.store = store
        self.config = config
        self.dispatcher = dispatcher
        self.endpoints = endpoints
        self.clock = clock
        self.wakeup = wakeup
        self.notifier = notifier
        self.logger = logger
        self.abortInFlight = abortInFlight
        self.owner = owner
        claimAhead = ClaimAhead(store: store, owner: owner, clock: clock, logger: logger)
    }

    /// A new node id: `[store] node` (else the host name), the pid and a random suffix.
    static func newOwner(node: String?) -> String {
        "\(node ?? ProcessInfo.processInfo.hostName)/\(getpid())/\(UUID().uuidString.prefix(8))"
    }

    func run() async throws {
        let stopping = Atomic<Bool>(false)
        await withGracefulShutdownHandler {
            // The loop ends only when nothing is in flight: no delivery outlives the scheduler.
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
        // The customers of messages claimed but not yet started (the lane machines hold the messages).
        var customers: [Int64: Customer] = [:]
        // What SendDecision needs about the ready messages' customers, loaded per claim.
        var facts = SendFacts()
        var unwritten: [Dispatcher.Completion] = []
        var lastFlush = clock.now()
        var lastRescue = Date.distantPast
        var lastHeartbeat = Date.distantPast
        var syncedGeneration = 0
        var held = false
        while !Task.isCancelled {
            let isStopping = stopping.load(ordering: .sequentiallyConsistent)
            let isHeld = gate.isHeld
            if notifier.watchdogInterval != nil { notifier.notify("WATCHDOG=1") }
            var now = clock.now()
            if now.timeIntervalSince(lastHeartbeat) >= 1 {
                heartbeat(now: now)
                lastHeartbeat = now
            }
            readiness.turned(at: now)
            let settings = config.snapshot

            unwritten += takeFinished(now: now)
            let inFlight = endpoints.totalInFlight
            if !unwritten.isEmpty,
               unwritten.count >= flushBatch || inFlight == 0 || isStopping || isHeld
                || now.timeIntervalSince(lastFlush) >= flushInterval {
                let batch = unwritten, at = now
                writer.submit { [self] in
                    write(batch, settings: settings, now: at)
                    wakeup.signal()
                }
                unwritten.removeAll(keepingCapacity: true)
                lastFlush = now
            }
            if isStopping || isHeld {
                stopLanes(now: now)
                held = true
                if inFlight == 0 && unwritten.isEmpty && writer.backlog == 0 && claimAhead.isIdle {
                    if isStopping { break }
                    gate.schedulerIsQuiet()
                }
                await wakeup.wait(timeout: .milliseconds(isStopping ? 100 : 20))
                continue
            }
            if held {
                // The gate opened: lanes go on, and what they believed claimed is long released.
                for name in endpoints.names { _ = lane(name, .resume) }
                customers.removeAll(keepingCapacity: true)
                facts = SendFacts()
                held = false
            }
            if now.timeIntervalSince(lastRescue) * 1000 >= Double(settings.scheduler.leaseMs) / 2 {
                lastRescue = now
                rescueLeases(now: now)
            }
            let generation = config.generation.number
            if generation != syncedGeneration {
                endpoints.sync(with: settings, now: now)
                claimAhead.keep(only: Set(settings.channels.map(\.name)))
                syncedGeneration = generation
            }

            var wakeAt = now.addingTimeInterval(Double(settings.scheduler.pollIntervalMs) / 1000)
            if let watchdog = notifier.watchdogInterval {
                wakeAt = min(wakeAt, now.addingTimeInterval(Double(watchdog.components.seconds) + Double(watchdog.components.attoseconds) / 1e18))
            }
            // Writing fell behind: start nothing until it catches up (it wakes the loop).
            for channel in settings.channels where writer.backlog < writeBacklogLimit {
                now = clock.now()
                if let date = drive(channel, settings: settings, now: now, customers: &customers, facts: &facts,
                                    decided: &unwritten) {
                    wakeAt = min(wakeAt, date)
                }
            }
            // Skipped and held messages are written with the next batch, soon.
            if !unwritten.isEmpty { wakeAt = min(wakeAt, lastFlush.addingTimeInterval(flushInterval)) }
            if endpoints.totalReady == 0 {
                let burstEnded = customers.count > customerCacheLimit
                customers.removeAll(keepingCapacity: !burstEnded)
                facts = SendFacts()
                // What a burst cached goes back to the system, not only to malloc.
                if burstEnded { MemoryRelease.trim() }
            } else if customers.count > customerCacheLimit {
                // A long burst never empties the lanes: keep only what claimed-but-unstarted
                // messages need, or a million customers pile up here (a holiday morning).
                let needed = endpoints.readyCustomerIds()
                customers = customers.filter { needed.contains($0.key) }
                facts = facts.keeping(needed)
            }
            let delay = max(0, wakeAt.timeIntervalSince(clock.now()))
            await wakeup.wait(timeout: .microseconds(Int64(delay * 1_000_000)))
        }
        writer.drain()
        unwritten += takeFinished(now: clock.now())
        write(unwritten, settings: config.snapshot, now: clock.now())
    }

    /// Drives one lane's machine through a tick: carries out its actions (claims, starts,
    /// releases) and feeds their results back, until it says when to look again (nil: when
    /// a delivery finishes, or at the poll interval).
    private func drive(_ channel: HuifangConfig.Channel, settings: HuifangConfig, now: Date,
                       customers: inout [Int64: Customer], facts: inout SendFacts,
                       decided: inout [Dispatcher.Completion]) -> Date? {
        var actions = lane(channel.name, .tick(now: now))
        var wakeAt: Date?
        while !actions.isEmpty {
            switch actions.removeFirst() {
            case .circuit(let transition):
                log(transition, channel: channel.name)
            case .release(let messages):
                release(messages, now: now)
                claimAhead.drop(channel.name)
            case .sleepUntil(let date):
                wakeAt = date
            case .sleepUntilNextDue:
                wakeAt = (try? store.nextDueAt(channel: channel.name)).flatMap { $0 }.map { max($0, now.addingTimeInterval(0.001)) }
            case .claim(let limit, let leaseUntil):
                let held = endpoints.with(channel.name) { $0.machine.lastHold }.flatMap { $0 }.flatMap {
                    Self.note($0, channel: channel.name, zone: settings.clinicZone)
                }
                var claimed: [Message] = []
                var wanted = limit
                do {
                    if let batch = claimAhead.take(channel.name, limit: limit) {
                        claimed = batch.messages
                        // The batch brings the customers the loop did not hold when it asked;
                        // for those it holds, its own facts count the sends made since.
                        let brought = Set(batch.customers.keys).filter { customers[$0] == nil }
                        for id in brought { customers[id] = batch.customers[id] }
                        facts.merge(batch.facts.keeping(brought))
                        if !batch.exhausted { wanted = claimed.count }
                    } else {
                        claimed = try store.claimDue(channel: channel.name, now: now, limit: limit, owner: owner,
                                                     leaseUntil: leaseUntil, held: held)
                    }
                    // Customers let go from the cache since a batch was asked for are read here.
                    let missing = Set(claimed.map(\.customerId)).filter { customers[$0] == nil }
                    if !missing.isEmpty {
                        customers.merge(try store.customers(ids: Array(missing))) { old, _ in old }
                        let window = Double(settings.delivery.marketingCapDays) * 86_400
                        facts.merge(try store.sendFacts(customerIds: Array(missing), marketingSince: now.addingTimeInterval(-window)))
                    }
                } catch {
                    // Without its customers' facts nothing may be judged: hand the claims back.
                    logger.error("claiming due messages failed: \(error)")
                    release(claimed, now: now)
                    claimed = []
                }
                // More is due: the next batch is claimed while this one is sent.
                if !claimed.isEmpty, claimed.count >= wanted,
                   var request = aheadRequest(channel, settings: settings, held: held) {
                    request.known = Set(customers.keys).union(claimAhead.customerIds(channel.name))
                    claimAhead.request(request) { [wakeup] in wakeup.signal() }
                }
                actions += lane(channel.name, .claimed(claimed, wanted: wanted, now: now))
            case .start(let offered):
                let sent = start(offered, channel: channel, settings: settings, now: now, customers: customers,
                                 facts: &facts, decided: &decided)
                actions += lane(channel.name, .started(sent: sent, now: now))
            }
        }
        // A lane that waits (paused, circuit not closed, stopping) keeps nothing claimed ahead:
        // its leases would run out while it waits.
        if aheadRequest(channel, settings: settings, held: nil) == nil { claimAhead.drop(channel.name) }
        return wakeAt
    }

    /// What claiming ahead for a lane asks for; nil when the lane claims only as it goes (a
    /// rate limit or a probe) or waits.
    private func aheadRequest(_ channel: HuifangConfig.Channel, settings: HuifangConfig, held: LaneHoldNote?) -> ClaimAhead.Request? {
        endpoints.with(channel.name) { lane -> ClaimAhead.Request? in
            let machine = lane.machine
            guard machine.bucket == nil, machine.hold == nil, machine.pausedAt == nil, !machine.stopping,
                  case .closed = machine.breaker.state else { return nil }
            return ClaimAhead.Request(channel: channel.name, limit: min(machine.limits.batchSize, 4 * machine.limits.maxInFlight),
                                      lease: machine.limits.lease, held: held,
                                      marketingWindow: Double(settings.delivery.marketingCapDays) * 86_400, known: [])
        } ?? nil
    }

    private func lane(_ name: String, _ event: LaneMachine.Event) -> [LaneMachine.Action] {
        endpoints.with(name) { $0.machine.handle(event) } ?? []
    }

    /// `SendDecision` lets each offered message go, skips it or holds it (`decided`); those
    /// let go are prepared and handed to the sender. Returns how many were sent.
    private func start(_ offered: [Message], channel: HuifangConfig.Channel, settings: HuifangConfig, now: Date,
                       customers: [Int64: Customer], facts: inout SendFacts, decided: inout [Dispatcher.Completion]) -> Int {
        func rules(_ branch: HuifangConfig.Branch?) -> SendRules {
            let (windows, zone) = settings.sendWindows(for: channel, branch: branch)
            return SendRules(windows: windows, zone: zone, marketingCap: settings.delivery.marketingCap,
                             marketingWindow: Double(settings.delivery.marketingCapDays) * 86_400, consent: settings.consentPolicy,
                             readerZone: settings.clinicZone)
        }
        let chainRules = rules(nil)
        // A chain's branches may keep their own windows (and their staff their own zone).
        var branchRules: [String: SendRules] = [:]
        for branch in settings.branches { branchRules[branch.id] = rules(branch) }
        let retry = settings.retryPolicy(for: channel)
        let secrets = settings.signingSecrets(channel, now: now)
        var sent = 0
        var requests: [(Dispatcher.Sending, WebhookRequest)] = []
        requests.reserveCapacity(offered.count)
        for message in offered {
            let customer = customers[message.customerId]
            let verdict = SendDecision.decide(message, customer: customer, facts: facts,
                                              rules: customer?.branch.flatMap { branchRules[$0] } ?? chainRules, now: now)
            if let completion = Dispatcher.decided(message, customer: customer, verdict: verdict, leaseOwner: owner) {
                if case .skip(let reason) = verdict {
                    logger.notice("message skipped", metadata: ["huifang.message_id": "\(message.id)", "huifang.reason": "\(reason)"])
                }
                decided.append(completion)
                continue
            }
            if message.category == .marketing { facts.recordMarketingSend(customerId: message.customerId, at: now) }
            sent += 1
            switch dispatcher.prepare(message, customer: customer, channel: channel, retry: retry, secrets: secrets,
                                      leaseOwner: owner) {
            case .settled(let completion):
                // Counted as sent (it made an attempt): the lane hears of it as finished.
                finished.withLock { $0.settled.append(completion) }
                wakeup.signal()
            case .send(let sending, let request):
                requests.append((sending, request))
            }
        }
        // Counted out before the first can answer. No task per message: each answer comes
        // back on the sender's thread and waits in `finished`; the loop judges it. Handed
        // over as one batch: one lock per engine thread, not one per request.
        if !requests.isEmpty {
            finished.withLock { $0.outstanding += requests.count }
            dispatcher.sender.send(requests.map { sending, request in
                (request, { [self, clock] response in answered(Answer(sending: sending, response: response, at: clock.now())) })
            })
        }
        return sent
    }

    /// What the sender answered for a delivery, and when.
    private struct Answer {
        var sending: Dispatcher.Sending
        var response: WebhookResponse
        var at: Date
    }

    /// Deliveries handed to the sender and not yet taken back by the loop.
    private struct Finished {
        /// Answered, waiting for the loop.
        var list: [Answer] = []
        /// Settled without being sent (`Dispatcher.Prepared.settled`), waiting for the loop.
        var settled: [Dispatcher.Completion] = []
        /// Sent and not yet answered.
        var outstanding = 0
        /// The loop was woken for `list` and has not taken it yet.
        var signalled = false
    }

    /// A delivery was answered: the loop takes it. The loop is woken once a quarter of what
    /// is out (in flight, or answered and waiting) is answered, not for each delivery: the
    /// rest keep the sender busy while it starts as many again in one turn. A lone delivery
    /// wakes it at once, and the last ones of a burst as the quarter shrinks with them.
    private func answered(_ answer: Answer) {
        let wake = finished.withLock { state -> Bool in
            state.list.append(answer)
            state.outstanding -= 1
            guard !state.signalled, state.list.count * 4 >= state.outstanding + state.list.count else { return false }
            state.signalled = true
            return true
        }
        if wake { wakeup.signal() }
    }

    /// Hands claimed-but-unstarted messages back to the store (a lane was paused or its
    /// circuit opened, or the daemon is stopping), so their leases do not hold them.
    private func release(_ messages: [Message], now: Date) {
        guard !messages.isEmpty else { return }
        do {
            try store.release(ids: messages.map(\.id), owner: owner, now: now)
        } catch {
            logger.error("releasing \(messages.count) claimed messages failed: \(error); their leases will expire")
        }
    }

    /// Stopping: every lane hands back what it claimed and starts nothing more.
    private func stopLanes(now: Date) {
        for name in endpoints.names {
            for case .release(let messages) in lane(name, .shutdown) { release(messages, now: now) }
        }
        claimAhead.dropAll()
    }

    /// Takes the deliveries that finished and settles their lanes.
    private func takeFinished(now: Date) -> [Dispatcher.Completion] {
        let (answers, settled) = finished.withLock { state -> ([Answer], [Dispatcher.Completion]) in
            defer {
                state.list.removeAll(keepingCapacity: true)
                state.settled.removeAll()
                state.signalled = false
            }
            return (state.list, state.settled)
        }
        let done = settled + answers.map { dispatcher.conclude($0.sending, response: $0.response, finished: $0.at) }
        var gone: Set<String> = []
        defer { for channel in gone.sorted() { endpointGone(channel, now: now) } }
        var attempts: [(endpoint: String, outcome: String, latencyMs: Int64)] = []
        attempts.reserveCapacity(done.count)
        defer { DaemonMetrics.attempts(attempts) }
        // One visit to a lane for each run of its completions, not one per delivery.
        var first = done.startIndex
        while first < done.endIndex {
            let channel = done[first].message.channel
            var end = first + 1
            while end < done.endIndex, done[end].message.channel == channel { end += 1 }
            for completion in done[first..<end] {
                if let attempt = completion.result.attempt {
                    attempts.append((channel, attempt.outcome.rawValue, attempt.latencyMillis))
                    if attempt.httpStatus == 410 { gone.insert(channel) }
                }
            }
            let transitions = endpoints.with(channel) { lane -> [CircuitBreaker.Transition] in
                var transitions: [CircuitBreaker.Transition] = []
                for completion in done[first..<end] {
                    for case .circuit(let transition) in lane.machine.handle(.finished(endpointFailed: completion.endpointFailed, now: now)) {
                        transitions.append(transition)
                    }
                    guard let failed = completion.endpointFailed else { continue }
                    if !failed, case .delivered = completion.result.disposition {
                        lane.delivered += 1
                        lane.lastSuccessAt = now
                    } else {
                        lane.failed += 1
                        lane.lastFailureAt = now
                        lane.lastError = completion.result.attempt?.error
                    }
                }
                return transitions
            } ?? []
            for transition in transitions { log(transition, channel: channel) }
            first = end
        }
        return done
    }

    /// Records results and queues the copies on other channels, in one transaction: a
    /// dead message's fallback (R-DLV-4) and a message consent rerouted (R-CUS-4).
    private func write(_ completions: [Dispatcher.Completion], settings: HuifangConfig, now: Date) {
        guard !completions.isEmpty else { return }
        var copies: [Message] = []
        let policy = settings.consentPolicy
        for completion in completions {
            let message = completion.message
            var next = completion.reroute
            if next == nil, case .dead(let reason) = completion.result.disposition {
                next = completion.customer.flatMap {
                    ChannelFallback.next(after: message, order: settings.delivery.fallbackOrder, customer: $0, policy: policy)
                }
                if next == nil {
                    logger.warning("message is dead", metadata: ["huifang.message_id": "\(message.id)", "huifang.reason": "\(reason)"])
                }
            }
            guard let next else { continue }
            let copy = ChannelFallback.copy(of: message, on: next, now: now)
            copies.append(copy)
            logger.notice(completion.reroute == nil ? "message is dead; falling back to another channel" : "message rerouted by consent",
                          metadata: ["huifang.message_id": "\(message.id)", "huifang.fallback_id": "\(copy.id)", "huifang.channel": "\(next)"])
        }
        do {
            try store.record(completions.map(\.result), fallbacks: copies, now: now)
        } catch {
            // The leases expire and the messages are retried with the same ids (R-DLV-5).
            logger.error("recording \(completions.count) delivery results failed: \(error)")
        }
    }

    /// R-DLV-6: an endpoint that answers 410 Gone no longer exists. Its lane is paused with
    /// the reason (kept across restarts) until an operator resumes it; the error is logged and
    /// the operator alerted on the report channel, when one is configured, and in `status`.
    private func endpointGone(_ channel: String, now: Date) {
        let settings = config.snapshot
        let url = settings.channel(named: channel)?.url ?? "?"
        let reason = "gone: HTTP 410 from \(url)"
        let newly = endpoints.with(channel) { lane -> Bool in
            guard lane.pauseReason?.hasPrefix("gone") != true else { return false }
            lane.pausedAt = lane.pausedAt ?? now
            lane.pauseReason = reason
            return true
        } ?? false
        guard newly else { return }
        logger.error("endpoint answered 410 Gone: paused until an operator resumes it",
                     metadata: ["huifang.channel": "\(channel)", "huifang.url": "\(url)"])
        do {
            try store.pauseEndpoint(channel, reason: reason, now: now)
            let alertChannel = settings.reports.channel ?? "report"
            if alertChannel != channel, settings.channel(named: alertChannel) != nil {
                let text = "【回访系统告警】\(channel) 通道的网关返回 410 Gone（地址已停用），已暂停向它发送，未发出的消息都在等待。请确认网关地址后执行 huifangctl endpoint resume \(channel)。"
                _ = try store.insertMessage(Message(
                    id: MessageID.generate(now: now), dedupeKey: "gone:\(channel):\(now.unixMillis)", kind: MessageKind.endpointGone,
                    customerId: 0, channel: alertChannel, text: text, locale: .zhHans,
                    dataJSON: #"{"endpoint":"\#(channel)","status":410}"#, dueAt: now, createdAt: now))
                wakeup.signal()
            }
        } catch {
            logger.error("could not record the 410 pause of \(channel): \(error)")
        }
    }

    /// This node is alive and the store takes writes (`/readyz`, R-IN-5); systemd's STATUS=
    /// line says how deep the queue is.
    private func heartbeat(now: Date) {
        do {
            try store.heartbeat(node: owner, pid: getpid(), startedAt: startedAt, now: now)
            readiness.heartbeat(at: now, error: nil)
            if notifier.isActive, let backlog = try? store.dueBacklog(now: now) {
                let due = backlog.values.reduce(0) { $0 + $1.count }
                let oldest = backlog.values.map(\.oldest).min().map { Int(max(0, now.timeIntervalSince($0))) } ?? 0
                notifier.notify("STATUS=running: \(due) due now\(due > 0 ? ", oldest waiting \(oldest) s" : ""), \(endpoints.totalInFlight) in flight")
            }
        } catch {
            readiness.heartbeat(at: now, error: SQLiteStore.isDiskFull(error) ? "disk full" : "\(error)")
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

    /// What a lane's ended hold says in the story of a message it held (R-DLV-7).
    static func note(_ hold: LaneMachine.Hold, channel: String, zone: TimeZone) -> LaneHoldNote? {
        guard let until = hold.until else { return nil }
        let span = "from \(SendDecision.iso(hold.since, in: zone)) until \(SendDecision.iso(until, in: zone))"
        return switch hold.cause {
        case .paused: LaneHoldNote(reason: "paused: the \(channel) endpoint was paused by an operator \(span)", until: until)
        case .circuitOpen: LaneHoldNote(reason: "circuit: the \(channel) circuit was open \(span)", until: until)
        }
    }

    /// Why a message due now still waits, when its whole lane does (`message show`).
    static func liveHold(_ hold: LaneMachine.Hold?, channel: String, zone: TimeZone) -> String? {
        switch hold?.cause {
        case nil: nil
        case .paused: "paused: the \(channel) endpoint is paused by an operator"
        case .circuitOpen(let until): "circuit: \(channel) circuit open until \(SendDecision.iso(until, in: zone))"
        }
    }

    private func log(_ transition: CircuitBreaker.Transition, channel: String) {
        switch transition {
        case .opened(let until):
            logger.warning("circuit opened: endpoint paused after consecutive failures",
                           metadata: ["huifang.channel": "\(channel)", "huifang.until": "\(SendDecision.iso(until))"])
        case .halfOpened:
            logger.notice("circuit half-open: sending one probe", metadata: ["huifang.channel": "\(channel)"])
        case .closed:
            logger.notice("circuit closed: endpoint recovered", metadata: ["huifang.channel": "\(channel)"])
        }
    }
}
