import Foundation
import HuifangCore
import HuifangStore
import HuifangTestSupport
import Testing

@Suite struct LoyaltyStoreTests {
    let dir = TempDirectory("loyalty")

    @Test("R-MEM-6 R-MEM-3 a review writes the expiry line, the new tier and its notice in one go, and only over the account it saw",
          arguments: StoreDriver.allCases)
    func applyReview(_ driver: StoreDriver) throws {
        let store = try driver.make(in: dir)
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        let customer = try store.addCustomer(Customer(id: 0, name: "王小梅", phone: "+8613800000000", createdAt: now))
        let purchase = Purchase(id: 0, customerId: customer.id, amountMinor: 10_000_000, category: nil, pointsUsed: 0,
                                at: now.addingTimeInterval(-800 * 86_400))
        let outcome = try LoyaltyRules.apply(purchase, to: try store.loyaltyAccount(customerId: customer.id), ladder: .fiveCards,
                                             policy: PointsPolicy())
        _ = try store.recordPurchase(purchase, outcome: outcome, message: nil)
        let seen = try #require(try store.loyaltyAccountsToReview().first)
        #expect(seen.tier == "金卡" && seen.points == 5_000 + 100)
        #expect(try store.spendSince(now.addingTimeInterval(-365 * 86_400)).isEmpty, "nothing in the trailing year")

        var stale = seen
        stale.points += 1
        var review = LoyaltyReview()
        review.expirePoints = seen.points
        review.period = "2026Q4"
        review.downgradeTo = .some(nil)
        #expect(try store.applyLoyaltyReview(review, seen: stale, messages: [], now: now) == false, "the account moved on")
        let notice = Message(id: MessageID.generate(now: now), dedupeKey: "tier:\(customer.id):2026Q4:down", kind: "membership.tier_changed",
                             customerId: customer.id, channel: "sms", text: "等级调整", locale: .zhHans, dueAt: now, createdAt: now)
        #expect(try store.applyLoyaltyReview(review, seen: seen, messages: [notice], now: now))
        let after = try store.loyaltyAccount(customerId: customer.id)
        #expect(after.points == 0 && after.tier == nil && after.evaluatedPeriod == "2026Q4")
        let last = try #require(try store.pointsLedger(customerId: customer.id).last)
        #expect(last.kind == .expire && last.points == -5_100 && last.balance == 0)
        #expect(try store.message(id: notice.id)?.kind == "membership.tier_changed")
        #expect(try store.loyaltyAccountsToReview().isEmpty, "no points and no tier: nothing left to review")
    }
}
