import Foundation
import HuifangCore
@testable import HuifangDaemon
import HuifangStore
import HuifangTestSupport
import Logging
import Testing

@Suite struct ComplaintEscalatorTests {
    @Test("R-CMP-3 the escalator moves an overdue complaint one step per missed deadline, with an urgent task, never twice")
    func escalates() throws {
        let dir = TempDirectory("esc")
        let store = try SQLiteStore(path: dir.file("h.sqlite"))
        let clock = ManualClock()
        let config = try HuifangConfig.parse("""
            [channels.staff-task]
            url = "http://127.0.0.1:9/t"
            secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
            """, file: "t.toml")
        let customer = try store.addCustomer(Customer(id: 0, name: "赵六", phone: "13800000000", createdAt: clock.now()))
        let complaint = try store.addComplaint(
            Complaint(id: 0, customerId: customer.id, receivedAt: clock.now(), channel: "phone", content: "态度不好",
                      severity: .normal, expectation: "", owner: "customer-service"),
            now: clock.now())
        let escalator = ComplaintEscalator(store: store, logger: Logger(label: "test"))

        clock.advance(by: 23 * 3600)
        try escalator.run(settings: config, now: clock.now())
        #expect(try store.complaint(id: complaint.id)?.level == 0)

        clock.advance(by: 2 * 3600)
        try escalator.run(settings: config, now: clock.now())
        try escalator.run(settings: config, now: clock.now())
        let first = try #require(try store.complaint(id: complaint.id))
        #expect(first.level == 1)
        #expect(first.owner == "supervisor")
        let supervisorTasks = try store.tasks(TaskFilter(assignee: "supervisor"))
        #expect(supervisorTasks.count == 1, "run twice, escalated once")
        #expect(supervisorTasks.first?.urgent == true)
        #expect(supervisorTasks.first?.messageId != nil, "the staff-task gateway is told")

        clock.advance(by: 48 * 3600)
        try escalator.run(settings: config, now: clock.now())
        #expect(try store.complaint(id: complaint.id)?.owner == "department-head")
        #expect(try store.tasks(TaskFilter(assignee: "department-head")).count == 1)
        clock.advance(by: 1000 * 3600)
        try escalator.run(settings: config, now: clock.now())
        #expect(try store.complaint(id: complaint.id)?.level == 2)
    }
}
