import Foundation
import HuifangControl
import HuifangTestSupport
import Testing

extension Integration {
    @Suite struct FollowUps {
        /// Every visit: customer service calls within 2 hours (a task on the staff-task channel).
        static let twoHourCall = """
            [[protocols]]
            id = "cs"
            services = ["*"]
            [[protocols.steps]]
            id = "2h"
            at = "2h"
            channel = "staff-task"
            assignee = "customer-service"
            text = { zh-Hans = "请在2小时内回访{salutation}（{service}，{staff}）" }
            """

        static let protocols = twoHourCall + """

            [[protocols]]
            id = "laser"
            services = ["laser"]
            [[protocols.steps]]
            id = "day1"
            at = "day 1"
            channel = "sms"
            text = { zh-Hans = "{salutation}您好，术后请注意防晒。" }
            [[protocols.steps]]
            id = "day3"
            at = "day 3-5"
            channel = "staff-task"
            assignee = "doctor"
            text = { zh-Hans = "医生回访{salutation}" }
            """

        @Test("R-FU-1 R-FU-3 R-FU-9 R-FU-10 R-CUS-3 a laser visit plans its tasks at once; no-answer and abnormal outcomes do what the manual says")
        func laserVisitWalkthrough() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(
                channels: [("sms", sink.url("sms")), ("staff-task", sink.url("staff-task"))], extra: Self.protocols,
                channelSettings: ["sms": ["window = \"always\""], "staff-task": ["window = \"always\""]])
            try daemon.start()
            let customer = try daemon.ctl(["customer", "add", "--name", "王小梅", "--phone", "13800000000", "--gender", "female"]).stdout.trimmed

            let visit = try daemon.ctlJSON(["visit", "add", "--customer", customer, "--service", "laser", "--staff", "李医生",
                                            "--amount", "1280.00"])
            #expect(visit["amount"]?.stringValue == "1280.00")
            let tasks = try #require(visit["tasks"]?.array)
            #expect(tasks.compactMap { $0["step"]?.stringValue } == ["cs/2h", "laser/day3"])
            #expect(tasks.compactMap { $0["assignee"]?.stringValue } == ["customer-service", "李医生"])
            #expect(visit["messages"]?.array?.count == 1, "the day-1 SMS")
            let twoHour = try #require(tasks.first?["id"]?.int)
            let dayThree = try #require(tasks.last?["id"]?.int)

            // The 2-hour task is due now: its notice reaches the staff-task gateway.
            let first = try #require(try sink.waitFor(count: 1).first)
            #expect(first.path == "/staff-task")
            #expect(first.body?["type"]?.stringValue == "followup.due")
            #expect(first.body?["text"]?.stringValue == "请在2小时内回访王女士（laser，李医生）（电话 138 0000 0000）", "whom to call")
            #expect(first.body?["data"]?["customer_name"]?.stringValue == "王小梅")
            #expect(first.body?["data"]?["phone"]?.stringValue == "+8613800000000")
            #expect(first.body?["data"]?["service"]?.stringValue == "laser", "what the task is about")
            #expect(first.body?["data"]?["visit_at"]?.stringValue != nil)
            #expect(first.body?["data"]?["task_id"]?.int == twoHour)
            #expect(first.body?["data"]?["assignee"]?.stringValue == "customer-service")

            let today = try #require(try daemon.ctlJSON(["task", "list", "--due", "today", "--staff", "customer-service"]).array)
            #expect(today.compactMap { $0["id"]?.int } == [twoHour])
            #expect(today.first?["service"]?.stringValue == "laser" && today.first?["visit_at"]?.stringValue != nil,
                    "the list says what the task is about")
            let forecast = try #require(try daemon.ctlJSON(["forecast", "--customer", customer, "--days", "3"]).array)
            #expect(forecast.contains { $0["kind"]?.stringValue == "followup.due" && $0["channel"]?.stringValue == "sms" && $0["source"]?.stringValue == "queued" })

            // R-FU-9: no answer: a call-back SMS at once, two consultant tasks.
            #expect(try daemon.ctl(["task", "no-answer", "\(twoHour)", "--note", "无人接听"]).stdout.trimmed == "task \(twoHour) no-answer")
            let callBack = try sink.waitFor(count: 2).first { $0.path == "/sms" }
            #expect(callBack?.body?["text"]?.stringValue == "王女士您好，Huifang刚才致电回访未能接通，方便时请回电，谢谢！")
            let consultant = try #require(try daemon.ctlJSON(["task", "list", "--staff", "consultant"]).array)
            #expect(consultant.count == 2)

            // R-FU-10: abnormal: urgent tasks for the treating doctor and the department head, sent at once.
            #expect(try daemon.ctl(["task", "abnormal", "\(dayThree)", "--note", "起水泡"]).status == 0)
            let urgent = try sink.waitFor(count: 4).filter { $0.body?["type"]?.stringValue == "followup.abnormal" }
            #expect(Set(urgent.compactMap { $0.body?["data"]?["assignee"]?.stringValue }) == ["李医生", "department-head"])
            #expect(urgent.allSatisfy { $0.body?["data"]?["urgent"] == .bool(true) })
            let doctorTasks = try #require(try daemon.ctlJSON(["task", "list", "--staff", "李医生"]).array)
            #expect(doctorTasks.first?["urgent"] == .bool(true))

            // R-CUS-3: both outcomes are contact records.
            let contacts = try #require(try daemon.ctlJSON(["customer", "contacts", customer]).array)
            #expect(contacts.compactMap { $0["outcome"]?.stringValue } == ["abnormal", "no-answer"])
            #expect(contacts.compactMap { $0["note"]?.stringValue } == ["起水泡", "无人接听"])

            let again = try daemon.ctl(["task", "done", "\(twoHour)"])
            #expect(again.status == 65)
            #expect(again.stderr.contains("already no-answer"))
            let badAmount = try daemon.ctl(["visit", "add", "--customer", customer, "--service", "laser", "--staff", "李", "--amount", "12.345"])
            #expect(badAmount.status == 65)
            #expect(badAmount.stderr.contains("amount"))
        }

        @Test("R-FU-6 a repair within the year cancels the earlier surgery plan's open tasks and plans the year anew")
        func surgeryRepairShiftsThePlan() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("staff-task", sink.url("staff-task"))], extra: """
                [[protocols]]
                id = "surgery"
                services = ["surgery", "repair"]
                restart_within_days = 365
                [[protocols.steps]]
                id = "m1"
                at = "1 month"
                channel = "staff-task"
                assignee = "doctor"
                text = { zh-Hans = "术后1个月复查{salutation}" }
                """)
            try daemon.start()
            let customer = try daemon.ctl(["customer", "add", "--name", "周九", "--phone", "13800000000"]).stdout.trimmed
            let surgery = try daemon.ctlJSON(["visit", "add", "--customer", customer, "--service", "surgery", "--staff", "王主任",
                                              "--at", iso(Date().addingTimeInterval(-20 * 86_400))])
            let oldTask = try #require(surgery["tasks"]?.array?.first?["id"]?.int)
            let repair = try daemon.ctlJSON(["visit", "add", "--customer", customer, "--service", "repair", "--staff", "王主任"])
            let newTask = try #require(repair["tasks"]?.array?.first?["id"]?.int)
            let open = try #require(try daemon.ctlJSON(["task", "list", "--staff", "王主任"]).array)
            #expect(open.compactMap { $0["id"]?.int } == [newTask], "the earlier plan's task is replaced")
            #expect(oldTask != newTask)
            let bad = try daemon.ctl(["visit", "add", "--customer", customer, "--service", "laser", "--staff", "李",
                                      "--course", "光子", "--session", "6", "--sessions", "5"])
            #expect(bad.status == 65)
            #expect(bad.stderr.contains("session"))
        }
    }
}
