import Foundation
import HuifangCore
import Testing

@Suite struct ServiceCatalogueTests {
    let catalogue = ServiceCatalogue([
        ServiceEntry(id: "laser", names: [.zhHans: "光子嫩肤", .en: "IPL photorejuvenation"], aliases: ["激光", "Laser", "光子"],
                     category: "skin", protocols: ["laser"]),
        ServiceEntry(id: "hydra", names: [.zhHans: "水光针"], aliases: ["水光"], category: "injection", protocols: ["injection"]),
        ServiceEntry(id: "checkup", names: [.zhHans: "口腔检查"], category: "dental"),
    ])

    @Test("R-BIZ-1 a service is found by id, display name or alias, with case, width and spaces folded", arguments: [
        ("laser", "laser"), ("LASER", "laser"), ("Ｌａｓｅｒ", "laser"), ("光子嫩肤", "laser"), ("激光", "laser"), (" 光 子 ", "laser"),
        ("IPL Photorejuvenation", "laser"), ("水光", "hydra"), ("hydra", "hydra"), ("口腔检查", "checkup"),
    ])
    func lookup(text: String, id: String) {
        #expect(catalogue.lookup(text) == .found(catalogue.entry(id: id)!))
    }

    @Test("R-BIZ-1 an unknown service is answered with the closest ones")
    func unknown() {
        guard case .unknown(let suggestions) = catalogue.lookup("激光美容") else {
            Issue.record("激光美容 is no service")
            return
        }
        #expect(suggestions.first?.id == "laser")
        guard case .unknown(let none) = catalogue.lookup("宠物洗澡") else { return }
        #expect(none.isEmpty)
    }

    @Test("R-BIZ-1 customers read display names in their language; the catalogue decides which protocols a service starts")
    func namesAndProtocols() {
        #expect(catalogue.displayName("laser", .zhHans) == "光子嫩肤")
        #expect(catalogue.displayName("laser", .en) == "IPL photorejuvenation")
        #expect(catalogue.displayName("hydra", .en) == "水光针", "no English name: the Chinese one")
        #expect(catalogue.displayName("洗牙（外院）", .zhHans) == "洗牙（外院）", "an unlisted service as written")
        let generic = FollowUpProtocol(id: "every-visit", services: ["*"], steps: [])
        let laser = FollowUpProtocol(id: "laser", services: [], steps: [])
        #expect(catalogue.starts(laser, for: "laser"))
        #expect(!catalogue.starts(generic, for: "checkup"), "a check-up starts no protocol it does not name")
        #expect(!catalogue.starts(laser, for: "洗牙（外院）"))
        #expect(ServiceCatalogue().starts(generic, for: "anything"), "without a catalogue, protocols match by name")
    }

    @Test("R-FU one call per step per customer per day: a second service's repeat folds into the open task")
    func sameDay() {
        let zone = TimeZone(identifier: "Asia/Shanghai")!
        let now = Date(timeIntervalSince1970: 1_795_831_200)   // 2026-11-28 10:00 +08:00
        let open = StaffTask(id: 9, kind: MessageKind.followUpDue, customerId: 7, visitId: 1, step: "generic/2h", assignee: "customer-service",
                             text: "回访", urgent: true, dueAt: now.addingTimeInterval(7200), overdueAt: now.addingTimeInterval(86_400),
                             status: .open, note: nil, closedAt: nil, messageId: nil)
        var plan = FollowUpPlan()
        plan.tasks = [
            PlannedTask(kind: MessageKind.followUpDue, customerId: 7, visitId: 2, step: "generic/2h", assignee: "customer-service",
                        dueAt: now.addingTimeInterval(7300), overdueAt: now.addingTimeInterval(86_400), text: "回访", dedupeKey: "followup:2:generic:2h"),
            PlannedTask(kind: MessageKind.followUpDue, customerId: 7, visitId: 2, step: "generic/day3", assignee: "customer-service",
                        dueAt: now.addingTimeInterval(3 * 86_400), overdueAt: now.addingTimeInterval(4 * 86_400), text: "回访", dedupeKey: "followup:2:generic:day3"),
        ]
        let (kept, folds) = SameDaySteps.split(plan, openTasks: [open], queued: [], zone: zone)
        #expect(folds.map(\.into.id) == [9])
        #expect(kept.tasks.map(\.step) == ["generic/day3"])
    }
}
