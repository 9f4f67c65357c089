import Foundation
import HuifangCore
import Testing

@Suite struct ComplaintRulesTests {
    let t0 = Date(timeIntervalSince1970: 1_790_000_000)
    let normal = ComplaintDeadlines.defaults[.normal]!

    func complaint(severity: Complaint.Severity = .normal) -> Complaint {
        Complaint(id: 1, customerId: 2, receivedAt: t0, channel: "phone", content: "等了一个小时", severity: severity,
                  expectation: "道歉", owner: "customer-service")
    }

    @Test("R-CMP-2 first response within 24 h and resolution within 72 h by default; tighter for high and critical")
    func deadlines() {
        let (response, resolution) = ComplaintRules.deadlines(complaint(), normal)
        #expect(response == t0.addingTimeInterval(24 * 3600))
        #expect(resolution == t0.addingTimeInterval(72 * 3600))
        let critical = ComplaintRules.deadlines(complaint(severity: .critical), ComplaintDeadlines.defaults[.critical]!)
        #expect(critical.response == t0.addingTimeInterval(2 * 3600))
        #expect(critical.resolution == t0.addingTimeInterval(24 * 3600))
    }

    @Test("R-CMP-3 escalation over two missed deadlines: customer service → supervisor → department head, one step each")
    func escalationChain() {
        var c = complaint()
        #expect(ComplaintRules.escalation(c, normal, now: t0.addingTimeInterval(23 * 3600)) == nil)
        let first = ComplaintRules.escalation(c, normal, now: t0.addingTimeInterval(24 * 3600))
        #expect(first?.level == 1)
        #expect(first?.owner == .supervisor)
        c.level = 1
        c.owner = "supervisor"
        #expect(ComplaintRules.escalation(c, normal, now: t0.addingTimeInterval(50 * 3600)) == nil, "one step per missed deadline")
        let second = ComplaintRules.escalation(c, normal, now: t0.addingTimeInterval(72 * 3600))
        #expect(second?.level == 2)
        #expect(second?.owner == .departmentHead)
        c.level = 2
        #expect(ComplaintRules.escalation(c, normal, now: t0.addingTimeInterval(1000 * 3600)) == nil, "the chain ends at the department head")
        #expect(ComplaintRules.nextEscalation(c, normal, after: t0) == nil)
    }

    @Test("R-CMP-3 a response in time means only a missed resolution escalates; closed complaints never do")
    func respondedAndClosed() {
        var c = complaint()
        c.respondedAt = t0.addingTimeInterval(3600)
        c.status = .investigating
        #expect(ComplaintRules.escalation(c, normal, now: t0.addingTimeInterval(48 * 3600)) == nil)
        #expect(ComplaintRules.escalation(c, normal, now: t0.addingTimeInterval(72 * 3600))?.owner == .supervisor)
        #expect(ComplaintRules.nextEscalation(c, normal, after: t0.addingTimeInterval(3600)) == t0.addingTimeInterval(72 * 3600))
        c.status = .resolved
        #expect(ComplaintRules.escalation(c, normal, now: t0.addingTimeInterval(1000 * 3600)) == nil)
    }

    @Test("R-CMP-5 a re-opened complaint counts its deadlines afresh from the re-opening")
    func reopened() {
        var c = complaint()
        c.status = .investigating
        c.respondedAt = t0
        c.reopenedAt = t0.addingTimeInterval(100 * 3600)
        #expect(ComplaintRules.deadlines(c, normal).resolution == t0.addingTimeInterval(172 * 3600))
        #expect(ComplaintRules.escalation(c, normal, now: t0.addingTimeInterval(150 * 3600)) == nil)
    }
}
