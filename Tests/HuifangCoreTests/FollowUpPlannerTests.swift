import Foundation
import HuifangCore
import Testing

@Suite struct FollowUpPlannerTests {
    let shanghai = TimeZone(identifier: "Asia/Shanghai")!

    func at(_ text: String) -> Date {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = shanghai
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.date(from: text)!
    }

    let customer = Customer(id: 7, name: "王小梅", gender: .female, phone: "13800000000", createdAt: Date(timeIntervalSince1970: 0))

    func text(_ s: String) -> LocalizedTemplate {
        LocalizedTemplate([.zhHans: try! MessageTemplate(s, allowed: FollowUpProtocol.variables)])
    }

    func step(_ id: String, _ timing: String, _ channel: String = "staff-task", _ role: StaffRole? = .customerService,
              _ body: String = "{salutation}{service}回访") -> ProtocolStep {
        ProtocolStep(id: id, timing: StepTiming(timing)!, channel: channel, assignee: channel == "staff-task" ? role : nil, text: text(body))
    }

    @Test("R-PPL-4 a groomer's protocol text may name the pet the visit was for; other visits leave it empty")
    func petVariable() {
        let proto = FollowUpProtocol(id: "groom", services: ["*"], steps: [step("d3", "day 3", "staff-task", .customerService, "回访{salutation}：{pet}{service}后状态")])
        var visit = Visit(id: 2, customerId: 7, service: "洗护", staff: "小李", endedAt: at("2026-11-23 15:00"), amountMinor: 0)
        visit.petId = 9
        let pet = Pet(id: 9, customerId: 7, name: "豆豆", species: "dog")
        let plan = FollowUpPlanner.plan(visit: visit, customer: customer, protocols: [proto], clinic: "店", windows: [:],
                                        now: at("2026-11-23 15:00"), pet: pet)
        #expect(plan.tasks.first?.text == "回访王女士：豆豆洗护后状态")
        let plain = FollowUpPlanner.plan(visit: visit, customer: customer, protocols: [proto], clinic: "店", windows: [:], now: at("2026-11-23 15:00"))
        #expect(plain.tasks.first?.text == "回访王女士：洗护后状态")
    }

    @Test("R-FU-11 step timings parse: within hours, a day, a window of days, weeks, months")
    func timings() {
        #expect(StepTiming("2h") == .withinHours(2))
        #expect(StepTiming("day 1") == .days(1, 1))
        #expect(StepTiming("day 3-5") == .days(3, 5))
        #expect(StepTiming("6 weeks") == .weeks(6))
        #expect(StepTiming("1 month") == .months(1))
        #expect(StepTiming("day 5-3") == nil)
        #expect(StepTiming("soon") == nil)
        #expect(StepTiming("0h") == nil)
    }

    @Test("R-FU-1 every treatment: customer service within 2 hours, on day 3 and on day 7")
    func everyTreatment() {
        let proto = FollowUpProtocol(id: "cs", services: ["*"], steps: [step("2h", "2h"), step("d3", "day 3"), step("d7", "day 7")])
        let visit = Visit(id: 1, customerId: 7, service: "laser", staff: "李医生", endedAt: at("2026-11-23 15:00"), amountMinor: 128_000)
        let plan = FollowUpPlanner.plan(visit: visit, customer: customer, protocols: [proto], clinic: "诊所", windows: [:], now: at("2026-11-23 15:00"))
        #expect(plan.tasks.map(\.dueAt) == [at("2026-11-23 15:00"), at("2026-11-26 00:00"), at("2026-11-30 00:00")])
        #expect(plan.tasks.map(\.overdueAt) == [at("2026-11-23 17:00"), at("2026-11-27 00:00"), at("2026-12-01 00:00")])
        #expect(plan.tasks.map(\.urgent) == [true, false, false], "a 2-hour call is urgent: its notice reaches staff at once")
        #expect(plan.tasks.allSatisfy { $0.assignee == "customer-service" && $0.kind == "followup.due" })
        #expect(plan.tasks.first?.text == "王女士laser回访")
        #expect(plan.tasks.map(\.dedupeKey) == ["followup:1:cs:2h", "followup:1:cs:d3", "followup:1:cs:d7"])
    }

    @Test("R-FU-3 laser: day 1, day 3–5 (due day 3, overdue after day 5), day 10–12; only for its service")
    func laser() {
        let proto = FollowUpProtocol(id: "laser", services: ["laser", "ipl"], steps: [
            step("d1", "day 1", "sms", nil, "{salutation}，术后第一天请注意防晒"), step("d3", "day 3-5", "staff-task", .doctor),
            step("d10", "day 10-12", "staff-task", .consultant),
        ])
        let visit = Visit(id: 2, customerId: 7, service: "laser", staff: "李医生", endedAt: at("2026-11-23 15:00"), amountMinor: 0)
        let plan = FollowUpPlanner.plan(visit: visit, customer: customer, protocols: [proto], clinic: "诊所",
                                        windows: ["sms": .defaultMessages], now: at("2026-11-23 15:00"))
        #expect(plan.messages.count == 1)
        #expect(plan.messages[0].dueAt == at("2026-11-24 09:00"), "day 1 starts at midnight; the message window opens at 09:00")
        #expect(plan.messages[0].text == "王女士，术后第一天请注意防晒")
        #expect(plan.tasks.map(\.dueAt) == [at("2026-11-26 00:00"), at("2026-12-03 00:00")])
        #expect(plan.tasks.map(\.overdueAt) == [at("2026-11-29 00:00"), at("2026-12-06 00:00")])
        #expect(plan.tasks.map(\.assignee) == ["李医生", "consultant"], "doctor means the treating staff")
        let other = Visit(id: 3, customerId: 7, service: "massage", staff: "张", endedAt: at("2026-11-23 15:00"), amountMinor: 0)
        #expect(FollowUpPlanner.plan(visit: other, customer: customer, protocols: [proto], clinic: "", windows: [:], now: at("2026-11-23 15:00")) == FollowUpPlan())
    }

    @Test("R-FU-5 injectables: day 1, day 7–10, 1 month, 3 months, 6 months (calendar months)")
    func injectables() {
        let proto = FollowUpProtocol(id: "inj", services: ["botox"], steps: [
            step("d1", "day 1"), step("d7", "day 7-10"), step("m1", "1 month"), step("m3", "3 months"), step("m6", "6 months"),
        ])
        let visit = Visit(id: 4, customerId: 7, service: "botox", staff: "李", endedAt: at("2026-08-31 11:00"), amountMinor: 0)
        let plan = FollowUpPlanner.plan(visit: visit, customer: customer, protocols: [proto], clinic: "", windows: [:], now: at("2026-08-31 11:00"))
        #expect(plan.tasks.map(\.dueAt) == [at("2026-09-01 00:00"), at("2026-09-07 00:00"), at("2026-09-30 00:00"),
                                             at("2026-11-30 00:00"), at("2027-02-28 00:00")])
    }

    @Test("R-FU-9 no answer: a call-back SMS at once, consultant tasks the next day and a month later")
    func noAnswer() {
        let now = at("2026-11-23 15:00")
        let plan = FollowUpPlanner.noAnswer(taskId: 12, customer: customer, clinic: "回访诊所", now: now)
        #expect(plan.messages.map(\.channel) == ["sms"])
        #expect(plan.messages[0].dueAt == now)
        #expect(plan.messages[0].text == "王女士您好，回访诊所刚才致电回访未能接通，方便时请回电，谢谢！")
        #expect(plan.tasks.map(\.assignee) == ["consultant", "consultant"])
        #expect(plan.tasks.map(\.dueAt) == [at("2026-11-24 00:00"), at("2026-12-23 00:00")])
        #expect(Set(plan.tasks.map(\.dedupeKey)).count == 2)
    }

    @Test("R-FU-10 abnormal result: an urgent task for the treating doctor within a day, and the department head alerted")
    func abnormal() {
        let now = at("2026-11-24 10:00")
        let visit = Visit(id: 5, customerId: 7, service: "laser", staff: "李医生", endedAt: at("2026-11-23 15:00"), amountMinor: 0)
        let plan = FollowUpPlanner.abnormal(taskId: 3, visit: visit, customer: customer, note: "起水泡", now: now)
        #expect(plan.tasks.map(\.assignee) == ["李医生", "department-head"])
        #expect(plan.tasks.allSatisfy { $0.urgent && $0.dueAt == now && $0.overdueAt == now.addingTimeInterval(86_400) })
        #expect(plan.tasks[0].text.contains("起水泡"))
    }

    @Test("R-FU-7 R-BIZ-1 a course named with 疗程 is not doubled, and the reminder names the day")
    func courseWording() {
        let visit = Visit(id: 30, customerId: 7, service: "laser", staff: "李医生", endedAt: at("2026-11-23 15:00"), amountMinor: 0,
                          course: CourseSession(course: "光子嫩肤疗程", session: 1, total: 5, nextSession: at("2026-11-28 15:00")))
        let plan = FollowUpPlanner.plan(visit: visit, customer: customer, protocols: [], clinic: "", windows: [:], now: at("2026-11-23 15:00"))
        #expect(plan.messages.first?.text == "王女士您好，您的光子嫩肤疗程第2次在11月28日（周六）15:00，请准时到店。")
    }

    @Test("R-FU-7 a course: full follow-ups after the first and last session; between them only the next-session reminder, 2 days before")
    func course() {
        let proto = FollowUpProtocol(id: "laser", services: ["laser"], steps: [step("d1", "day 1"), step("d3", "day 3-5")])
        func visit(_ session: Int, next: String?) -> Visit {
            Visit(id: Int64(10 + session), customerId: 7, service: "laser", staff: "李医生", endedAt: at("2026-11-23 15:00"), amountMinor: 0,
                  course: CourseSession(course: "光子嫩肤", session: session, total: 5, nextSession: next.map(at)))
        }
        let first = FollowUpPlanner.plan(visit: visit(1, next: "2026-12-21 15:00"), customer: customer, protocols: [proto], clinic: "",
                                         windows: ["sms": .defaultMessages], now: at("2026-11-23 15:00"))
        #expect(first.tasks.count == 2)
        #expect(first.messages.map(\.kind) == ["course.next-session"])
        #expect(first.messages.first?.dueAt == at("2026-12-19 15:00"))
        #expect(first.messages.first?.expiresAt == at("2026-12-21 15:00"))
        #expect(first.messages.first?.text == "王女士您好，您的光子嫩肤疗程第2次在12月21日（周一）15:00，请准时到店。")
        let middle = FollowUpPlanner.plan(visit: visit(3, next: "2027-01-18 15:00"), customer: customer, protocols: [proto], clinic: "",
                                          windows: [:], now: at("2026-11-23 15:00"))
        #expect(middle.tasks.isEmpty)
        #expect(middle.messages.map(\.kind) == ["course.next-session"])
        let last = FollowUpPlanner.plan(visit: visit(5, next: nil), customer: customer, protocols: [proto], clinic: "", windows: [:],
                                        now: at("2026-11-23 15:00"))
        #expect(last.tasks.count == 2)
        #expect(last.messages.isEmpty)
    }

    @Test("R-FU-6 a second surgery or repair within the year replaces the earlier plan's pending steps; a later one does not")
    func surgeryShift() {
        let proto = FollowUpProtocol(id: "surgery", services: ["surgery", "repair"], steps: [step("m1", "1 month"), step("m12", "12 months")],
                                     restartWithinDays: 365)
        let first = Visit(id: 20, customerId: 7, service: "surgery", staff: "王主任", endedAt: at("2026-01-10 10:00"), amountMinor: 0)
        let repair = Visit(id: 21, customerId: 7, service: "repair", staff: "王主任", endedAt: at("2026-06-01 10:00"), amountMinor: 0)
        let plan = FollowUpPlanner.plan(visit: repair, customer: customer, protocols: [proto], clinic: "", windows: [:],
                                        now: at("2026-06-01 10:00"), earlier: [first])
        #expect(plan.replaces == ["followup:20:surgery:"])
        #expect(plan.tasks.map(\.dueAt) == [at("2026-07-01 00:00"), at("2027-06-01 00:00")], "the year counts from the repair")
        let muchLater = Visit(id: 22, customerId: 7, service: "surgery", staff: "王主任", endedAt: at("2027-03-01 10:00"), amountMinor: 0)
        #expect(FollowUpPlanner.plan(visit: muchLater, customer: customer, protocols: [proto], clinic: "", windows: [:],
                                     now: at("2027-03-01 10:00"), earlier: [first]).replaces.isEmpty)
        let laser = Visit(id: 23, customerId: 7, service: "laser", staff: "李", endedAt: at("2026-02-01 10:00"), amountMinor: 0)
        #expect(FollowUpPlanner.plan(visit: repair, customer: customer, protocols: [proto], clinic: "", windows: [:],
                                     now: at("2026-06-01 10:00"), earlier: [laser]).replaces.isEmpty, "only visits under the same protocol")
    }
}
