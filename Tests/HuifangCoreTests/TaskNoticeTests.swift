import Foundation
import HuifangCore
import Testing

@Suite struct TaskNoticeTests {
    @Test("R-FU-8 a task's notice is planned before the write and made from the written task: its id, assignee, step and deadline")
    func noticeFromTask() throws {
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        let task = StaffTask(id: 42, kind: MessageKind.followUpDue, customerId: 7, visitId: 3, step: "laser/day3", assignee: "张护士",
                             text: "术后第三天回访：王小梅", urgent: false, dueAt: now, overdueAt: now.addingTimeInterval(86_400),
                             status: .open, note: nil, closedAt: nil, messageId: nil)
        let message = TaskNotice(locale: .zhHans).message(for: task, now: now)
        #expect(message.dedupeKey == "task:42")
        #expect(message.channel == ChannelName.staffTask && message.customerId == 7 && message.text == task.text)
        #expect(message.category == .transactional, "a notice to staff is not marketing")
        #expect(message.windowed, "an ordinary task's notice waits for the window")
        let data = try #require(try JSONSerialization.jsonObject(with: Data(message.dataJSON.utf8)) as? [String: Any])
        #expect(data["task_id"] as? Int == 42)
        #expect(data["assignee"] as? String == "张护士")
        #expect(data["overdue_at"] as? String == "2026-09-22T14:13:20.000Z")
        var urgent = task
        urgent.urgent = true
        #expect(!TaskNotice(locale: .zhHans).message(for: urgent, now: now).windowed, "an urgent task's notice goes at once")
    }

    @Test("R-FU-8 R-PPL-3 the notice names whom to call: the name, the salutation when it says more, the phone, unless the task's text has them")
    func whomToCall() {
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        let task = StaffTask(id: 42, kind: MessageKind.followUpDue, customerId: 7, visitId: nil, step: "manual", assignee: "张护士",
                             text: "问问效果", urgent: false, dueAt: now, overdueAt: now.addingTimeInterval(86_400),
                             status: .open, note: nil, closedAt: nil, messageId: nil)
        var woman = Customer(id: 7, name: "王小梅", createdAt: now)
        woman.gender = .female
        woman.phone = "+8613800000001"
        let notice = TaskNotice(locale: .zhHans, customer: woman).message(for: task, now: now)
        #expect(notice.text == "问问效果（客户：王小梅（王女士），电话 138 0000 0001）", "the phone as staff read it")
        #expect(notice.dataJSON.contains(#""phone":"+8613800000001""#), "the gateway's data keeps E.164: \(notice.dataJSON)")
        #expect(TaskNotice(locale: .zhHans, customer: woman, region: "HK").message(for: task, now: now).text.hasSuffix("电话 +86 138 0000 0001）"),
                "in a Hong Kong clinic, a mainland mobile with its country code")
        // Gender unknown: greeted by name, and the name is not said twice.
        let unknown = Customer(id: 7, name: "徐汇客人", createdAt: now)
        #expect(TaskNotice(locale: .zhHans, customer: unknown).message(for: task, now: now).text == "问问效果（客户：徐汇客人）")
    }
}
