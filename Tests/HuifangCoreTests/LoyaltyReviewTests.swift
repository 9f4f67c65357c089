import Foundation
import HuifangCore
import Testing

@Suite struct LoyaltyReviewTests {
    var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        return calendar
    }

    func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    func member(points: Int64, tier: String? = nil, lastPurchase: String, evaluated: String? = nil) -> LoyaltyAccount {
        var account = LoyaltyAccount(customerId: 7)
        account.points = points
        account.tier = tier
        account.lastPurchaseAt = date(lastPurchase)
        account.evaluatedPeriod = evaluated
        return account
    }

    private func review(_ account: LoyaltyAccount, trailing: Int64 = 0, at now: String) -> LoyaltyReview {
        LoyaltyReview.review(account, trailingSpendMinor: trailing, evaluatedPeriod: account.evaluatedPeriod,
                             ladder: .fiveCards, now: date(now), calendar: calendar)
    }

    @Test("R-MEM-6 points expire exactly 2 years after the last purchase; the warning comes from 30 days before")
    func expiry() {
        let account = member(points: 640, lastPurchase: "2024-02-29T10:00:00+08:00")
        let expires = date("2026-02-28T10:00:00+08:00")   // 2 years after 29 Feb is 28 Feb
        #expect(LoyaltyReview.expiry(of: account, calendar: calendar) == expires)
        #expect(review(account, at: "2026-01-29T09:59:59+08:00").isEmpty, "a second more than 30 days before: nothing")
        #expect(review(account, at: "2026-01-29T10:00:00+08:00").warnExpiryOn == expires, "exactly 30 days before: the warning")
        #expect(review(account, at: "2026-02-28T09:59:59+08:00").expirePoints == 0)
        #expect(review(account, at: "2026-02-28T10:00:00+08:00").expirePoints == 640, "exactly at 2 years")
        #expect(review(member(points: 0, lastPurchase: "2020-01-01T00:00:00Z"), at: "2026-01-01T00:00:00Z").isEmpty, "no points, nothing to expire")
    }

    @Test("R-MEM-6 R-MEM-3 the next review: the 30-day warning, then the expiry; for a member with a tier, the next quarter's first day in the clinic's zone; nothing for an account with neither")
    func nextReview() {
        func next(_ account: LoyaltyAccount, at now: String, months: Int = 3) -> Date? {
            LoyaltyReview.nextReview(account, after: date(now), ladder: .fiveCards, reviewMonths: months, calendar: calendar)
        }
        let points = member(points: 640, lastPurchase: "2024-02-29T10:00:00+08:00")
        #expect(next(points, at: "2025-06-01T00:00:00+08:00") == date("2026-01-29T10:00:00+08:00"), "the warning first")
        #expect(next(points, at: "2026-01-29T10:00:00+08:00") == date("2026-02-28T10:00:00+08:00"), "warned: the expiry next")
        let gold = member(points: 640, tier: "金卡", lastPurchase: "2025-11-20T10:00:00+08:00")
        #expect(next(gold, at: "2025-11-27T15:00:00+08:00") == date("2026-01-01T00:00:00+08:00"), "a new year's quarter, in Shanghai")
        #expect(next(gold, at: "2026-01-01T00:00:00+08:00") == date("2026-04-01T00:00:00+08:00"))
        #expect(next(gold, at: "2026-03-31T23:59:59+08:00", months: 6) == date("2026-07-01T00:00:00+08:00"), "half-yearly reviews")
        #expect(next(member(points: 0, lastPurchase: "2025-01-01T00:00:00Z"), at: "2025-06-01T00:00:00Z") == nil, "no points, no tier")
        var unknownTier = gold
        unknownTier.points = 0
        unknownTier.tier = "旧卡"
        #expect(next(unknownTier, at: "2025-06-01T00:00:00Z") == nil, "a tier the ladder no longer has is not re-evaluated")
    }

    @Test("R-MEM-3 once a quarter the trailing 12 months decide: below the bar moves down (to none if need be), and not twice")
    func quarterlyDowngrade() {
        let gold = member(points: 0, tier: "金卡", lastPurchase: "2026-01-10T10:00:00+08:00")
        let down = review(gold, trailing: 6_000_000, at: "2026-10-01T00:00:00+08:00")
        #expect(down.period == "2026Q4")
        #expect(down.downgradeTo == .some(TierLadder.fiveCards.tier(named: "VIP")))
        var evaluated = gold
        evaluated.evaluatedPeriod = "2026Q4"
        #expect(review(evaluated, trailing: 0, at: "2026-12-31T23:00:00+08:00").isEmpty, "once per quarter")
        #expect(review(evaluated, trailing: 0, at: "2027-01-01T00:00:00+08:00").downgradeTo == .some(nil), "next quarter, nothing spent: no tier")
        let kept = review(gold, trailing: 9_800_000, at: "2026-10-01T00:00:00+08:00")
        #expect(kept.period == "2026Q4" && kept.downgradeTo == nil, "exactly at the bar keeps the tier")
        #expect(LoyaltyReview.period(of: date("2026-09-30T16:30:00Z"), calendar: calendar) == "2026Q4", "in the clinic's zone")
        #expect(LoyaltyReview.period(of: date("2026-09-30T16:30:00Z"), months: 6, calendar: calendar) == "2026P2/2")
        let halfYearly = LoyaltyReview.review(evaluated, trailingSpendMinor: 0, evaluatedPeriod: "2026P2/2", ladder: .fiveCards,
                                              now: date("2026-12-01T00:00:00+08:00"), calendar: calendar, reviewMonths: 6)
        #expect(halfYearly.isEmpty, "reviewed this half-year already")
    }
}
