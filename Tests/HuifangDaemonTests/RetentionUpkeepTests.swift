import Foundation
import HuifangCore
@testable import HuifangDaemon
import HuifangStore
import HuifangTestSupport
import Logging
import Testing

/// Incremental retention upkeep on a real SQLite file: a run reads only the customers whose
/// time has come (or who visited since), and plans each care call once.
@Suite struct RetentionUpkeepTests {
    @Test("R-KEEP-1 incremental retention upkeep: the first run works everyone out, then only customers whose cadence or dormancy has come or who visited since are read; each care call once")
    func readsOnlyWhatIsDue() throws {
        let dir = TempDirectory("keep")
        let store = try SQLiteStore(path: dir.file("h.sqlite"))
        let clock = ManualClock(ISO8601DateFormatter().date(from: "2026-07-10T02:00:00Z")!)
        let config = try HuifangConfig.parse("""
            [channels.sms]
            url = "http://127.0.0.1:9/sms"
            secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
            [channels.staff-task]
            url = "http://127.0.0.1:9/t"
            secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
            """, file: "t.toml")
        let now = clock.now()
        var ids: [Int64] = []
        for index in 0..<100 {
            let customer = try store.addCustomer(Customer(id: 0, name: "客户\(index)", phone: "1380000\(String(format: "%04d", index))",
                                                          createdAt: now.addingTimeInterval(-400 * 86_400)))
            ids.append(customer.id)
            // One visit each, 1 to 20 days ago; the last customer 61 days ago (a low-low care call is due at 60).
            let daysAgo = index == 99 ? 61 : 1 + index % 20
            _ = try store.addVisit(Visit(id: 0, customerId: customer.id, service: "洁牙", staff: "李医生",
                                         endedAt: now.addingTimeInterval(-Double(daysAgo) * 86_400), amountMinor: 10_000), now: now)
        }
        let keeper = RetentionKeeper(store: store, logger: Logger(label: "test"))
        func careCalls(_ customer: Int64) throws -> Int {
            var filter = TaskFilter(limit: 10_000)
            filter.customerId = customer
            return try store.tasks(filter).filter { $0.kind == MessageKind.retentionCare }.count
        }

        #expect(try keeper.planRetention(settings: config, now: now) == 100, "every time was 0: all are worked out once")
        #expect(try careCalls(ids[99]) == 1)
        #expect(try keeper.planRetention(settings: config, now: now) == 0, "nothing due: no customer read")
        #expect(try keeper.planRetention(settings: config, now: now.addingTimeInterval(600)) == 0)

        // A visit sends that customer back to be worked out; nobody else is read.
        _ = try store.addVisit(Visit(id: 0, customerId: ids[5], service: "洁牙", staff: "李医生", endedAt: now, amountMinor: 10_000), now: now)
        #expect(try keeper.planRetention(settings: config, now: now.addingTimeInterval(1200)) == 1)

        // Ten days on, only the four whose visit is now 30 days old (the shortest cadence) are read.
        let later = now.addingTimeInterval(10 * 86_400)
        #expect(try keeper.planRetention(settings: config, now: later) == 4)
        #expect(try keeper.planRetention(settings: config, now: later) == 0)
        // At 90 days the last customer is dormant: a win-back, not another care call.
        let dormant = now.addingTimeInterval(29 * 86_400)
        #expect(try keeper.planRetention(settings: config, now: dormant) > 0)
        #expect(try careCalls(ids[99]) == 1)
        #expect(try store.messages(status: nil, limit: 10_000).contains { $0.customerId == ids[99] && $0.kind == MessageKind.retentionWinBack },
                "a customer without a tier gets the win-back message")
        #expect(try keeper.planRetention(settings: config, now: dormant) == 0)
    }
}
