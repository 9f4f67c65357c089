import Foundation
import HuifangControl
import HuifangStore
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
            #expect(table.stdout.contains("customer-service: 1 today, 0 overdue") && table.stdout.contains("王小梅"), "whom to call: \(table.stdout)")

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
            let dailyTable = try daemon.ctl(["report", "daily"]).stdout
            #expect(dailyTable.contains("failed deliveries: 1"))
            #expect(daily["failed_deliveries"]?.array?.first?["customer_name"]?.stringValue == "王小梅")
            #expect(dailyTable.contains("王小梅"), "the failed delivery names its customer: \(dailyTable)")
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
    
        @Test("R-REP-3 a chain's plans are whole: the weekly plan counts all of 100,001 queued messages, and a later month's plan is not crowded out by them")
        func plansOfAChain() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])
            try daemon.start()
            let customer = try #require(Int64(try daemon.ctl(["customer", "add", "--name", "王小梅", "--phone", "13800000000"]).stdout.trimmed))
            // A month whose first day lies beyond the weekly plan's 31 days, and one message
            // on its 15th; before it, 100,001 messages queued for tomorrow (a holiday morning
            // of a chain), written straight into the store.
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
            let later = calendar.dateComponents([.year, .month], from: Date().addingTimeInterval(62 * 86_400))
            let month = String(format: "%04d-%02d", later.year!, later.month!)
            let fifteenth = try #require(calendar.date(from: DateComponents(year: later.year, month: later.month, day: 15, hour: 10)))
            let now = Date().unixMillis, tomorrow = Date().addingTimeInterval(86_400).unixMillis
            let store = try SQLiteStore(path: daemon.storePath)
            try store.write { db in
                try db.execute("""
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100001)
                    INSERT INTO messages (id, dedupe_key, kind, customer_id, channel, text, locale, data, due_at, status, created_at, updated_at)
                    SELECT printf('msg_SOON%021d', i), 'soon:' || i, 'message.manual', ?, 'sms', '您好', 'zh-Hans', '{}', ?, 'pending', ?, ?
                      FROM n
                    """, customer, tomorrow, now, now)
                try db.execute("""
                    INSERT INTO messages (id, dedupe_key, kind, customer_id, channel, text, locale, data, due_at, status, created_at, updated_at)
                    VALUES ('msg_LATER', 'later:1', 'message.manual', ?, 'sms', '王女士您好，下月见', 'zh-Hans', '{}', ?, 'pending', ?, ?)
                    """, customer, fifteenth.unixMillis, now, now)
            }

            let weekly = try daemon.ctlJSON(["report", "weekly"])
            #expect(weekly["next_month_plan"]?["message.manual"]?.int == 100_001, "every queued message, not the first 100,000")
            let plan = try #require(try daemon.ctlJSON(["report", "plan", "--month", month]).array)
            #expect(plan.map { $0["message_id"]?.stringValue } == ["msg_LATER"], "\(month): \(plan.prefix(3))")
            #expect(plan.first?["customer_name"]?.stringValue == "王小梅" && plan.first?["due_at"]?.stringValue?.hasPrefix("\(month)-15T10:00:00") == true)
            #expect(try sink.received().isEmpty, "nothing is due yet")
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

        @Test("R-REP-2 R-REP-3 a branch's report counts the branch's own days: a day of the Berlin branch is Berlin's midnight to midnight, 今天 is Berlin's today; a month likewise")
        func branchDays() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))], extra: """
                [[branches]]
                id = "pudong"
                name = "回访口腔（浦东店）"

                [[branches]]
                id = "berlin"
                name = "回访口腔（柏林店）"
                time_zone = "Europe/Berlin"
                """)
            // 03:00 in Shanghai is 20:00 of the day before in Berlin.
            let clock = ClockOffset(toNext: 3, 0)
            try daemon.start(environment: clock.environment)
            func instants(_ args: [String]) throws -> (Date?, Date?) {
                let report = try daemon.ctlJSON(["report"] + args)
                return (report["from"]?.stringValue.flatMap(LocalTimeText.parse), report["to"]?.stringValue.flatMap(LocalTimeText.parse))
            }
            let berlinDay = try instants(["daily", "--branch", "berlin", "--date", "2026-11-20"])
            #expect(berlinDay.0 == Date(timeIntervalSince1970: 1_795_129_200), "2026-11-20 00:00 in Berlin (UTC+1): \(String(describing: berlinDay.0))")
            #expect(berlinDay.1 == Date(timeIntervalSince1970: 1_795_215_600))
            let chainDay = try instants(["daily", "--date", "2026-11-20"])
            #expect(chainDay.0 == Date(timeIntervalSince1970: 1_795_104_000), "2026-11-20 00:00 in Shanghai (UTC+8)")
            #expect(try instants(["daily", "--branch", "pudong", "--date", "2026-11-20"]).0 == chainDay.0)
            let month = try instants(["monthly", "--branch", "berlin", "--month", "2026-11"])
            #expect(month.0 == Date(timeIntervalSince1970: 1_793_487_600), "2026-11-01 00:00 in Berlin")
            // 今天 is the branch's today.
            func midnight(_ zone: String) -> Date {
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = TimeZone(identifier: zone)!
                return calendar.startOfDay(for: clock.now)
            }
            #expect(try instants(["daily", "--branch", "berlin", "--date", "今天"]).0 == midnight("Europe/Berlin"))
            #expect(try instants(["daily", "--date", "今天"]).0 == midnight("Asia/Shanghai"))
            #expect(midnight("Europe/Berlin") < midnight("Asia/Shanghai"), "Berlin is still on the day before")
            #expect(daemon.stop() == 0)
        }

        @Test("R-REP-4 a branch with a report_channel also gets its own daily report there: its customers' figures, headed by its name, once a day")
        func branchReports() throws {
            let sink = try WebhookSink()
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
            // Not today: the daily reports only.
            let weekday = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"][calendar.component(.weekday, from: Date()) % 7]
            let channels = [("sms", sink.url("sms")), ("report", sink.url("report")), ("report-pudong", sink.url("report-pudong"))]
            func branches(deliver: Bool) -> String {
                TwoBranchesConfig.toml(pudongReports: "report-pudong") + """
                [reports]
                deliver = \(deliver)
                daily_at = "00:00"
                weekly_day = "\(weekday)"
                """
            }
            let daemon = DaemonHarness(channels: channels, extra: branches(deliver: false))
            try daemon.start()
            let west = try daemon.ctl(["customer", "add", "--name", "徐汇客人", "--phone", "13800000002", "--branch", "xuhui"]).stdout.trimmed
            #expect(try daemon.ctl(["complaint", "open", "--customer", west, "--channel", "phone", "--content", "等候太久"]).status == 0)
            #expect(daemon.stop() == 0)

            daemon.writeConfig(channels: channels, extra: branches(deliver: true))
            try daemon.start()
            let received = try sink.waitFor(count: 2)
            let chain = try #require(received.first { $0.path == "/report" })
            let pudong = try #require(received.first { $0.path == "/report-pudong" })
            for hook in [chain, pudong] {
                #expect(hook.verified && hook.body?["type"]?.stringValue == "report.daily")
                #expect(hook.body?["customer"]?["id"]?.int == 0, "the house account")
            }
            #expect(chain.body?["data"]?["branch"] == nil && chain.body?["data"]?["complaints"]?["received"]?.int == 1)
            #expect(pudong.body?["data"]?["branch"]?.stringValue == "pudong")
            #expect(pudong.body?["data"]?["complaints"]?["received"]?.int == 0, "徐汇's complaint is not 浦东's")
            #expect(pudong.body?["text"]?.stringValue?.hasPrefix("回访口腔（浦东店）日报 ") == true, "\(pudong.body?["text"] ?? nil)")
            #expect(chain.body?["text"]?.stringValue?.hasPrefix("日报 ") == true)

            // A restart the same day sends neither again.
            #expect(daemon.stop() == 0)
            try daemon.start()
            _ = try daemon.ctlJSON(["status"])
            usleep(1_500_000)
            #expect(try sink.received().count == 2)
        }
    }
}
