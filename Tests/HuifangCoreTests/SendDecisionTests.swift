import Foundation
import HuifangCore
import Testing

@Suite struct SendDecisionTests {
    // 2026-09-21 14:13:20 UTC = 22:13 in Shanghai (outside 09:00–21:00).
    let now = Date(timeIntervalSince1970: 1_790_000_000)
    static let policy = ConsentPolicy(configured: ["sms", "email", ChannelName.staffTask], order: ["sms", "email"])
    let rules = SendRules(windows: .defaultMessages, marketingCap: 2, marketingWindow: 7 * 86_400, consent: Self.policy)

    func customer(optedOut: Set<String> = []) -> Customer {
        var c = Customer(id: 7, name: "王小梅", phone: "13800000000", createdAt: now)
        c.optedOut = optedOut
        return c
    }

    func message(_ category: MessageCategory = .transactional, kind: String = MessageKind.manual, windowed: Bool = false,
                 expires: Date? = nil) -> Message {
        var m = Message(id: "msg_1", dedupeKey: "k", kind: kind, customerId: 7, channel: "sms", text: "你好",
                        locale: .zhHans, dueAt: now.addingTimeInterval(-60), expiresAt: expires, createdAt: now)
        m.category = category
        m.windowed = windowed
        return m
    }

    func decide(_ m: Message, _ c: Customer? = nil, facts: SendFacts = SendFacts()) -> SendVerdict {
        SendDecision.decide(m, customer: c ?? customer(), facts: facts, rules: rules, now: now)
    }

    @Test("R-TIME-5 a message past its expiry is skipped with the reason, never sent late")
    func stale() {
        guard case .skip(let reason) = decide(message(expires: now)) else { Issue.record("stale work was not skipped"); return }
        #expect(reason.hasPrefix("stale:"))
        #expect(decide(message(expires: now.addingTimeInterval(1))) == .send)
    }

    @Test("R-CUS-4 an opted-out channel is never used, but for a kind the business marks essential; another allowed channel takes the message")
    func consent() {
        let out = customer(optedOut: ["sms"])
        let none = "consent: the customer opted out of sms and allows no other channel"
        #expect(decide(message(.marketing), out) == .skip(reason: none), "no e-mail address: nowhere else to go")
        #expect(decide(message(.greeting, kind: MessageKind.birthdayGreeting), out) == .skip(reason: none))
        #expect(decide(message(.transactional, kind: MessageKind.appointmentReminder), out) == .send, "essential by default")
        #expect(decide(message(.marketing, kind: MessageKind.appointmentReminder), out) == .skip(reason: none),
                "a marketing message is never essential, whatever its kind")
        #expect(decide(message(.marketing), customer(optedOut: ["email"])) == .send)
        var reachable = out
        reachable.email = "wang@example.com"
        #expect(decide(message(.transactional, kind: MessageKind.complaintUpdate), reachable)
                == .reroute(channel: "email", reason: "consent: the customer opted out of sms; rerouted to email"))
    }

    @Test("R-KEEP-4 an open complaint stops marketing and greetings, not transactional messages")
    func openComplaint() {
        let facts = SendFacts(openComplaints: [7])
        for category in [MessageCategory.marketing, .greeting] {
            guard case .skip(let reason) = decide(message(category), facts: facts) else { Issue.record("\(category) went out"); continue }
            #expect(reason.hasPrefix("open complaint"))
        }
        #expect(decide(message(.transactional), facts: facts) == .send)
    }

    @Test("R-KEEP-4 the cap holds a third marketing message until the oldest ages out, counting sends of the same batch")
    func cap() {
        let old = now.addingTimeInterval(-6 * 86_400), recent = now.addingTimeInterval(-3600)
        var facts = SendFacts(marketingDeliveries: [7: [now.addingTimeInterval(-8 * 86_400), old]])
        #expect(decide(message(.marketing), facts: facts) == .send, "one in the last 7 days (the 8-day-old one aged out)")
        facts.recordMarketingSend(customerId: 7, at: recent)
        guard case .hold(let until, let reason) = decide(message(.marketing), facts: facts) else {
            Issue.record("the third marketing message in 7 days went out")
            return
        }
        #expect(until == old.addingTimeInterval(7 * 86_400))
        #expect(reason.hasPrefix("cap: 2 marketing messages in 7 days"))
        #expect(decide(message(.transactional), facts: facts) == .send, "the cap is for marketing only")
    }

    @Test("R-TIME-1 a windowed message outside the customer's window is held until it opens, not attempted")
    func window() {
        guard case .hold(let until, let reason) = decide(message(windowed: true)) else { Issue.record("sent at 22:13"); return }
        // The next 09:00 in Shanghai: 2026-09-22 01:00 UTC.
        #expect(until == Date(timeIntervalSince1970: 1_790_000_000 + 10 * 3600 + 46 * 60 + 40))
        #expect(reason.hasPrefix("window:"))
        var shanghai = rules
        shanghai.readerZone = TimeZone(identifier: "Asia/Shanghai")!
        guard case .hold(_, let local) = SendDecision.decide(message(windowed: true), customer: customer(), facts: SendFacts(), rules: shanghai,
                                                             now: now) else { Issue.record("not held"); return }
        #expect(local.hasSuffix("held until 2026-09-22T09:00:00+08:00"), "the reason names the clinic's time: \(local)")
        #expect(decide(message(windowed: false)) == .send)
    }

    @Test("R-TIME-1 notices to staff follow staff hours in the clinic's zone, not the customer's: ordinary ones wait for 08:30, urgent ones go at once")
    func staffHours() {
        let shanghai = TimeZone(identifier: "Asia/Shanghai")!
        let staff = SendRules(windows: .defaultStaff, zone: shanghai, marketingCap: 2, marketingWindow: 7 * 86_400,
                              consent: Self.policy)
        var notice = message(windowed: true)
        notice.channel = ChannelName.staffTask
        var abroad = customer(optedOut: [ChannelName.staffTask, "sms"])   // staff notices are not the customer's to refuse
        abroad.timeZone = "America/New_York"   // 10:13 there, inside any customer window
        guard case .hold(let until, _) = SendDecision.decide(notice, customer: abroad, facts: SendFacts(), rules: staff, now: now) else {
            Issue.record("a staff notice went out at 22:13 in the clinic")
            return
        }
        // 08:30 the next morning in Shanghai: 2026-09-22 00:30 UTC.
        #expect(until == Date(timeIntervalSince1970: 1_790_000_000 + 10 * 3600 + 16 * 60 + 40))
        var urgent = notice
        urgent.windowed = false
        #expect(SendDecision.decide(urgent, customer: abroad, facts: SendFacts(), rules: staff, now: now) == .send)
    }

    @Test("R-KEEP-4 the scheduler's facts, pruned to the customers still waiting, keep their open complaints and marketing sends")
    func factsKeepWhatIsNeeded() {
        let at = Date(timeIntervalSince1970: 1_790_000_000)
        var facts = SendFacts(openComplaints: [1, 2, 3], marketingDeliveries: [1: [at], 4: [at, at]])
        facts.recordMarketingSend(customerId: 2, at: at)
        let kept = facts.keeping([2, 4])
        #expect(kept.openComplaints == [2])
        #expect(kept.marketingDeliveries == [2: [at], 4: [at, at]])
        #expect(facts.keeping([]) == SendFacts())
    }
}
