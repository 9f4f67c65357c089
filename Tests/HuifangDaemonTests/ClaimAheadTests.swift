import Foundation
import HuifangCore
@testable import HuifangDaemon
import HuifangStore
import HuifangTestSupport
import Logging
import Synchronization
import Testing

/// Claiming ahead on a real SQLite file: what waits for a lane is what its messages need,
/// however the loop takes it (a holiday morning once kept every customer of the burst here).
@Suite struct ClaimAheadTests {
    static let start = ISO8601DateFormatter().date(from: "2026-02-17T00:00:00Z")!

    /// `count` customers, each with one greeting due now on `sms`.
    static func store(_ dir: TempDirectory, count: Int, now: Date) throws -> SQLiteStore {
        let store = try SQLiteStore(path: dir.file("h.sqlite"))
        _ = try store.addCustomers((0..<count).map { index in
            Customer(id: 0, name: "客户\(index)", phone: "1380000\(String(format: "%04d", index))", createdAt: now)
        })
        let customers = try store.customers(afterId: 0, limit: count + 10)
        #expect(customers.count == count)
        let messages = customers.map { customer in
            Message(id: MessageID.generate(now: now), dedupeKey: "holiday:burst:\(customer.id)", kind: "holiday.greeting",
                    customerId: customer.id, channel: "sms", text: "新春快乐", locale: .zhHans, dueAt: now, createdAt: now)
        }
        #expect(try store.insertNew(messages) == count)
        return store
    }

    /// A store with `count` greetings due and a claim ahead over it, its clock stopped.
    static func make(in dir: TempDirectory, count: Int) throws -> (SQLiteStore, ClaimAhead) {
        let clock = ManualClock(start)
        let store = try store(dir, count: count, now: clock.now())
        return (store, ClaimAhead(store: store, owner: "test", clock: clock, logger: Logger(label: "test")))
    }

    /// Asks for a batch and waits until it has landed.
    static func claim(_ ahead: ClaimAhead, limit: Int, known: Set<Int64> = []) async {
        let landed = Atomic<Bool>(false)
        ahead.request(.init(channel: "sms", limit: limit, lease: 60, held: nil, marketingWindow: 30 * 86_400, known: known)) {
            landed.store(true, ordering: .sequentiallyConsistent)
        }
        while !landed.load(ordering: .sequentiallyConsistent) { await Task.yield() }
    }

    @Test("taken a few at a time, each part brings its own messages' customers, and what waits keeps only the rest's")
    func waitingBatchKeepsOnlyItsOwnCustomers() async throws {
        let dir = TempDirectory("claim-ahead")
        let (store, ahead) = try Self.make(in: dir, count: 300)

        await Self.claim(ahead, limit: 100)
        #expect(ahead.customerIds("sms").count == 100)
        var seen: Set<Int64> = []
        var taken = 0, claimed = 100
        while let batch = ahead.take("sms", limit: 30) {
            let mine = Set(batch.messages.map(\.customerId))
            #expect(Set(batch.customers.keys) == mine, "a part brings the customers of its messages, no others")
            #expect(seen.isDisjoint(with: mine), "no message is taken twice")
            seen.formUnion(mine)
            taken += batch.messages.count
            let waiting = ahead.customerIds("sms")
            #expect(waiting.count == claimed - taken, "what waits holds its own messages' customers only (one message each)")
            #expect(waiting.isDisjoint(with: mine))
            // The next batch lands while the loop still takes from this one, and is appended.
            if taken == 60 {
                await Self.claim(ahead, limit: 100)
                claimed += 100
            }
        }
        #expect(taken == 200 && seen.count == 200)
        #expect(ahead.isIdle)
        #expect(try store.messages(status: .sending, limit: 1000).count == 200, "every message taken is still leased")
    }

    @Test("customers the loop holds are not read again; a dropped lane's messages go back to the store")
    func knownCustomersAndDrop() async throws {
        let dir = TempDirectory("claim-ahead")
        let (store, ahead) = try Self.make(in: dir, count: 50)
        let known = Set(try store.customers(afterId: 0, limit: 100).map(\.id).prefix(20))

        await Self.claim(ahead, limit: 40, known: known)
        let batch = try #require(ahead.take("sms", limit: 40))
        #expect(batch.messages.count == 40 && !batch.exhausted)
        #expect(Set(batch.customers.keys).isDisjoint(with: known))
        #expect(Set(batch.customers.keys) == Set(batch.messages.map(\.customerId)).subtracting(known))

        await Self.claim(ahead, limit: 40)
        #expect(ahead.customerIds("sms").count == 10)
        ahead.drop("sms")
        #expect(ahead.isIdle)
        #expect(try store.messages(status: .pending, limit: 1000).count == 10, "the dropped batch is back in the store")
    }
}
