import Foundation
import HuifangCore
import Testing

@Suite struct ConsentTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    func customer(optedOut: Set<String>) -> Customer {
        var c = Customer(id: 1, name: "陈大文", phone: "13800000000", email: "chen@example.com", createdAt: now)
        c.optedOut = optedOut
        return c
    }

    @Test("R-CUS-4 a producer's channel is the first that reaches the customer and that they allow; essential alone may use an opted-out one")
    func pickChannel() {
        let configured: Set = ["sms", "email", "wechat"]
        let out = customer(optedOut: ["sms"])
        #expect(Consent.channel(for: out, candidates: ["sms", "email"], configured: configured, essential: false) == "email")
        #expect(Consent.channel(for: out, candidates: ["sms", "email"], configured: configured, essential: true) == "sms")
        #expect(Consent.channel(for: customer(optedOut: ["sms", "email"]), candidates: ["sms", "email", "wechat"],
                                configured: configured, essential: false) == nil, "no WeChat id, the rest opted out")
        #expect(Consent.channel(for: out, candidates: ["sms", "email"], configured: ["sms"], essential: false) == nil,
                "e-mail is not configured")
    }

    @Test("R-CUS-4 R-DLV-4 a dead message falls back only to a channel the customer allows")
    func fallback() {
        let out = customer(optedOut: ["email"])
        #expect(ChannelFallback.next(after: "sms", order: ["sms", "email", "wechat"], customer: out,
                                     configured: ["sms", "email", "wechat"]) == nil)
        #expect(ChannelFallback.next(after: "sms", order: ["sms", "email"], customer: out, configured: ["sms", "email"],
                                     essential: true) == "email")
        #expect(ChannelFallback.next(after: "sms", order: ["sms", "email"], customer: customer(optedOut: []),
                                     configured: ["sms", "email"]) == "email")
    }
}
