import Foundation
import HuifangCore
@testable import HuifangDaemon
import HuifangTestSupport
import Testing

/// The protocols shipped in config/huifang.toml, planned for real visits.
@Suite struct ShippedProtocolsTests {
    let config = try! HuifangConfig.load(path: TestPaths.packageRoot.appendingPathComponent("config/huifang.toml").path)
    let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    let customer = Customer(id: 1, name: "王小梅", gender: .female, phone: "13800000000", createdAt: Date(timeIntervalSince1970: 0))

    func at(_ text: String) -> Date {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = shanghai
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.date(from: text)!
    }

    func plan(_ service: String) -> FollowUpPlan {
        let visit = Visit(id: 1, customerId: 1, service: service, staff: "李医生", endedAt: at("2026-11-23 15:00"), amountMinor: 0)
        return FollowUpPlanner.plan(visit: visit, customer: customer, protocols: config.protocols, clinic: config.service.name,
                                    windows: config.channelWindows(), now: at("2026-11-23 15:00"))
    }

    @Test("R-FU-1 R-FU-2 every visit: customer service within 2 h, day 3, day 7; the consultant within a day and once between day 2 and 30")
    func everyVisit() {
        let tasks = plan("massage").tasks
        #expect(tasks.map(\.step) == ["customer-service/2h", "customer-service/day3", "customer-service/day7", "consultant/day1", "consultant/month"])
        let consultant = tasks.filter { $0.assignee == "consultant" }
        #expect(consultant.map(\.overdueAt) == [at("2026-11-24 15:00"), at("2026-12-24 00:00")])
        #expect(consultant.last?.dueAt == at("2026-11-25 00:00"))
    }

    @Test("R-FU-4 hair removal, radio-frequency, anti-ageing: day 1 message, day 7-10 call")
    func energyDevices() {
        let p = plan("radio-frequency")
        #expect(p.messages.map(\.dedupeKey) == ["followup:1:energy:day1"])
        #expect(p.messages.first?.dueAt == at("2026-11-24 09:00"))
        #expect(p.tasks.contains { $0.step == "energy/day7" && $0.dueAt == at("2026-11-30 00:00") && $0.overdueAt == at("2026-12-04 00:00") })
    }

    @Test("R-FU-5 injectables: day 1, day 7-10, 1, 3 and 6 months")
    func injectables() {
        let steps = plan("botox").tasks.filter { $0.step.hasPrefix("injectables/") }
        #expect(steps.map(\.dueAt) == [at("2026-11-24 00:00"), at("2026-11-30 00:00"), at("2026-12-23 00:00"),
                                        at("2027-02-23 00:00"), at("2027-05-23 00:00")])
    }

    @Test("R-FU-6 surgery: the whole first year at once — day 1, stitches day 7-10, 1, 3, 6 and 12 months")
    func surgery() {
        let steps = plan("surgery").tasks.filter { $0.step.hasPrefix("surgery/") }
        #expect(steps.map(\.step) == ["surgery/day1", "surgery/stitches", "surgery/m1", "surgery/m3", "surgery/m6", "surgery/m12"])
        #expect(steps.last?.dueAt == at("2027-11-23 00:00"))
        #expect(steps.first { $0.step == "surgery/stitches" }?.assignee == "front-desk")
    }

    @Test("R-FU-8 dental recall after 6 months; grooming: how is your pet the next day, rebooking after 6 weeks")
    func dentalAndGrooming() {
        #expect(plan("dental-checkup").messages.first { $0.dedupeKey.contains("dental:recall") }?.dueAt == at("2027-05-23 09:00"))
        let grooming = plan("grooming").messages.filter { $0.dedupeKey.contains(":grooming:") }
        #expect(grooming.map(\.dueAt) == [at("2026-11-24 09:00"), at("2027-01-04 09:00")])
        #expect(grooming.first?.text == "王女士您好，宝贝美容后还好吗？有任何问题欢迎联系示范诊所。")
    }
}
