import Foundation
import HuifangControl
import HuifangTestSupport
import Testing

extension Integration {
    @Suite struct Reports {
        @Test("R-REP-1 R-REP-2 R-REP-3 R-REP-4 R-CMP-6 agenda, daily close, weekly summary and monthly plan from huifangctl, as JSON and tables")
        func reports() throws {
            let sink = try WebhookSink()
            let refusing = try WebhookSink()
            try refusing.setDefault(SinkReply(status: 400))
            let always = ["window = \"always\""]
            let daemon = DaemonHarness(
                channels: [("sms", sink.url("sms")), ("email", refusing.url("email")), ("staff-task", sink.url("staff-task"))],
                extra: FollowUps.protocols, channelSettings: ["sms": always, "email": always, "staff-task": always])
            try daemon.start()
            let customer = try daemon.ctl(["customer", "add", "--name", "王小梅", "--phone", "13800000000", "--email", "w@example.com"]).stdout.trimmed
            let visit = try daemon.ctlJSON(["visit", "add", "--customer", customer, "--service", "laser", "--staff", "李医生"])
            let twoHour = try #require(visit["tasks"]?.array?.first?["id"]?.int)

            let agenda = try #require(try daemon.ctlJSON(["report", "agenda"]).array)
            let service = try #require(agenda.first { $0["staff"]?.stringValue == "customer-service" })
            #expect(service["today"]?.array?.compactMap { $0["id"]?.int } == [twoHour])
            #expect(!agenda.contains { $0["staff"]?.stringValue == "李医生" }, "the day-3 call is not today's")
            let table = try daemon.ctl(["report", "agenda", "--staff", "customer-service"])
            #expect(table.stdout.contains("customer-service: 1 today, 0 overdue"), "\(table.stdout)")

            #expect(try daemon.ctl(["task", "done", "\(twoHour)", "--note", "已回访"]).status == 0)
            _ = try daemon.ctlJSON(["purchase", "add", "--customer", customer, "--amount", "1280.00"])
            _ = try daemon.ctlJSON(["complaint", "open", "--customer", customer, "--channel", "phone", "--content", "等候太久",
                                    "--cause", "waiting", "--service", "laser", "--staff", "李医生"])
            _ = try daemon.ctlJSON(["message", "schedule", "--customer", customer, "--channel", "email", "--text", "hi"])
            _ = try refusing.waitFor(count: 1)
            let deadline = Date().addingTimeInterval(10)
            var daily = try daemon.ctlJSON(["report", "daily"])
            while daily["failed_deliveries"]?.array?.isEmpty != false && Date() < deadline {
                usleep(100_000)
                daily = try daemon.ctlJSON(["report", "daily"])
            }
            let completion = try #require(daily["completion"]?.array?.first { $0["staff"]?.stringValue == "customer-service" })
            // The 2-hour call (done) and the complaint's first response (open).
            #expect(completion["due"]?.int == 2 && completion["done"]?.int == 1 && completion["open"]?.int == 1, "\(completion)")
            #expect(completion["completion_rate"] == .number(0.5))
            #expect(daily["failed_deliveries"]?.array?.first?["channel"]?.stringValue == "email")
            #expect(daily["purchases"]?.int == 1 && daily["revenue"]?.stringValue == "1280.00")
            #expect(daily["complaints_past_deadline"]?.array?.isEmpty == true)
            #expect(daily["complaints"]?["received"]?.int == 1)
            #expect(daily["complaints"]?["by_cause"]?["waiting"]?.int == 1 && daily["complaints"]?["by_staff"]?["李医生"]?.int == 1)
            var zoned = Calendar(identifier: .gregorian)
            zoned.timeZone = TimeZone(identifier: "Asia/Shanghai")!
            let thisMonth = zoned.dateComponents([.year, .month], from: Date())
            let monthly = try daemon.ctlJSON(["report", "monthly", "--month", String(format: "%04d-%02d", thisMonth.year!, thisMonth.month!)])
            #expect(monthly["complaints"]?["by_service"]?["laser"]?.int == 1 && monthly["purchases"]?.int == 1)
            #expect(try daemon.ctl(["report", "daily"]).stdout.contains("failed deliveries: 1"))
            let bad = try daemon.ctl(["report", "daily", "--date", "2026-13-01"])
            #expect(bad.status == 65 && bad.stderr.contains("date"))

            let weekly = try daemon.ctlJSON(["report", "weekly"])
            #expect(weekly["purchases"]?.int == 1)
            #expect((weekly["next_month_plan"]?["followup.due"]?.int ?? 0) >= 1, "the day-3 call: \(weekly)")

            // The month the day-3 call falls in, as the daemon wrote its due time (local time):
            // guessing it from now + 3 days failed late in the evening near a month's end.
            let dayThree = try #require(visit["tasks"]?.array?.first { $0["assignee"]?.stringValue == "李医生" }?["due_at"]?.stringValue)
            let month = String(dayThree.prefix(7))
            let plan = try #require(try daemon.ctlJSON(["report", "plan", "--month", month]).array)
            #expect(plan.contains { $0["kind"]?.stringValue == "followup.due" && $0["channel"]?.stringValue == "staff-task" }, "\(month): \(plan)")
            #expect(try daemon.ctl(["report", "plan", "--month", "2020-01"]).stderr.contains("lies in the past"))
        }
    
        @Test("R-REP-4 the daily report, and on the weekly day the weekly one, reach the report channel once a day as signed webhooks carrying the JSON report")
        func scheduledReports() throws {
            let sink = try WebhookSink()
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
            let weekday = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"][calendar.component(.weekday, from: Date()) - 1]
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms")), ("report", sink.url("report"))],
                                       extra: "[reports]\ndaily_at = \"00:00\"\nweekly_day = \"\(weekday)\"\n")
            try daemon.start()
            let received = try sink.waitFor(count: 2)
            let types = Set(received.compactMap { $0.body?["type"]?.stringValue })
            #expect(types == ["report.daily", "report.weekly"])
            for hook in received {
                #expect(hook.path == "/report" && hook.verified)
                #expect(hook.body?["customer"]?["id"]?.int == 0, "the house account")
                #expect(hook.body?["data"]?["completion"] != nil && hook.body?["data"]?["revenue"]?.stringValue == "0.00")
                #expect(hook.body?["text"]?.stringValue?.contains("回访完成率") == true)
            }
            #expect(received.first { $0.body?["type"]?.stringValue == "report.weekly" }?.body?["data"]?["next_month_plan"] != nil)
            #expect(try #require(try daemon.ctlJSON(["customer", "list"]).array).isEmpty, "the house account is not a customer")

            // A restart the same day sends nothing again.
            #expect(daemon.stop() == 0)
            try daemon.start()
            _ = try daemon.ctlJSON(["status"])
            usleep(1_500_000)
            #expect(try sink.received().count == 2)
        }
    }
}
