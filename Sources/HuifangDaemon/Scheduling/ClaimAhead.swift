import Dispatch
import Foundation
import HuifangCore
import Logging
import Synchronization

/// Claims a busy lane's next batch on its own thread while the loop sends the current one.
///
/// A claim is a write transaction (and waits while the outcome writer holds SQLite's write
/// lock). Made on the scheduler's loop, it stopped every lane for its duration: the
/// requests in flight finished and nothing replaced them. Here the loop asks for a batch
/// when a lane's claim has come back full (more is due), and takes it at the lane's next
/// `claim` action, with its customers and their send facts, read on the same thread.
///
/// What is claimed ahead is leased like any claim. A lane that pauses, opens its circuit or
/// stops hands back what waits here (`drop`); a batch that lands after that is handed back
/// as it lands.
final class ClaimAhead: Sendable {
    /// One lane's batch, claimed ahead.
    struct Batch: Sendable {
        var messages: [Message]
        /// The customers of `messages` the loop did not hold when it asked, and their facts.
        var customers: [Int64: Customer]
        var facts: SendFacts
        /// The store had fewer due messages than asked for.
        var exhausted: Bool

        /// The first `count` messages and the rest, each with the customers and facts of its own messages.
        func split(at count: Int) -> (first: Batch, rest: Batch) {
            func part(_ messages: [Message], exhausted: Bool) -> Batch {
                let ids = Set(messages.map(\.customerId))
                return Batch(messages: messages, customers: customers.filter { ids.contains($0.key) },
                             facts: facts.keeping(ids), exhausted: exhausted)
            }
            return (part(Array(messages.prefix(count)), exhausted: false), part(Array(messages.dropFirst(count)), exhausted: exhausted))
        }

        /// This batch followed by one claimed after it.
        consuming func appending(_ next: Batch) -> Batch {
            var merged = self
            merged.messages += next.messages
            merged.customers.merge(next.customers) { old, _ in old }
            merged.facts.merge(next.facts)
            merged.exhausted = next.exhausted
            return merged
        }
    }

    /// What the claim of a batch needs from the loop, read when it is asked for.
    struct Request: Sendable {
        var channel: String
        var limit: Int
        var lease: TimeInterval
        var held: LaneHoldNote?
        var marketingWindow: TimeInterval
        /// Customers the loop holds already (with facts it keeps up to date): not read again.
        var known: Set<Int64>
    }

    private struct Lane {
        var batch: Batch?
        var claiming = false
        /// Dropped while its claim was under way: the batch goes back when it lands.
        var dropped = false
    }

    private let store: any Store
    private let owner: String
    private let clock: any WallClock
    private let logger: Logger
    private let queue = DispatchQueue(label: "huifang.claim-ahead")
    private let lanes = Mutex<[String: Lane]>([:])

    init(store: any Store, owner: String, clock: any WallClock, logger: Logger) {
        self.store = store
        self.owner = owner
        self.clock = clock
        self.logger = logger
    }

    /// No claim is under way and nothing waits (the loop may stop, or say it is quiet).
    var isIdle: Bool { lanes.withLock { $0.values.allSatisfy { !$0.claiming && $0.batch == nil } } }

    /// The customers the lane's waiting messages bring (not read again for the next batch).
    func customerIds(_ channel: String) -> Set<Int64> {
        lanes.withLock { $0[channel]?.batch.map { Set($0.customers.keys) } ?? [] }
    }

    /// The lane's batch, when one has landed (up to `limit` messages; the rest keep waiting,
    /// with their own customers and facts only, so what waits stays the size of a batch).
    func take(_ channel: String, limit: Int) -> Batch? {
        lanes.withLock { lanes -> Batch? in
            guard let waiting = lanes[channel]?.batch, !waiting.messages.isEmpty else { return nil }
            lanes[channel]?.batch = nil
            guard waiting.messages.count > limit else { return waiting }
            let (taken, rest) = waiting.split(at: limit)
            lanes[channel]?.batch = rest
            return taken
        }
    }

    /// Claims the lane's next batch unless one is being claimed or a whole one waits (so up
    /// to two wait: the next is claimed while the loop takes from the one before); `landed`
    /// runs on the claim's thread when it is there (the loop's wake-up).
    func request(_ request: Request, landed: @escaping @Sendable () -> Void) {
        let start = lanes.withLock { lanes -> Bool in
            var lane = lanes[request.channel] ?? Lane()
            guard !lane.claiming, (lane.batch?.messages.count ?? 0) < request.limit, lane.batch?.exhausted != true else { return false }
            lane.claiming = true
            lane.dropped = false
            lanes[request.channel] = lane
            return true
        }
        guard start else { return }
        queue.async { [self] in
            let batch = claim(request)
            let giveBack = lanes.withLock { lanes -> [Message] in
                // Taken out and put back, so the waiting batch is merged into in place, not copied.
                var lane = lanes.removeValue(forKey: request.channel) ?? Lane()
                lane.claiming = false
                defer { lanes[request.channel] = lane }
                guard let batch else { return [] }
                if lane.dropped { return batch.messages }
                if let waiting = lane.batch {
                    lane.batch = nil
                    lane.batch = waiting.appending(batch)
                } else {
                    lane.batch = batch
                }
                return []
            }
            release(giveBack)
            landed()
        }
    }

    /// Hands back what waits for the lane, and a batch still being claimed when it lands.
    func drop(_ channel: String) {
        let giveBack = lanes.withLock { lanes -> [Message] in
            guard var lane = lanes[channel] else { return [] }
            let messages = lane.batch?.messages ?? []
            lane.batch = nil
            lane.dropped = lane.claiming
            lanes[channel] = lane
            return messages
        }
        release(giveBack)
    }

    /// Drops every lane's batch (stopping, or held for maintenance).
    func dropAll() {
        for channel in lanes.withLock({ Array($0.keys) }) { drop(channel) }
    }

    /// Drops the batches of lanes no longer configured.
    func keep(only channels: Set<String>) {
        for channel in lanes.withLock({ Array($0.keys) }) where !channels.contains(channel) { drop(channel) }
    }

    private func claim(_ request: Request) -> Batch? {
        let now = clock.now()
        var messages: [Message] = []
        do {
            messages = try store.claimDue(channel: request.channel, now: now, limit: request.limit, owner: owner,
                                          leaseUntil: now.addingTimeInterval(request.lease), held: request.held)
            guard !messages.isEmpty else { return Batch(messages: [], customers: [:], facts: SendFacts(), exhausted: true) }
            let ids = Array(Set(messages.map(\.customerId)).subtracting(request.known))
            let customers = try store.customers(ids: ids)
            let facts = try store.sendFacts(customerIds: ids, marketingSince: now.addingTimeInterval(-request.marketingWindow))
            return Batch(messages: messages, customers: customers, facts: facts, exhausted: messages.count < request.limit)
        } catch {
            // Without its customers' facts nothing may be judged: the claims go back, and the
            // loop claims for itself at the lane's next turn.
            logger.error("claiming ahead failed: \(error)")
            release(messages)
            return nil
        }
    }

    private func release(_ messages: [Message]) {
        guard !messages.isEmpty else { return }
        do {
            try store.release(ids: messages.map(\.id), owner: owner, now: clock.now())
        } catch {
            logger.error("releasing \(messages.count) messages claimed ahead failed: \(error); their leases will expire")
        }
    }
}
