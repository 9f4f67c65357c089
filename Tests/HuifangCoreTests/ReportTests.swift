import Foundation
import HuifangCore
import Testing

@Suite struct ReportTests {
    func task(_ id: Int64, _ assignee: String, _ status: StaffTask.Status) -> StaffTask {
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        return StaffTask(id: id, kind: "followup.due", customerId: 1, visitId: nil, step: "s", assignee: assignee, text: "t",
                         urgent: false, dueAt: now, overdueAt: now, status: status, note: nil, closedAt: nil, messageId: nil)
    }

    @Test("R-REP-2 completion per staff: any outcome counts as done, open does not, cancelled tasks are left out")
    func completion() {
        let summary = StaffCompletion.summarize([
            task(1, "李医生", .done), task(2, "李医生", .noAnswer), task(3, "李医生", .open), task(4, "李医生", .cancelled),
            task(5, "customer-service", .abnormal),
        ])
        #expect(summary.map(\.staff) == ["customer-service", "李医生"])
        let doctor = summary[1]
        #expect(doctor.due == 4 && doctor.done == 1 && doctor.noAnswer == 1 && doctor.open == 1 && doctor.cancelled == 1)
        #expect(abs(doctor.completionRate - 2.0 / 3.0) < 1e-9)
        #expect(summary[0].completionRate == 1)
        #expect(StaffCompletion(staff: "x", due: 1, done: 0, noAnswer: 0, abnormal: 0, open: 0, cancelled: 1).completionRate == 1,
                "nothing left to do counts as complete")
    }

    @Test("R-REP-1 a local day runs midnight to midnight in the clinic's zone")
    func localDays() {
        let zone = TimeZone(identifier: "Asia/Shanghai")!
        let day = localDay(of: ISO8601DateFormatter().date(from: "2026-11-23T17:30:00Z")!, in: zone)
        #expect(day.start == ISO8601DateFormatter().date(from: "2026-11-23T16:00:00Z"))
        #expect(day.end == ISO8601DateFormatter().date(from: "2026-11-24T16:00:00Z"))
    }
}
