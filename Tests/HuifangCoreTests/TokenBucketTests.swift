import Foundation
import HuifangCore
import Testing

@Suite struct TokenBucketTests {
    let start = Date(timeIntervalSince1970: 1_790_000_000)

    @Test("R-DLV-1 a full bucket allows a burst, then refills at the rate")
    func burstThenRate() {
        var bucket = TokenBucket(ratePerSecond: 10, burst: 5, now: start)
        let full = bucket.available(now: start)
        let tookBurst = bucket.take(5, now: start)
        let tookMore = bucket.take(now: start)
        let next = bucket.nextToken(now: start)
        let later = bucket.available(now: start.addingTimeInterval(0.35))
        let muchLater = bucket.available(now: start.addingTimeInterval(60))
        #expect(full == 5)
        #expect(tookBurst)
        #expect(!tookMore)
        #expect(next == start.addingTimeInterval(0.1))
        #expect(later == 3)
        #expect(muchLater == 5, "never more than the burst")
    }

    @Test("R-DLV-1 a lane's bucket starts with one token, not a burst: a restart does not double the rate")
    func startsLean() {
        var bucket = TokenBucket(ratePerSecond: 250, startFull: false, now: start)
        #expect(bucket.available(now: start) == 1)
        var sent = 0
        var now = start
        while now < start.addingTimeInterval(1) {
            if bucket.take(now: now) { sent += 1 }
            now = now.addingTimeInterval(0.001)
        }
        #expect(sent <= 251, "\(sent) in the first second against 250/s")
    }

    @Test("R-DLV-1 fractional rates accumulate; taking more than available takes nothing")
    func fractionalRate() {
        var bucket = TokenBucket(ratePerSecond: 0.5, now: start)
        #expect(bucket.burst == 1)
        let first = bucket.take(now: start)
        let two = bucket.take(2, now: start.addingTimeInterval(10))
        let early = bucket.available(now: start.addingTimeInterval(10.9))
        let onTime = bucket.available(now: start.addingTimeInterval(11))
        #expect(first)
        #expect(!two, "the bucket holds one token at most")
        #expect(early == 1)
        #expect(onTime == 1)
    }

    @Test("R-DLV-1 over any window the bucket lets through at most burst + rate × time")
    func upperBound() {
        var bucket = TokenBucket(ratePerSecond: 20, burst: 4, now: start)
        var sent = 0
        var now = start
        for _ in 0..<1000 {
            now = now.addingTimeInterval(0.003)
            if bucket.take(now: now) { sent += 1 }
        }
        let elapsed = now.timeIntervalSince(start)
        #expect(Double(sent) <= 4 + 20 * elapsed)
        #expect(Double(sent) >= 20 * elapsed - 1)
    }
}

@Suite struct CircuitBreakerTests {
    let start = Date(timeIntervalSince1970: 1_790_000_000)

    @Test("R-DLV-3 the circuit opens after N consecutive failures, probes once after the cool-down, and closes on success")
    func openProbeClose() {
        var breaker = CircuitBreaker(threshold: 3, coolDown: 30)
        var transitions: [CircuitBreaker.Transition?] = []
        transitions.append(breaker.record(failed: true, now: start))
        transitions.append(breaker.record(failed: true, now: start))
        let closedPermit = breaker.permit(now: start).0
        #expect(closedPermit == .allow(Int.max))
        transitions.append(breaker.record(failed: true, now: start))
        #expect(transitions == [nil, nil, .opened(until: start.addingTimeInterval(30))])
        let openPermit = breaker.permit(now: start.addingTimeInterval(29)).0
        #expect(openPermit == .wait(until: start.addingTimeInterval(30)))

        let (permit, transition) = breaker.permit(now: start.addingTimeInterval(30))
        #expect(permit == .allow(1))
        #expect(transition == .halfOpened)
        breaker.sent(count: 1)
        let probing = breaker.permit(now: start.addingTimeInterval(31)).0
        #expect(probing == .waitForProbe)
        let recovered = breaker.record(failed: false, now: start.addingTimeInterval(31))
        #expect(recovered == .closed)
        #expect(breaker.state == .closed(failures: 0))
    }

    @Test("R-DLV-3 a failed probe opens the circuit for another cool-down")
    func failedProbe() {
        var breaker = CircuitBreaker(threshold: 1, coolDown: 10)
        let opened = breaker.record(failed: true, now: start)
        #expect(opened == .opened(until: start.addingTimeInterval(10)))
        _ = breaker.permit(now: start.addingTimeInterval(10))
        breaker.sent(count: 1)
        let reopened = breaker.record(failed: true, now: start.addingTimeInterval(11))
        #expect(reopened == .opened(until: start.addingTimeInterval(21)))
        #expect(breaker.consecutiveFailures == 1)
    }

    @Test("R-DLV-3 a success resets the count; late results while open change nothing")
    func resetsAndLateResults() {
        var breaker = CircuitBreaker(threshold: 2, coolDown: 5)
        _ = breaker.record(failed: true, now: start)
        _ = breaker.record(failed: false, now: start)
        let afterReset = breaker.record(failed: true, now: start)
        let second = breaker.record(failed: true, now: start)
        let late = breaker.record(failed: false, now: start)
        #expect(afterReset == nil, "the count restarted after the success")
        #expect(second == .opened(until: start.addingTimeInterval(5)))
        #expect(late == nil)
        #expect(breaker.state == .open(until: start.addingTimeInterval(5)))
    }
}

@Suite struct ChannelFallbackTests {
    let customer = Customer(id: 1, name: "王小梅", phone: "+8613800000000", email: "w@example.com",
                            createdAt: Date(timeIntervalSince1970: 0))

    @Test("R-DLV-4 after SMS comes e-mail; channels the customer cannot be reached on are passed over")
    func nextChannel() {
        let all: Set<String> = ["sms", "email", "wechat"]
        func message(_ channel: String) -> Message {
            Message(id: "msg_1", dedupeKey: "k", kind: MessageKind.manual, customerId: 1, channel: channel, text: "t",
                    locale: .zhHans, dueAt: Date(timeIntervalSince1970: 0), createdAt: Date(timeIntervalSince1970: 0))
        }
        func policy(_ configured: Set<String>) -> ConsentPolicy { ConsentPolicy(configured: configured, order: []) }
        #expect(ChannelFallback.next(after: message("sms"), order: ["sms", "email"], customer: customer, policy: policy(all)) == "email")
        #expect(ChannelFallback.next(after: message("sms"), order: ["sms", "wechat", "email"], customer: customer, policy: policy(all)) == "email",
                "no WeChat id: skip to e-mail")
        #expect(ChannelFallback.next(after: message("email"), order: ["sms", "email"], customer: customer, policy: policy(all)) == nil)
        #expect(ChannelFallback.next(after: message("staff-task"), order: ["sms", "email"], customer: customer, policy: policy(all)) == nil)
        #expect(ChannelFallback.next(after: message("sms"), order: ["sms", "email"], customer: customer, policy: policy(["sms"])) == nil)
        var noEmail = customer
        noEmail.email = nil
        #expect(ChannelFallback.next(after: message("sms"), order: ["sms", "email"], customer: noEmail, policy: policy(all)) == nil)
    }
}
