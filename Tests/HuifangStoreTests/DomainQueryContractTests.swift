import Foundation
import HuifangCore
import HuifangStore
import HuifangTestSupport
import Testing

/// The store contract, continued: the domain queries whose SQL differs most between the
/// drivers (text search, upserts, prefix ranges, aggregates), each run on every driver.
@Suite struct DomainQueryContractTests {
    let dir = TempDirectory("domain")
    let clock = ManualClock()

    private func add(_ store: any Store, _ name: String, phone: String? = nil, email: String? = nil) throws -> Customer {
        try store.addCustomer(Customer(id: 0, name: name, phone: phone, email: email, createdAt: clock.now()))
    }

    @Test("R-PPL-2 finding a customer: by a phone's ending (four digits or more), by e-mail whatever its case, by part of a name; best match first, erased ones never",
          arguments: StoreDriver.allCases)
    func findCustomers(_ driver: StoreDriver) throws {
        let store = try driver.make(in: dir)
        let mei = try add(store, "王小梅", phone: "+8613800001234", email: "Mei@Example.com")
        let lei = try add(store, "李雷", phone: "+8613900001234")
        let other = try add(store, "韩梅梅", phone: "+8613700005678")
        #expect(Set(try store.findCustomers("1234", limit: 10).map(\.id)) == [mei.id, lei.id])
        #expect(try store.findCustomers("13900001234", limit: 10).map(\.id) == [lei.id])
        #expect(try store.findCustomers("mei@example.COM", limit: 10).map(\.id) == [mei.id])
        #expect(try store.findCustomers("梅", limit: 10).map(\.id).sorted() == [mei.id, other.id].sorted())
        #expect(try store.findCustomers("韩梅梅", limit: 10).first?.id == other.id, "the name as typed first")
        _ = try store.eraseCustomer(id: lei.id, now: clock.now())
        #expect(try store.findCustomers("1234", limit: 10).map(\.id) == [mei.id])
        #expect(try store.customerIds(phones: ["+8613800001234", "+8613900001234"]) == ["+8613800001234": mei.id])
        #expect(try store.customerIds(emails: ["MEI@example.com"]) == ["MEI@example.com": mei.id])
    }

    @Test("R-PPL-2 merging two records: visits, messages and purchases move, spend and points add up, missing fields are filled, the other is left empty",
          arguments: StoreDriver.allCases)
    func merge(_ driver: StoreDriver) throws {
        let store = try driver.make(in: dir)
        let keep = try add(store, "王小梅", phone: "+8613800000001")
        let drop = try add(store, "王小梅", email: "mei@example.com")
        _ = try store.addVisit(Visit(id: 0, customerId: drop.id, service: "洁牙", staff: "李医生", endedAt: clock.now(), amountMinor: 30_000),
                               now: clock.now())
        for (customer, amount) in [(keep, Int64(10_000)), (drop, Int64(20_000))] {
            let purchase = Purchase(id: 0, customerId: customer.id, amountMinor: amount, category: nil, pointsUsed: 0, at: clock.now())
            let outcome = try LoyaltyRules.apply(purchase, to: try store.loyaltyAccount(customerId: customer.id), ladder: .fiveCards,
                                                 policy: PointsPolicy())
            _ = try store.recordPurchase(purchase, outcome: outcome, message: nil)
        }
        _ = try store.setArrears(customerId: drop.id, owedMinor: 5_000, now: clock.now())
        try store.setOptOut(customerId: drop.id, channel: "sms", optedOut: true, now: clock.now())

        let report = try store.mergeCustomers(keep: keep.id, drop: drop.id, now: clock.now())
        #expect(report.visits == 1 && report.purchases == 1)
        #expect(report.fieldsFilled == ["email"])
        let kept = try #require(try store.customer(id: keep.id))
        #expect(kept.email == "mei@example.com" && kept.phone == "+8613800000001")
        #expect(kept.optedOut == ["sms"], "an opt-out on either record holds for the person")
        #expect(try store.loyaltyAccount(customerId: keep.id).spendMinor == 30_000)
        #expect(try store.arrears(customerId: keep.id)?.owedMinor == 5_000)
        #expect(try store.visits(customerId: keep.id, since: .distantPast).count == 1)
        let left = try #require(try store.customer(id: drop.id))
        #expect(left.name.isEmpty && left.email == nil && left.erasedAt != nil)
        #expect(throws: HuifangError.self) { try store.mergeCustomers(keep: keep.id, drop: drop.id, now: self.clock.now()) }
    }

    @Test("R-CUS-5 erasure empties the record and what was said to them, cancels what was to come and keeps the visits, on every driver",
          arguments: StoreDriver.allCases)
    func erasure(_ driver: StoreDriver) throws {
        let store = try driver.make(in: dir)
        let customer = try add(store, "张三", phone: "+8613800000002")
        _ = try store.addVisit(Visit(id: 0, customerId: customer.id, service: "洁牙", staff: "李医生", endedAt: clock.now(), amountMinor: 0),
                               now: clock.now())
        let id = MessageID.generate(now: clock.now())
        _ = try store.insertMessage(Message(id: id, dedupeKey: "manual:\(id)", kind: "message.manual", customerId: customer.id,
                                            channel: "sms", text: "张三您好", locale: .zhHans, dueAt: clock.now().addingTimeInterval(3600),
                                            createdAt: clock.now()))
        _ = try store.addComplaint(Complaint(id: 0, customerId: customer.id, receivedAt: clock.now(), channel: "phone", content: "等太久",
                                             severity: .normal, expectation: "道歉", owner: "店长"), now: clock.now())
        let report = try #require(try store.eraseCustomer(id: customer.id, now: clock.now()))
        #expect(report.messagesCancelled == 1 && report.messagesWiped == 1 && report.complaintsClosed == 1 && report.visitsKept == 1)
        #expect(try store.customer(id: customer.id)?.name == "")
        #expect(try store.message(id: id)?.text == "" && store.message(id: id)?.status == .cancelled)
        #expect(try store.events(messageId: id).isEmpty, "the message's story names what they were sent")
        #expect(try store.complaints(openOnly: false, limit: 10).first?.content == "")
        #expect(try store.eraseCustomer(id: 999_999, now: clock.now()) == nil)
    }

    @Test("R-BIZ-3 R-OPS-5 a campaign's counts come from its dedupe-key range only, and of one branch's customers when asked; RSVPs are one per customer, the last answer kept; a campaign keeps its branch",
          arguments: StoreDriver.allCases)
    func campaignCounts(_ driver: StoreDriver) throws {
        let store = try driver.make(in: dir)
        var customer = try add(store, "王小梅", phone: "+8613800000003")
        customer.branch = "pudong"
        try store.updateCustomer(customer, now: clock.now())
        let campaign = try store.addCampaign(Campaign(name: "周年庆", audience: .all, channel: "sms", text: "来店有礼", at: clock.now(),
                                                      rsvp: true, createdAt: clock.now()))
        let other = try store.addCampaign(Campaign(name: "春节", audience: .all, channel: "sms", text: "新春快乐", at: clock.now(),
                                                   rsvp: false, createdAt: clock.now(), branch: "xuhui"))
        var messages: [Message] = []
        for (n, prefix) in [campaign.keyPrefix, campaign.keyPrefix, other.keyPrefix, "campaign:\(campaign.id)0:"].enumerated() {
            let id = MessageID.generate(now: clock.now())
            messages.append(Message(id: id, dedupeKey: "\(prefix)\(n)", kind: "campaign", customerId: customer.id, channel: "sms",
                                    text: "x", locale: .zhHans, dueAt: clock.now(), createdAt: clock.now()))
        }
        #expect(try store.insertNew(messages) == 4)
        #expect(try store.campaignCounts(campaign, branch: nil).queued == 2, "its own two, not campaign \(other.id)'s nor a longer id's")
        try store.setRSVP(campaignId: campaign.id, customerId: customer.id, yes: true, now: clock.now())
        try store.setRSVP(campaignId: campaign.id, customerId: customer.id, yes: false, now: clock.now())
        let counts = try store.campaignCounts(campaign, branch: nil)
        #expect(counts.rsvpYes == 0 && counts.rsvpNo == 1)
        #expect(try store.campaignCounts(campaign, branch: "pudong") == counts, "every recipient is 浦东's")
        #expect(try store.campaignCounts(campaign, branch: "xuhui") == CampaignCounts(), "徐汇 has none of them, nor an RSVP")
        #expect(try store.campaigns().map(\.name) == ["春节", "周年庆"])
        #expect(try store.campaigns().map(\.branch) == ["xuhui", nil])
        #expect(try store.campaign(id: other.id)?.branch == "xuhui")
    }

    @Test("R-KEEP-1 retention facts: visits and spend in the window, the last visit, membership; reports' sums",
          arguments: StoreDriver.allCases)
    func retentionFactsAndReportSums(_ driver: StoreDriver) throws {
        let store = try driver.make(in: dir)
        let customer = try add(store, "王小梅", phone: "+8613800000004")
        let now = clock.now()
        for (days, amount) in [(400.0, Int64(99_000)), (100, 10_000), (10, 20_000)] {
            _ = try store.addVisit(Visit(id: 0, customerId: customer.id, service: "洁牙", staff: "李医生",
                                         endedAt: now.addingTimeInterval(-days * 86_400), amountMinor: amount), now: now)
        }
        let purchase = Purchase(id: 0, customerId: customer.id, amountMinor: 5_000, category: nil, pointsUsed: 0, at: now)
        _ = try store.recordPurchase(purchase, outcome: try LoyaltyRules.apply(purchase, to: store.loyaltyAccount(customerId: customer.id),
                                                                            ladder: .fiveCards, policy: PointsPolicy()), message: nil)
        let since = now.addingTimeInterval(-365 * 86_400)
        let facts = try #require(try store.retentionFacts(since: since).first)
        #expect(facts.customerId == customer.id && facts.visits12m == 2 && facts.spend12mMinor == 35_000)
        #expect(abs(facts.lastVisit.timeIntervalSince(now.addingTimeInterval(-10 * 86_400))) < 0.002)
        #expect(try store.retentionFacts(customerIds: [customer.id], since: since) == [facts])
        let totals = try store.purchaseTotals(from: now.addingTimeInterval(-60), to: now.addingTimeInterval(60), branch: nil)
        #expect(totals.count == 1 && totals.amountMinor == 5_000)
        #expect(try store.spendSince(since, customerIds: [customer.id, customer.id + 1]) == [customer.id: 5_000])
        #expect(try store.visitCounts(since: since, customerIds: [customer.id]) == [customer.id: 2])
        #expect(try store.spendSince(since, customerIds: [customer.id + 1]).isEmpty && store.visitCounts(since: since, customerIds: []).isEmpty)
    }

    @Test("R-OPS-5 branches: a customer's home branch is kept and changed; visits, appointments and tasks take it unless they name their own; staff carry theirs",
          arguments: StoreDriver.allCases)
    func branches(_ driver: StoreDriver) throws {
        let store = try driver.make(in: dir)
        var customer = Customer(id: 0, name: "王小梅", phone: "+8613800000005", createdAt: clock.now())
        customer.branch = "pudong"
        customer = try store.addCustomer(customer)
        #expect(try store.customer(id: customer.id)?.branch == "pudong")
        let now = clock.now()
        let visit = try store.addVisit(Visit(id: 0, customerId: customer.id, service: "洁牙", staff: "李医生", endedAt: now, amountMinor: 0), now: now)
        #expect(try store.visit(id: visit.id)?.branch == "pudong", "the customer's home branch")
        var elsewhere = Visit(id: 0, customerId: customer.id, service: "洁牙", staff: "王医生", endedAt: now, amountMinor: 0)
        elsewhere.branch = "xuhui"
        let visited = try store.addVisit(elsewhere, now: now)
        #expect(try store.visit(id: visited.id)?.branch == "xuhui", "a visit at another branch says so")
        let appointment = try store.addAppointment(Appointment(id: 0, customerId: customer.id, service: "洁牙", staff: "李医生",
                                                               start: now.addingTimeInterval(86_400), durationMinutes: 30, place: "2号诊室"), now: now)
        #expect(try store.appointment(id: appointment.id)?.branch == "pudong")
        let task = PlannedTask(kind: MessageKind.followUpDue, customerId: customer.id, visitId: visited.id, step: "clean/day3", assignee: "张护士",
                               dueAt: now, overdueAt: now.addingTimeInterval(86_400), text: "回访", dedupeKey: "fu:\(visited.id):day3")
        let applied = try store.apply(PlannedWork(tasks: [task]), now: now)
        #expect(applied.tasks.first?.branch == "xuhui", "a follow-up belongs where the visit was")
        #expect(try store.task(id: try #require(applied.tasks.first).id)?.branch == "xuhui")

        let purchase = Purchase(id: 0, customerId: customer.id, amountMinor: 8_800, category: nil, pointsUsed: 0, at: now)
        _ = try store.recordPurchase(purchase, outcome: try LoyaltyRules.apply(purchase, to: store.loyaltyAccount(customerId: customer.id),
                                                                            ladder: .fiveCards, policy: PointsPolicy()), message: nil)
        let window = (from: now.addingTimeInterval(-60), to: now.addingTimeInterval(60))
        #expect(try store.purchaseTotals(from: window.from, to: window.to, branch: "pudong") == (1, 8_800))
        #expect(try store.purchaseTotals(from: window.from, to: window.to, branch: "xuhui") == (0, 0))
        #expect(try store.purchaseTotals(from: window.from, to: window.to, branch: nil) == (1, 8_800), "the chain")
        let other = try add(store, "无店客人")
        #expect(try store.customerBranches(ids: [customer.id, other.id]) == [customer.id: "pudong"])

        customer.branch = "xuhui"
        try store.updateCustomer(customer, now: now)
        #expect(try store.customer(id: customer.id)?.branch == "xuhui")
        var member = StaffMember(name: "浦东前台", roles: [.frontDesk], uid: 4301)
        member.branch = "pudong"
        _ = try store.addStaff(member, now: now)
        #expect(try store.staff().first { $0.name == "浦东前台" }?.branch == "pudong")
    }
}
