import Foundation
import HuifangCore
import Testing

@Suite struct RetryPolicyTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)
    let policy = RetryPolicy(maxAttempts: 5, base: .seconds(2), cap: .seconds(20))

    @Test("R-DLV-3 back-off doubles per attempt and stops at the cap")
    func backoffDoublesToCap() {
        #expect((1...6).map { policy.backoff(afterAttempt: $0) } == [
            .seconds(2), .seconds(4), .seconds(8), .seconds(16), .seconds(20), .seconds(20),
        ])
    }

    @Test("R-DLV-3 jitter keeps the delay between half and all of the back-off", arguments: [0.0, 0.25, 0.5, 0.999])
    func jitterBounds(jitter: Double) throws {
        let decision = policy.decide(outcome: .retry(reason: "HTTP 503", retryAfter: nil), attempt: 3, now: now, jitter: jitter)
        guard case .retry(let at, let reason) = decision else {
            Issue.record("expected a retry, got \(decision)")
            return
        }
        let delay = at.timeIntervalSince(now)
        #expect(delay >= 4 && delay <= 8)
        #expect(abs(delay - (4 + 4 * jitter)) < 0.001)
        #expect(reason == "HTTP 503")
    }

    @Test("R-DLV-3 a longer Retry-After wins over the back-off, even beyond its cap, up to one day")
    func retryAfterHonoured() {
        let longer = policy.decide(outcome: .retry(reason: "HTTP 429", retryAfter: .seconds(15)), attempt: 1, now: now, jitter: 0)
        #expect(longer == .retry(at: now.addingTimeInterval(15), reason: "HTTP 429"))
        let beyondCap = policy.decide(outcome: .retry(reason: "HTTP 429", retryAfter: .seconds(600)), attempt: 1, now: now, jitter: 0)
        #expect(beyondCap == .retry(at: now.addingTimeInterval(600), reason: "HTTP 429"))
        let absurd = policy.decide(outcome: .retry(reason: "HTTP 503", retryAfter: .seconds(10_000_000)), attempt: 1, now: now, jitter: 0)
        #expect(absurd == .retry(at: now.addingTimeInterval(86_400), reason: "HTTP 503"))
        let shorter = policy.decide(outcome: .retry(reason: "HTTP 503", retryAfter: .seconds(1)), attempt: 3, now: now, jitter: 0)
        #expect(shorter == .retry(at: now.addingTimeInterval(4), reason: "HTTP 503"), "a shorter Retry-After does not hurry the back-off")
    }

    @Test("R-DLV-3 the last attempt makes the message dead; permanent failures are dead at once")
    func deadAfterLastAttempt() {
        #expect(policy.decide(outcome: .retry(reason: "timeout", retryAfter: nil), attempt: 5, now: now, jitter: 0.5)
                == .dead(reason: "timeout (after 5 attempts)"))
        #expect(policy.decide(outcome: .permanent(reason: "HTTP 404"), attempt: 1, now: now, jitter: 0.5)
                == .dead(reason: "HTTP 404"))
        #expect(policy.decide(outcome: .delivered, attempt: 1, now: now, jitter: 0.5) == .delivered)
    }
}

@Suite struct DeliveryOutcomeTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    @Test("R-DLV-3 classification: 2xx delivered; 408, 429, 5xx retried; other answers permanent",
          arguments: [(200, "delivered"), (201, "delivered"), (204, "delivered"), (299, "delivered"),
                      (408, "retry"), (429, "retry"), (500, "retry"), (502, "retry"), (503, "retry"), (599, "retry"),
                      (301, "permanent"), (400, "permanent"), (401, "permanent"), (404, "permanent"),
                      (410, "permanent"), (413, "permanent"), (422, "permanent")])
    func classifiesStatus(status: Int, expected: String) {
        #expect(DeliveryOutcome.classify(WebhookResponse(status: status), now: now).class.rawValue == expected)
    }

    @Test("R-DLV-3 timeouts, refused connections and DNS failures are retried; a bad URL is permanent")
    func classifiesTransportErrors() {
        func classify(_ error: WebhookResponse.TransportError) -> DeliveryOutcome.Class {
            DeliveryOutcome.classify(WebhookResponse(status: nil, transportError: error), now: now).class
        }
        #expect(classify(.timeout) == .retry)
        #expect(classify(.connectFailed("refused")) == .retry)
        #expect(classify(.dnsFailed("nx")) == .retry)
        #expect(classify(.other("reset")) == .retry)
        #expect(classify(.invalidURL("ftp")) == .permanent)
    }

    @Test("R-DLV-3 Retry-After in seconds and as an HTTP-date")
    func parsesRetryAfter() {
        #expect(RetryAfter.parse("120", now: now) == .seconds(120))
        #expect(RetryAfter.parse(" 0 ", now: now) == .seconds(0))
        #expect(RetryAfter.parse("-5", now: now) == nil)
        #expect(RetryAfter.parse("soon", now: now) == nil)
        // 1_790_000_000 is Mon, 21 Sep 2026 14:13:20 GMT.
        #expect(RetryAfter.parse("Mon, 21 Sep 2026 14:14:20 GMT", now: now) == .seconds(60))
        #expect(RetryAfter.parse("Mon, 21 Sep 2026 14:00:00 GMT", now: now) == .zero, "a date in the past means now")
        let outcome = DeliveryOutcome.classify(WebhookResponse(status: 429, retryAfter: "30"), now: now)
        #expect(outcome == .retry(reason: "HTTP 429", retryAfter: .seconds(30)))
    }

    @Test("R-DLV-3 the default schedule waits 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h with ±20% jitter: a day-long outage loses nothing")
    func schedule() {
        let policy = RetryPolicy.scheduled(RetryPolicy.defaultSchedule)
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        let failure = DeliveryOutcome.retry(reason: "HTTP 503", retryAfter: nil)
        #expect(policy.maxAttempts == 8)
        let total = RetryPolicy.defaultSchedule.reduce(Duration.zero, +)
        #expect(total > .seconds(26 * 3600) && total < .seconds(28 * 3600))
        #expect(policy.decide(outcome: failure, attempt: 1, now: now, jitter: 0.5) == .retry(at: now.addingTimeInterval(5), reason: "HTTP 503"))
        #expect(policy.decide(outcome: failure, attempt: 2, now: now, jitter: 0) == .retry(at: now.addingTimeInterval(240), reason: "HTTP 503"))
        #expect(policy.decide(outcome: failure, attempt: 7, now: now, jitter: 1) == .retry(at: now.addingTimeInterval(43_200), reason: "HTTP 503"))
        guard case .dead = policy.decide(outcome: failure, attempt: 8, now: now, jitter: 0.5) else {
            Issue.record("after the last scheduled wait the message is dead")
            return
        }
        let asked = DeliveryOutcome.retry(reason: "HTTP 429", retryAfter: .seconds(600))
        #expect(policy.decide(outcome: asked, attempt: 1, now: now, jitter: 0.5) == .retry(at: now.addingTimeInterval(600), reason: "HTTP 429"))
    }
}
