import Foundation
import HuifangCore
@testable import HuifangDaemon
import HuifangStore
import HuifangTestSupport
import Logging
import Testing

@Suite struct UpkeepScheduleTests {
    let start = Date(timeIntervalSince1970: 1_790_000_000)

    @Test("R-APT-4 R-CMP-3 R-KEEP-1 periodic jobs: all at start, then each on its own interval; the next wake is the earliest due")
    func transitions() {
        var schedule = UpkeepSchedule([("appointments.mark-no-shows", 30), ("retention.plan", 600)])
        #expect(schedule.nextWake(after: start) == start, "a job that never ran is due at once")
        #expect(schedule.due(now: start) == ["appointments.mark-no-shows", "retention.plan"])
        #expect(schedule.due(now: start.addingTimeInterval(1)).isEmpty, "nothing twice in a row")
        #expect(schedule.nextWake(after: start.addingTimeInterval(1)) == start.addingTimeInterval(30))
        #expect(schedule.due(now: start.addingTimeInterval(30)) == ["appointments.mark-no-shows"])
        #expect(schedule.due(now: start.addingTimeInterval(599)) == ["appointments.mark-no-shows"])
        #expect(schedule.nextWake(after: start.addingTimeInterval(599)) == start.addingTimeInterval(600))
        #expect(schedule.due(now: start.addingTimeInterval(600)) == ["retention.plan"])
    }

    @Test("R-TIME-2 a trigger makes a job due at once; the others keep their turn")
    func trigger() {
        var schedule = UpkeepSchedule([("greetings.plan", 600), ("arrears.remind", 30)])
        _ = schedule.due(now: start)
        schedule.requestNow("greetings.plan")
        #expect(schedule.nextWake(after: start.addingTimeInterval(1)) == start.addingTimeInterval(1))
        #expect(schedule.due(now: start.addingTimeInterval(1)) == ["greetings.plan"])
    }

    @Test("R-OPS-1 a reload changes a job's interval and keeps when it last ran")
    func reschedule() {
        var schedule = UpkeepSchedule([("arrears.remind", 30)])
        _ = schedule.due(now: start)
        schedule.reschedule { $0 == "arrears.remind" ? 5 : nil }
        #expect(schedule.due(now: start.addingTimeInterval(4)).isEmpty)
        #expect(schedule.due(now: start.addingTimeInterval(5)) == ["arrears.remind"])
    }

    @Test("R-APT-4 the upkeep service runs its jobs by name against the store: an appointment past its end becomes a no-show")
    func jobsRunAgainstTheStore() throws {
        let dir = TempDirectory("upkeep")
        let store = try SQLiteStore(path: dir.file("h.sqlite"))
        let clock = ManualClock()
        let config = try HuifangConfig.parse("""
            [channels.sms]
            url = "http://127.0.0.1:9/s"
            secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
            """, file: "t.toml")
        let customer = try store.addCustomer(Customer(id: 0, name: "赵六", phone: "13800000000", createdAt: clock.now()))
        let booked = try store.addAppointment(
            Appointment(id: 0, customerId: customer.id, service: "洁牙", staff: "李医生", start: clock.now().addingTimeInterval(3600),
                        durationMinutes: 30, place: ""),
            now: clock.now())
        let wakeup = Wakeup()
        let service = UpkeepService(store: store, config: LiveConfig(config, path: "t.toml", loadedAt: clock.now()), clock: clock,
                                    schedulerWakeup: wakeup, greetingTrigger: Wakeup(), logger: Logger(label: "test"),
                                    makeContext: { fatalError("no report is due in this test") })
        service.runJobs(named: ["appointments.mark-no-shows"], settings: config, now: clock.now())
        #expect(try store.appointment(id: booked.id)?.status == .booked, "not before its start")
        clock.advance(by: 2 * 3600)
        service.runJobs(named: ["complaints.escalate"], settings: config, now: clock.now())
        #expect(try store.appointment(id: booked.id)?.status == .booked, "only the named job runs")
        service.runJobs(named: ["appointments.mark-no-shows"], settings: config, now: clock.now())
        #expect(try store.appointment(id: booked.id)?.status == .noShow)
    }

    @Test("R-KEEP-3 R-REP-4 R-TIME-2 one planner service runs every periodic job, each under a name that says what it does")
    func jobNames() throws {
        let store = try SQLiteStore(path: TempDirectory("upkeep-names").file("h.sqlite"))
        let names = UpkeepService.jobs(store: store, logger: .init(label: "test"), makeContext: { fatalError("not called") }).map(\.name)
        #expect(Set(names).count == names.count)
        #expect(names == ["greetings.plan", "appointments.mark-no-shows", "complaints.escalate", "membership.review",
                          "arrears.remind", "retention.plan", "reports.send"])
    }
}
