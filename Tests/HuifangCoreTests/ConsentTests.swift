import Foundation
import HuifangCore
import Testing

@Suite struct ConsentTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)
    let policy = ConsentPolicy(configured: ["sms", "email", "wechat", ChannelName.staffTask], order: ["sms", "email", "wechat"])

    func customer(optedOut: Set<String>) -> Customer {
        var c = Customer(id: 1, name: "陈大文", phone: "13800000000", email: "chen@example.com", createdAt: now)
        c.optedOut = optedOut
        return c
    }

    func message(_ kind: String, channel: String = "sms", category: MessageCategory = .transactional) -> Message {
        var m = Message(id: "msg_1", dedupeKey: "k", kind: kind, customerId: 1, channel: channel, text: "t", locale: .zhHans,
                        dueAt: now, createdAt: now)
        m.category = category
        return m
    }

    @Test("R-CUS-4 a producer's channel is the first that reaches the customer and that they allow; an essential kind alone may use an opted-out one")
    func pickChannel() {
        let out = customer(optedOut: ["sms"])
        #expect(Consent.channel(for: out, candidates: ["sms", "email"], kind: MessageKind.retentionWinBack, policy: policy) == "email")
        #expect(Consent.channel(for: out, candidates: ["sms", "email"], kind: MessageKind.appointmentReminder, policy: policy) == "sms")
        #expect(Consent.channel(for: customer(optedOut: ["sms", "email"]), candidates: ["sms", "email", "wechat"],
                                kind: MessageKind.complaintUpdate, policy: policy) == nil, "no WeChat id, the rest opted out")
        let smsOnly = ConsentPolicy(configured: ["sms"], order: ["sms"])
        #expect(Consent.channel(for: out, candidates: ["sms", "email"], kind: MessageKind.complaintUpdate, policy: smsOnly) == nil,
                "e-mail is not configured")
    }

    @Test("R-CUS-4 essential is a property of the kind, set in config; greetings, win-backs, tier, points and complaint notices never are")
    func essentialKinds() {
        let all = ConsentPolicy(essentialKinds: [MessageKind.appointmentReminder, MessageKind.birthdayGreeting,
                                                 MessageKind.complaintUpdate],
                                configured: ["sms"], order: ["sms"])
        #expect(all.essentialKinds == [MessageKind.appointmentReminder], "never-essential kinds are dropped")
        let out = customer(optedOut: ["sms", "email"])
        for kind in [MessageKind.birthdayGreeting, MessageKind.retentionWinBack, MessageKind.tierChanged,
                     MessageKind.pointsExpiryWarning, MessageKind.complaintUpdate, MessageKind.complaintResolved] {
            guard case .skip = Consent.decide(message(kind), customer: out, policy: policy) else {
                Issue.record("\(kind) was allowed on an opted-out channel")
                continue
            }
        }
        #expect(Consent.decide(message(MessageKind.appointmentReminder), customer: out, policy: policy) == .send)
        let strict = ConsentPolicy(essentialKinds: [], configured: ["sms"], order: ["sms"])
        #expect(Consent.decide(message(MessageKind.appointmentReminder), customer: out, policy: strict) != .send,
                "a business that marks nothing essential sends no reminder on an opted-out channel")
        #expect(Consent.decide(message(MessageKind.followUpDue, channel: ChannelName.staffTask),
                               customer: customer(optedOut: [ChannelName.staffTask]), policy: policy) == .send,
                "a notice to staff is not the customer's to refuse")
    }

    @Test("R-CUS-4 R-DLV-4 a dead message falls back only to a channel the customer allows")
    func fallback() {
        let out = customer(optedOut: ["email"])
        #expect(ChannelFallback.next(after: message(MessageKind.complaintUpdate), order: ["sms", "email", "wechat"],
                                     customer: out, policy: policy) == nil)
        #expect(ChannelFallback.next(after: message(MessageKind.appointmentReminder), order: ["sms", "email"], customer: out,
                                     policy: policy) == "email")
        #expect(ChannelFallback.next(after: message(MessageKind.complaintUpdate), order: ["sms", "email"],
                                     customer: customer(optedOut: []), policy: policy) == "email")
    }
}
