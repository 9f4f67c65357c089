import Foundation
import HuifangCore
import Testing

@Suite struct RetentionTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)
    let settings = RetentionSettings()

    func facts(daysAgo: Double, visits: Int = 1, spend: Int64 = 0, member: Bool = false) -> RetentionFacts {
        RetentionFacts(customerId: 9, visits12m: visits, spend12mMinor: spend, lastVisit: now.addingTimeInterval(-daysAgo * 86_400), member: member)
    }

    @Test("R-KEEP-1 segments: 4 visits and 10,000.00 in 12 months are the bars, reached exactly")
    func segmentBoundaries() {
        #expect(Segment.of(visits: 4, spendMinor: 1_000_000, settings: settings) == .highHigh)
        #expect(Segment.of(visits: 3, spendMinor: 1_000_000, settings: settings) == .lowHigh)
        #expect(Segment.of(visits: 4, spendMinor: 999_999, settings: settings) == .highLow)
        #expect(Segment.of(visits: 0, spendMinor: 0, settings: settings) == .lowLow)
    }

    @Test("R-KEEP-1 each segment's care call comes when its cadence since the last visit has come round, once per round")
    func careCadence() {
        #expect(RetentionPlanner.plan(facts(daysAgo: 29.9, visits: 5, spend: 2_000_000), settings: settings, now: now) == nil)
        guard case .careCall(let task, let segment)? = RetentionPlanner.plan(facts(daysAgo: 30, visits: 5, spend: 2_000_000), settings: settings, now: now) else {
            Issue.record("no care call at 30 days for high/high")
            return
        }
        #expect(segment == .highHigh && task.assignee == "customer-service" && task.dedupeKey.hasSuffix(":1"))
        guard case .careCall(let second, _)? = RetentionPlanner.plan(facts(daysAgo: 61, visits: 5, spend: 2_000_000), settings: settings, now: now) else {
            Issue.record("no second round")
            return
        }
        #expect(second.dedupeKey.hasSuffix(":2") && second.dedupeKey != task.dedupeKey)
        #expect(RetentionPlanner.plan(facts(daysAgo: 59), settings: settings, now: now) == nil, "low/low waits 60 days")
    }

    @Test("R-KEEP-2 90 days without a visit: a win-back message for a customer, a consultant's call for a member, once per spell")
    func dormant() {
        guard case .winBackMessage(let key)? = RetentionPlanner.plan(facts(daysAgo: 90), settings: settings, now: now) else {
            Issue.record("no win-back at 90 days")
            return
        }
        guard case .winBackCall(let task)? = RetentionPlanner.plan(facts(daysAgo: 120, member: true), settings: settings, now: now) else {
            Issue.record("no staff call for a dormant member")
            return
        }
        #expect(task.assignee == "consultant" && task.kind == "retention.winback")
        guard case .winBackMessage(let later)? = RetentionPlanner.plan(facts(daysAgo: 90), settings: settings, now: now.addingTimeInterval(86_400 * 30)) else {
            Issue.record("dormant later")
            return
        }
        #expect(key == later, "the same dormant spell a month on: the same key, so nothing twice")
        guard case .winBackMessage(let afterNewVisit)? = RetentionPlanner.plan(facts(daysAgo: 95), settings: settings, now: now) else { return }
        #expect(afterNewVisit != key, "another last visit is another spell")
    }

    @Test("R-KEEP-3 arrears: a reminder every 7 days, suspension with the third, nothing after; paid clears")
    func arrearsReminders() {
        var arrears = Arrears(customerId: 9, owedMinor: 120_000, since: now)
        func at(_ days: Double) -> Date { now.addingTimeInterval(days * 86_400) }
        #expect(arrears.reminderDue(now: at(6.99), settings: settings) == nil)
        #expect(arrears.reminderDue(now: at(7), settings: settings)! == (1, false))
        arrears.remindersSent = 1
        #expect(arrears.reminderDue(now: at(13), settings: settings) == nil)
        #expect(arrears.reminderDue(now: at(14), settings: settings)! == (2, false))
        arrears.remindersSent = 2
        #expect(arrears.reminderDue(now: at(21), settings: settings)! == (3, true))
        arrears.remindersSent = 3
        #expect(arrears.reminderDue(now: at(60), settings: settings) == nil, "no more after the suspension")
        #expect(Arrears(customerId: 9, owedMinor: 1, since: now).reminderDue(now: at(30), settings: settings)! == (3, true),
                "a daemon down for weeks sends the latest, not a burst")
        #expect(Arrears(customerId: 9, owedMinor: 0, since: now).reminderDue(now: at(30), settings: settings) == nil)
    }
}
