import Foundation
import HuifangCore
import Testing

/// The lane machine's transitions, event by event, with no store and no network: the
/// actions it answers are what the scheduler would carry out.
@Suite struct LaneMachineTests {
    let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    func limits(maxInFlight: Int = 4, rate: Double? = nil, threshold: Int = 2) -> LaneMachine.Limits {
        LaneMachine.Limits(maxInFlight: maxInFlight, batchSize: 200, ratePerSecond: rate, lease: 60,
                           circuitThreshold: threshold, circuitCoolDown: 30)
    }

    func messages(_ count: Int, from first: Int = 1) -> [Message] {
        (first..<(first + count)).map {
            Message(id: "msg_\($0)", dedupeKey: "k\($0)", kind: MessageKind.manual, customerId: 1, channel: "sms", text: "你好",
                    locale: .zhHans, dueAt: t0, createdAt: t0)
        }
    }

    @Test("R-DLV-1 R-DLV-5 a tick claims a batch under a lease; what was claimed is offered up to the in-flight cap; an exhausted queue sleeps until the next due")
    func claimStartSleep() {
        var lane = LaneMachine(limits: limits(), now: t0)
        #expect(lane.handle(.tick(now: t0)) == [.claim(limit: 16, leaseUntil: t0.addingTimeInterval(60))],
                "four rounds of work at hand")
        let claimed = messages(3)
        #expect(lane.handle(.claimed(claimed, wanted: 16, now: t0)) == [.start(claimed)])
        #expect(lane.handle(.started(sent: 3, now: t0)) == [.sleepUntilNextDue], "fewer than wanted: the queue is empty")
        #expect(lane.inFlight == 3)
        #expect(lane.handle(.tick(now: t0)) == [.claim(limit: 16, leaseUntil: t0.addingTimeInterval(60))])
        let more = messages(10, from: 4)
        #expect(lane.handle(.claimed(more, wanted: 16, now: t0)) == [.start(Array(more.prefix(1)))], "one slot left of four")
        #expect(lane.handle(.started(sent: 1, now: t0)) == [.sleepUntil(nil)], "more is at hand: look again when one finishes")
        #expect(lane.handle(.tick(now: t0)) == [.sleepUntil(nil)], "full: wait for a delivery to finish")
        #expect(lane.handle(.finished(endpointFailed: false, now: t0)).isEmpty)
        #expect(lane.handle(.tick(now: t0)) == [.start([more[1]])], "ready work is offered without a claim")
        #expect(lane.ready.count == 8)
    }

    @Test("R-DLV-1 with less than one round left after offering, a lane claims the next round while this one is in flight; not when the queue ran dry")
    func claimsAhead() {
        var lane = LaneMachine(limits: limits(), now: t0)
        _ = lane.handle(.tick(now: t0))
        let claimed = messages(16)
        #expect(lane.handle(.claimed(claimed, wanted: 16, now: t0)) == [.start(Array(claimed[0..<4]))])
        _ = lane.handle(.started(sent: 4, now: t0))
        for round in 1...3 {
            for _ in 0..<4 { _ = lane.handle(.finished(endpointFailed: false, now: t0)) }
            let offered = Array(claimed[(4 * round)..<(4 * round + 4)])
            let expected: [LaneMachine.Action] = round < 3 ? [.start(offered)]
                : [.start(offered), .claim(limit: 16, leaseUntil: t0.addingTimeInterval(60))]
            #expect(lane.handle(.tick(now: t0)) == expected, "round \(round): \(lane.ready.count) left at hand")
            _ = lane.handle(.started(sent: 4, now: t0))
        }
        // The claim ahead came back short: the queue is dry, so the next rounds claim only when needed.
        let last = messages(2, from: 17)
        #expect(lane.handle(.claimed(last, wanted: 16, now: t0)) == [.sleepUntil(nil)])
        for _ in 0..<4 { _ = lane.handle(.finished(endpointFailed: false, now: t0)) }
        #expect(lane.handle(.tick(now: t0)) == [.claim(limit: 14, leaseUntil: t0.addingTimeInterval(60))])
    }

    @Test("R-DLV-1 messages held or skipped by SendDecision take no in-flight slot")
    func heldTakeNoSlot() {
        var lane = LaneMachine(limits: limits(), now: t0)
        _ = lane.handle(.tick(now: t0))
        _ = lane.handle(.claimed(messages(2), wanted: 16, now: t0))
        _ = lane.handle(.started(sent: 0, now: t0))
        #expect(lane.inFlight == 0)
    }

    @Test("R-DLV-6 consecutive failures open the circuit: claims go back, nothing starts until the cool-down; then one probe; its success closes it")
    func circuit() {
        var lane = LaneMachine(limits: limits(threshold: 2), now: t0)
        _ = lane.handle(.tick(now: t0))
        let claimed = messages(6)
        _ = lane.handle(.claimed(claimed, wanted: 16, now: t0))   // offers 4, keeps 2 ready
        _ = lane.handle(.started(sent: 4, now: t0))
        #expect(lane.handle(.finished(endpointFailed: true, now: t0)).isEmpty)
        let until = t0.addingTimeInterval(30)
        #expect(lane.handle(.finished(endpointFailed: true, now: t0)) == [.circuit(.opened(until: until))])
        #expect(lane.handle(.tick(now: t0)) == [.release(Array(claimed.suffix(2))), .sleepUntil(until)],
                "open: the unstarted claims are handed back")
        #expect(lane.handle(.finished(endpointFailed: true, now: t0)).isEmpty, "a late failure does not re-open it")
        _ = lane.handle(.finished(endpointFailed: nil, now: t0))

        let later = until.addingTimeInterval(1)
        #expect(lane.handle(.tick(now: later)) == [.circuit(.halfOpened), .claim(limit: 1, leaseUntil: later.addingTimeInterval(60))],
                "half-open: one probe, claimed alone")
        let probe = messages(1, from: 10)
        #expect(lane.handle(.claimed(probe, wanted: 1, now: later)) == [.start(probe)])
        _ = lane.handle(.started(sent: 1, now: later))
        #expect(lane.handle(.tick(now: later)) == [.sleepUntil(nil)], "while the probe is out nothing else goes")
        #expect(lane.handle(.finished(endpointFailed: false, now: later)) == [.circuit(.closed)])
        #expect(lane.breaker.state == .closed(failures: 0))
    }

    @Test("R-DLV-1 the rate limit caps what starts and says when the next token comes")
    func rateLimit() {
        var lane = LaneMachine(limits: limits(maxInFlight: 16, rate: 2), now: t0)
        #expect(lane.handle(.tick(now: t0)) == [.claim(limit: 4, leaseUntil: t0.addingTimeInterval(60))], "two seconds' worth")
        let claimed = messages(4)
        #expect(lane.handle(.claimed(claimed, wanted: 4, now: t0)) == [.start([claimed[0]])], "one token at the start, no burst")
        #expect(lane.handle(.started(sent: 1, now: t0)) == [.sleepUntil(t0.addingTimeInterval(0.5))])
        #expect(lane.handle(.tick(now: t0.addingTimeInterval(0.1))) == [.sleepUntil(t0.addingTimeInterval(0.5))])
        #expect(lane.handle(.tick(now: t0.addingTimeInterval(0.5))) == [.start([claimed[1]])])
    }

    @Test("R-DLV-1 a paused lane hands its claims back and waits; shutdown does the same and starts nothing more")
    func pauseAndShutdown() {
        var lane = LaneMachine(limits: limits(maxInFlight: 1), now: t0)
        _ = lane.handle(.tick(now: t0))
        let claimed = messages(4)
        _ = lane.handle(.claimed(claimed, wanted: 4, now: t0))
        _ = lane.handle(.started(sent: 1, now: t0))
        lane.pausedAt = t0
        #expect(lane.handle(.tick(now: t0)) == [.release(Array(claimed.dropFirst())), .sleepUntil(nil)])
        lane.pausedAt = nil
        #expect(lane.handle(.tick(now: t0)) == [.sleepUntil(nil)], "resumed, but its one slot is busy")
        _ = lane.handle(.finished(endpointFailed: false, now: t0))
        #expect(lane.handle(.tick(now: t0)) == [.claim(limit: 4, leaseUntil: t0.addingTimeInterval(60))])
        let again = messages(2, from: 20)
        _ = lane.handle(.shutdown)
        #expect(lane.handle(.claimed(again, wanted: 4, now: t0)) == [.release(again)], "a claim answered after shutdown goes back")
        #expect(lane.handle(.tick(now: t0)).isEmpty)
    }

    @Test("R-OPS-1 a reload keeps the breaker and bucket unless their own settings change")
    func reconfigure() {
        var lane = LaneMachine(limits: limits(threshold: 1), now: t0)
        _ = lane.handle(.tick(now: t0))
        _ = lane.handle(.claimed(messages(1), wanted: 16, now: t0))
        _ = lane.handle(.started(sent: 1, now: t0))
        _ = lane.handle(.finished(endpointFailed: true, now: t0))
        _ = lane.handle(.configChanged(limits(maxInFlight: 8, threshold: 1), now: t0))
        #expect(lane.breaker.state == .open(until: t0.addingTimeInterval(30)), "more in flight does not close the circuit")
        _ = lane.handle(.configChanged(limits(maxInFlight: 8, threshold: 3), now: t0))
        #expect(lane.breaker.state == .closed(failures: 0), "a new threshold starts a new breaker")
        #expect(lane.limits.maxInFlight == 8)
    }
}
