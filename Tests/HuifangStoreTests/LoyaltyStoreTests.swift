import Foundation
import HuifangCore
import HuifangStore
import HuifangTestSupport
import Testing

@Suite struct LoyaltyStoreTests {
    let dir = TempDirectory("loyalty")

    /// A purchase by `who`, recorded as the daemon records one (five-card ladder, default points).
    func buy(_ store: any Store, _ who: Customer, _ amount: Int64, at: Date) throws {
        let purchase = Purchase(id: 0, customerId: who.id, amountMinor: amount, category: nil, pointsUsed: 0, at: at)
        let outcome = try LoyaltyRules.apply(purchase, to: try store.loyaltyAccount(customerId: who.id), ladder: .fiveCards,
                                             policy: PointsPolicy())
        _ = try store.recordPurchase(purchase, outcome: outcome, message: nil)
    }

    @Test("R-MEM-6 R-MEM-3 a review writes the expiry line, the new tier and its notice in one go, and only over the account it saw",
          arguments: StoreDriver.allCases)
    func applyReview(_ driver: StoreDriver) throws {
        let store = try driver.make(in: dir)
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        let customer = try store.addCustomer(Customer(id: 0, name: "王小梅", phone: "+8613800000000", createdAt: now))
        try buy(store, customer, 10_000_000, at: now.addingTimeInterval(-800 * 86_400))
        let seen = try #require(try store.loyaltyAccountsToReview(customerIds: [customer.id]).first)
        #expect(seen.tier == "金卡" && seen.points == 5_000 + 100)
        #expect(try store.spendSince(now.addingTimeInterval(-365 * 86_400), customerIds: [customer.id]).isEmpty, "nothing in the trailing year")

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
        #expect(try store.loyaltyAccountsToReview(customerIds: [customer.id]).isEmpty, "no points and no tier: nothing left to review")
    }

    @Test("R-MEM-3 R-MEM-6 review marks on both drivers: a new account is due at once; a moved mark hides it; a purchase, or a change of points or tier, sends it back; other columns do not; new settings reset all",
          arguments: StoreDriver.allCases)
    func reviewMarks(_ driver: StoreDriver) throws {
        let store = try driver.make(in: dir)
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        let customer = try store.addCustomer(Customer(id: 0, name: "王小梅", phone: "+8613800000000", createdAt: now))
        let other = try store.addCustomer(Customer(id: 0, name: "李雷", phone: "+8613800000001", createdAt: now))
        func buy(_ who: Customer, _ amount: Int64, at: Date = now) throws { try self.buy(store, who, amount, at: at) }
        try buy(customer, 10_000_000)
        try buy(other, 100)
        let due = try store.loyaltyReviewsDue(now: now)
        #expect(due.map(\.customerId).sorted() == [customer.id, other.id], "new accounts are due at once")
        #expect(try store.loyaltyAccountsToReview(customerIds: due.map(\.customerId)).map(\.customerId) == [customer.id, other.id].sorted())
        #expect(try store.setNextLoyaltyReviews(due.map { ($0, now.unixMillis + 86_400_000) }) == 2)
        #expect(try store.loyaltyReviewsDue(now: now).isEmpty, "reviewed: not read again before its mark")
        #expect(try store.loyaltyReviewsDue(now: now.addingTimeInterval(86_400)).count == 2)

        // A review that only records the evaluated period does not send the account back.
        var review = LoyaltyReview()
        review.period = "2026Q4"
        let seen = try store.loyaltyAccount(customerId: customer.id)
        #expect(try store.applyLoyaltyReview(review, seen: seen, messages: [], now: now))
        #expect(try store.loyaltyReviewsDue(now: now).isEmpty)
        try buy(other, 100, at: now.addingTimeInterval(60))
        #expect(try store.loyaltyReviewsDue(now: now).map(\.customerId) == [other.id], "a purchase sends the account back")
        review.downgradeTo = .some(nil)
        #expect(try store.applyLoyaltyReview(review, seen: try store.loyaltyAccount(customerId: customer.id), messages: [], now: now))
        #expect(try store.loyaltyReviewsDue(now: now).map(\.customerId).sorted() == [customer.id, other.id].sorted(),
                "a tier taken away sends it back too")

        let stale = PlanningMark(customerId: other.id, value: now.unixMillis + 86_400_000)   // as read before the purchase
        #expect(try store.setNextLoyaltyReviews([(stale, PlanningMark.never)]) == 0, "changed since it was read: the change wins")
        #expect(try store.resetLoyaltyReviews(unlessPlannedWith: "a"))
        #expect(try !store.resetLoyaltyReviews(unlessPlannedWith: "a"))
    }
}
