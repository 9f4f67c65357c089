import Foundation
import HuifangCore
@testable import HuifangDaemon
import HuifangStore
import HuifangTestSupport
import Logging
import Testing

/// The membership review, incrementally, on a real SQLite file: a run reads only the
/// accounts whose time has come (or that changed); what it must do it does once.
@Suite struct LoyaltyReviewerTests {
    /// 2025-11-27 15:00 in Shanghai: the fourth quarter, its review not yet made.
    static let start = ISO8601DateFormatter().date(from: "2025-11-27T07:00:00Z")!

    let dir = TempDirectory("loyalty-review")

    func purchase(_ store: SQLiteStore, _ customer: Customer, _ amount: Int64, at: Date) throws {
        let purchase = Purchase(id: 0, customerId: customer.id, amountMinor: amount, category: nil, pointsUsed: 0, at: at)
        let outcome = try LoyaltyRules.apply(purchase, to: try store.loyaltyAccount(customerId: customer.id), ladder: .fiveCards,
                                             policy: PointsPolicy())
        _ = try store.recordPurchase(purchase, outcome: outcome, message: nil)
    }

    @Test("R-MEM-3 R-MEM-6 a run reads only what is due: every account once, then none; a purchase brings one back; the warning, the expiry and the next quarter each in their turn, each notice once")
    func readsOnlyWhatIsDue() throws {
        let store = try SQLiteStore(path: dir.file("h.sqlite"))
        let clock = ManualClock(Self.start)
        let config = try HuifangConfig.parse("""
            [channels.sms]
            url = "http://127.0.0.1:9/sms"
            secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
            """, file: "t.toml")
        let reviewer = LoyaltyReviewer(store: store, logger: Logger(label: "test"))
        // 30 members who bought a month ago (points, no tier); one gold member whose spend
        // was long ago; one whose points are 40 days from expiring.
        var members: [Customer] = []
        for index in 0..<30 {
            let customer = try store.addCustomer(Customer(id: 0, name: "客户\(index)", phone: "1380000\(String(format: "%04d", index))",
                                                          createdAt: clock.now()))
            try purchase(store, customer, 20_000, at: clock.now().addingTimeInterval(-30 * 86_400))
            members.append(customer)
        }
        let gold = try store.addCustomer(Customer(id: 0, name: "王小梅", phone: "13900000000", createdAt: clock.now()))
        try purchase(store, gold, 10_000_000, at: clock.now().addingTimeInterval(-400 * 86_400))
        let expiring = try store.addCustomer(Customer(id: 0, name: "李雷", phone: "13900000001", createdAt: clock.now()))
        try purchase(store, expiring, 50_000, at: clock.now().addingTimeInterval(-(730 - 40) * 86_400))

        #expect(try reviewer.run(settings: config, now: clock.now()) == 32, "every account is looked at once")
        #expect(try store.loyaltyAccount(customerId: gold.id).tier == nil, "the gold card's year had no spend: lowered")
        #expect(try reviewer.run(settings: config, now: clock.now()) == 1, "the lowered account comes back once (its tier changed)")
        #expect(try reviewer.run(settings: config, now: clock.now()) == 0, "nothing due: nothing read")

        try purchase(store, members[3], 10_000, at: clock.now())
        #expect(try reviewer.run(settings: config, now: clock.now()) == 1, "a purchase brings its account back")
        #expect(try reviewer.run(settings: config, now: clock.now()) == 0)

        clock.advance(by: 11 * 86_400)   // 30 days before the expiry
        #expect(try reviewer.run(settings: config, now: clock.now()) == 1)
        clock.advance(by: 3600)
        #expect(try reviewer.run(settings: config, now: clock.now()) == 0, "warned once: next at the expiry")
        clock.advance(by: 30 * 86_400)
        #expect(try reviewer.run(settings: config, now: clock.now()) == 1)
        #expect(try store.loyaltyAccount(customerId: expiring.id).points == 0, "expired exactly once")
        let notices = try store.messages(status: nil, limit: 1000).filter { $0.customerId == expiring.id }.map(\.kind)
        #expect(notices == [MessageKind.pointsExpiryWarning], "one warning, nothing twice")
    }
}
