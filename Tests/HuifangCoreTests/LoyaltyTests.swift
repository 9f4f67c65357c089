import Foundation
import HuifangCore
import Testing

@Suite struct LoyaltyTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)
    let ladder = TierLadder.fiveCards
    let policy = PointsPolicy()

    private func buy(_ account: LoyaltyAccount, _ amountMinor: Int64, used: Int64 = 0, category: String? = nil) throws(HuifangError) -> LoyaltyRules.Outcome {
        try LoyaltyRules.apply(Purchase(id: 0, customerId: account.customerId, amountMinor: amountMinor, category: category,
                                        pointsUsed: used, at: now), to: account, ladder: ladder, policy: policy)
    }

    @Test("R-MEM-1 the tier is the highest bar the cumulative spend reaches; exactly at the bar counts")
    func ladderBars() {
        #expect(ladder.tier(forSpend: 4_999_999) == nil)
        #expect(ladder.tier(forSpend: 5_000_000)?.name == "VIP")
        #expect(ladder.tier(forSpend: 7_799_999)?.name == "VIP")
        #expect(ladder.tier(forSpend: 7_800_000)?.name == "银卡")
        #expect(ladder.tier(forSpend: 28_800_000)?.discountPercent == 25)
        let stars = TierLadder([Tier(name: "1★", fromMinor: 0), Tier(name: "2★", fromMinor: 1_000_000), Tier(name: "3★", fromMinor: 5_000_000),
                                Tier(name: "4★", fromMinor: 10_000_000), Tier(name: "5★", fromMinor: 50_000_000)])
        #expect(stars.tier(forSpend: 0)?.name == "1★")
        #expect(stars.tier(forSpend: 999_999)?.name == "1★")
        #expect(stars.tier(forSpend: 1_000_000)?.name == "2★")
        #expect(stars.tier(forSpend: 50_000_000)?.name == "5★")
    }

    @Test("R-MEM-2 crossing a bar upgrades at once, skipping tiers if the spend does; staying within a tier is no upgrade")
    func upgrades() throws {
        let first = try buy(LoyaltyAccount(customerId: 1), 4_000_000)
        #expect(first.upgradedTo == nil && first.account.tier == nil)
        let second = try buy(first.account, 1_000_000)
        #expect(second.upgradedTo?.name == "VIP" && second.account.spendMinor == 5_000_000)
        let third = try buy(second.account, 100_000)
        #expect(third.upgradedTo == nil && third.account.tier == "VIP")
        let jump = try buy(third.account, 20_000_000)
        #expect(jump.upgradedTo?.name == "白金卡", "25,100,000 minor: past silver and gold")
    }

    @Test("R-MEM-4 5 points per 100 paid, half up at .5; none on drugs; none on the part paid with points", arguments: [
        (Int64(1_000), Int64(0), nil as String?, Int64(1)),      // 10.00 → 0.5 → 1
        (Int64(999), Int64(0), nil as String?, Int64(0)),        // 9.99 → 0.4995 → 0
        (Int64(3_000), Int64(0), nil as String?, Int64(2)),      // 30.00 → 1.5 → 2
        (Int64(1_280_000), Int64(0), nil as String?, Int64(640)),
        (Int64(1_280_000), Int64(0), "drug" as String?, Int64(0)),
        (Int64(20_000), Int64(100), nil as String?, Int64(5)),   // 200.00, 100 paid with points → 100 paid → 5
    ] as [(Int64, Int64, String?, Int64)])
    func earning(amount: Int64, used: Int64, category: String?, expected: Int64) {
        #expect(policy.earned(amountMinor: amount, pointsUsed: used, category: category) == expected)
    }

    @Test("R-MEM-5 100 welcome points come with the first purchase and cannot pay for it; the next one may use them")
    func welcomePoints() throws {
        do {
            _ = try buy(LoyaltyAccount(customerId: 1), 50_000, used: 10)
            Issue.record("points were used on a first purchase")
        } catch {
            #expect(error.field == "points_used" && error.message.contains("welcome points count from the second purchase"))
        }
        let first = try buy(LoyaltyAccount(customerId: 1), 50_000)
        #expect(first.entries.map(\.kind) == [.earn, .welcome])
        #expect(first.account.points == 25 + 100)
        let second = try buy(first.account, 50_000, used: 100)
        #expect(second.entries.map(\.kind) == [.spend, .earn])
        #expect(second.account.points == 125 - 100 + 20, "400.00 paid in money earns 20")
        #expect(second.entries.last?.balance == second.account.points)
    }

    @Test("R-MEM-4 points cannot pay more than the amount or more than the balance; amounts are never negative")
    func limits() throws {
        let member = try buy(LoyaltyAccount(customerId: 1), 1_000_000).account
        #expect(throws: HuifangError.self) { try buy(member, 10_000, used: 101) }
        #expect(throws: HuifangError.self) { try buy(member, 100_000, used: member.points + 1) }
        #expect(throws: HuifangError.self) { try buy(member, -1) }
    }

    @Test("R-MEM-1 a tier may be reached by visits in the last year as well as by spend")
    func visitTiers() {
        let ladder = TierLadder([Tier(name: "银卡", fromMinor: 300_000, visits: 12), Tier(name: "金卡", fromMinor: 1_000_000, visits: 24)])
        #expect(ladder.tier(forSpend: 0, visits: 11) == nil)
        #expect(ladder.tier(forSpend: 0, visits: 12)?.name == "银卡")
        #expect(ladder.tier(forSpend: 1_000_000, visits: 12)?.name == "金卡")
        var account = LoyaltyAccount(customerId: 1)
        #expect(LoyaltyReview.visitUpgrade(account, visits12m: 24, ladder: ladder)?.upgradeTo?.name == "金卡")
        account.tier = "金卡"
        #expect(LoyaltyReview.visitUpgrade(account, visits12m: 24, ladder: ladder) == nil, "no upgrade to the tier held")
    }
}
