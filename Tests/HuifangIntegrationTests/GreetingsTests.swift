import Foundation
import HuifangControl
import HuifangCore
import HuifangTestSupport
import Testing

extension Integration {
    @Suite struct Greetings {
        let shanghai = TimeZone(identifier: "Asia/Shanghai")!

        private func local(_ date: Date, _ format: String, _ zone: TimeZone) -> String {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = zone
            formatter.dateFormat = format
            return formatter.string(from: date)
        }

        /// A birth date in 1990 (1992 for 29 February) on the month and day of `date` in Shanghai.
        private func birthday(on date: Date) -> String {
            let monthDay = local(date, "MM-dd", shanghai)
            return (monthDay == "02-29" ? "1992-" : "1990-") + monthDay
        }

        @Test("R-TIME-2 R-TIME-5 a birthday today is greeted once, in Chinese, and not again after a restart")
        func birthdayToday() throws {
            let sink = try WebhookSink()
            let now = Date()
            let daemon = DaemonHarness(
                channels: [("sms", sink.url("sms"))],
                extra: "[greetings]\nbirthday_time = \"\(local(now, "HH:mm", shanghai))\"\n",
                channelSettings: ["sms": ["window = \"always\""]])
            try daemon.start()
            let id = try daemon.ctl(["customer", "add", "--name", "王小梅", "--phone", "13800000000",
                                     "--birthday", birthday(on: now)]).stdout.trimmed
            let hooks = try sink.waitFor(count: 1, timeout: 10)
            let greeting = try #require(hooks.first)
            #expect(greeting.verified)
            #expect(greeting.body?["type"]?.stringValue == "birthday.greeting")
            // No gender given: addressed by full name; the harness config names no clinic.
            #expect(greeting.body?["text"]?.stringValue == "王小梅，Huifang祝您生日快乐，身体健康，万事如意！")
            #expect(greeting.body?["customer"]?["id"]?.int == Int(id))

            #expect(daemon.stop() == 0)
            try daemon.start()
            usleep(1_500_000)
            #expect(try sink.count() == 1, "the planner ran again at start; the dedupe key kept it from repeating")
            let delivered = try #require(try daemon.ctlJSON(["message", "list", "--status", "delivered"]).array)
            #expect(delivered.count == 1)
        }

        @Test("R-TIME-2 admin plan-now runs the planners at once and says what they read: a customer changed since is read, nobody else")
        func planNow() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])
            try daemon.start()
            for index in 0..<20 {
                #expect(try daemon.ctl(["customer", "add", "--name", "客户\(index)", "--phone", "1380000\(String(format: "%04d", index))",
                                        "--birthday", "1990-\(local(Date().addingTimeInterval(100 * 86_400), "MM-dd", shanghai))"]).status == 0)
            }
            _ = try daemon.ctlJSON(["admin", "plan-now"])
            let idle = try daemon.ctlJSON(["admin", "plan-now"])
            #expect(idle["greetings_read"]?.int == 0 && idle["retention_read"]?.int == 0 && idle["membership_read"]?.int == 0, "\(idle)")
            #expect(try daemon.ctl(["customer", "edit", "1", "--birthday", birthday(on: Date().addingTimeInterval(86_400))]).status == 0)
            let edited = try daemon.ctlJSON(["admin", "plan-now"])
            #expect(edited["greetings_read"]?.int ?? 0 <= 1, "the edit is read (unless the planner woken by it read it first): \(edited)")
            let shown = try daemon.ctl(["admin", "plan-now"]).stdout
            #expect(shown.contains("greetings: read 0 customers, planned 0 messages in "), "\(shown)")
            #expect(shown.contains("retention: read 0 customers in "), "\(shown)")
            #expect(shown.contains("memberships: read 0 accounts in "), "\(shown)")
            #expect(try daemon.ctlJSON(["message", "list"]).array?.count == 1, "the edited birthday is tomorrow: one greeting, planned once")
        }

        @Test("R-TIME-4 R-DLV-7 forecast --json lists queued and planned messages with kind, customer, channel and due_at with offset")
        func forecastContract() throws {
            let sink = try WebhookSink()
            let now = Date()
            let inTen = now.addingTimeInterval(10 * 86_400)
            let inFive = now.addingTimeInterval(5 * 86_400)
            let lunarDay = ChineseCalendar.lunar(of: LocalDate(iso: local(now.addingTimeInterval(7 * 86_400), "yyyy-MM-dd", shanghai))!)
            let lunar = String(format: "%02d-%02d", lunarDay.month, min(lunarDay.day, 29))
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))], extra: """
                [[holidays]]
                id = "clinic-day"
                date = "\(local(inFive, "MM-dd", shanghai))"
                time = "09:30"
                name = { zh-Hans = "店庆日", en = "Clinic Day" }

                [[holidays]]
                id = "lunar-test"
                lunar = "\(lunar)"
                audience = "tag:vip"
                name = { zh-Hans = "测试节" }
                """)
            try daemon.start()
            let vip = try daemon.ctl(["customer", "add", "--name", "王小梅", "--phone", "13800000000",
                                      "--birthday", birthday(on: inTen), "--tag", "vip"]).stdout.trimmed
            let other = try daemon.ctl(["customer", "add", "--name", "Anna Smith", "--phone", "13800000001",
                                        "--locale", "en", "--tz", "Europe/Berlin"]).stdout.trimmed
            _ = try daemon.ctlJSON(["message", "schedule", "--customer", vip, "--channel", "sms", "--text", "复诊提醒",
                                    "--at", iso(now.addingTimeInterval(3 * 86_400))])

            let entries = try #require(try daemon.ctlJSON(["forecast", "--days", "30"]).array)
            func find(_ kind: String, _ customer: String) -> [JSONValue] {
                entries.filter { $0["kind"]?.stringValue == kind && $0["customer"]?.int == Int(customer) }
            }
            let birthdayEntry = try #require(find("birthday.greeting", vip).first)
            #expect(birthdayEntry["channel"]?.stringValue == "sms")
            #expect(birthdayEntry["due_at"]?.stringValue == "\(local(inTen, "yyyy-MM-dd", shanghai))T10:00:00+08:00")
            #expect(birthdayEntry["source"]?.stringValue == "planned")
            #expect(find("holiday.greeting", vip).count == 2, "clinic day for all, the lunar one for the vip tag")
            let berlin = try #require(find("holiday.greeting", other).first)
            // The holiday's date is the clinic's (Shanghai) date; Berlin keeps it at 09:30 its own time.
            #expect(berlin["due_at"]?.stringValue?.hasPrefix("\(local(inFive, "yyyy-MM-dd", shanghai))T09:30:00+0") == true, "\(berlin)")
            #expect(berlin["text"]?.stringValue == "Huifang wishes you a happy Clinic Day, Anna Smith!")
            #expect(find("holiday.greeting", other).count == 1, "not in the vip audience")
            let queued = try #require(find("message.manual", vip).first)
            #expect(queued["source"]?.stringValue == "queued")
            let dues = entries.compactMap { $0["due_at"]?.stringValue }
            #expect(dues.allSatisfy { $0.count == 25 && ($0.hasSuffix("+08:00") || $0.contains("+01:00") || $0.contains("+02:00")) })

            let mine = try #require(try daemon.ctlJSON(["forecast", "--customer", other, "--days", "30"]).array)
            #expect(mine.allSatisfy { $0["customer"]?.int == Int(other) })
            #expect(try daemon.ctl(["forecast", "--days", "0"]).status == 64)
        }

        @Test("R-TIME-2 R-TIME-4 the whole clinic's forecast plans only the customers whose next occasion comes in the range (the planner's marks); an edit counts at once; queued messages keep their customers' names")
        func forecastByMarks() throws {
            let sink = try WebhookSink()
            let now = Date()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])
            try daemon.start()
            let soon = try daemon.ctl(["customer", "add", "--name", "王小梅", "--phone", "13800000000",
                                       "--birthday", birthday(on: now.addingTimeInterval(10 * 86_400))]).stdout.trimmed
            let later = try daemon.ctl(["customer", "add", "--name", "李春兰", "--phone", "13800000001",
                                        "--birthday", birthday(on: now.addingTimeInterval(200 * 86_400))]).stdout.trimmed
            let none = try daemon.ctl(["customer", "add", "--name", "赵敏", "--phone", "13800000002"]).stdout.trimmed
            _ = try daemon.ctlJSON(["admin", "plan-now"])
            #expect(try daemon.ctlJSON(["admin", "plan-now"])["greetings_read"]?.int == 0, "every mark is worked out")
            _ = try daemon.ctlJSON(["message", "schedule", "--customer", none, "--channel", "sms", "--text", "复诊提醒",
                                    "--at", iso(now.addingTimeInterval(3 * 86_400))])

            func birthdays(_ days: Int) throws -> [Int] {
                try #require(try daemon.ctlJSON(["forecast", "--days", "\(days)"]).array)
                    .filter { $0["kind"]?.stringValue == "birthday.greeting" }.compactMap { $0["customer"]?.int }
            }
            #expect(try birthdays(30) == [Int(soon)!])
            #expect(try birthdays(250) == [Int(soon)!, Int(later)!], "a range past her mark reaches her")
            let queued = try #require(try daemon.ctlJSON(["forecast", "--days", "30"]).array?.first { $0["kind"]?.stringValue == "message.manual" })
            #expect(queued["customer_name"]?.stringValue == "赵敏", "no occasion of her own, her queued message still names her")

            // Her birthday moved to five days from now: the edit makes her mark due, and the
            // forecast has her at once (planned, or queued if the planner it woke came first).
            #expect(try daemon.ctl(["customer", "edit", later, "--birthday", birthday(on: now.addingTimeInterval(5 * 86_400))]).status == 0)
            #expect(Set(try birthdays(30)) == [Int(soon)!, Int(later)!])
        }

        @Test("R-CUS-4 an opt-out stops queued non-essential messages at once; essential ones still go; opt-in restores")
        func consent() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])
            try daemon.start()
            let id = try daemon.ctl(["customer", "add", "--name", "赵六", "--phone", "13800000000"]).stdout.trimmed
            let later = iso(Date().addingTimeInterval(1.5))
            let marketing = try #require(try daemon.ctlJSON(["message", "schedule", "--customer", id, "--channel", "sms",
                                                             "--text", "会员日优惠", "--at", later])["id"]?.stringValue)
            let reminder = try #require(try daemon.ctlJSON(["message", "schedule", "--customer", id, "--channel", "sms",
                                                            "--text", "明天上午十点的预约", "--at", later, "--kind", "appointment.reminder"])["id"]?.stringValue)
            let optedOut = try daemon.ctlJSON(["customer", "opt-out", id, "--channel", "sms"])
            #expect(optedOut["opted_out"]?.array?.compactMap(\.stringValue) == ["sms"])

            var shown = JSONValue.null
            #expect(try eventually { shown = try daemon.ctlJSON(["message", "show", marketing]); return shown["status"]?.stringValue == "skipped" })
            #expect(shown["last_error"]?.stringValue == "consent: the customer opted out of sms and allows no other channel")
            #expect(try eventually { try daemon.ctlJSON(["message", "show", reminder])["status"]?.stringValue == "delivered" })
            #expect(try sink.received().map(\.webhookId) == [reminder])

            _ = try daemon.ctlJSON(["customer", "opt-in", id, "--channel", "sms"])
            let after = try #require(try daemon.ctlJSON(["message", "schedule", "--customer", id, "--channel", "sms", "--text", "你好"])["id"]?.stringValue)
            #expect(try eventually { try daemon.ctlJSON(["message", "show", after])["status"]?.stringValue == "delivered" })
            #expect(try daemon.ctl(["customer", "opt-out", id, "--channel", "fax"]).status == 65)
        }

        @Test("R-TIME-1 a windowed message outside its window is held to the next opening without an attempt")
        func heldOutsideWindow() throws {
            let sink = try WebhookSink()
            let utc = TimeZone(identifier: "UTC")!
            let now = Date()
            let opens = local(now.addingTimeInterval(2 * 3600), "HH:mm", utc)
            let closes = local(now.addingTimeInterval(3 * 3600), "HH:mm", utc)
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))],
                                       extra: "[windows]\nlater = [\"\(opens)-\(closes)\"]\n",
                                       channelSettings: ["sms": ["window = \"later\""]])
            try daemon.start()
            let id = try daemon.ctl(["customer", "add", "--name", "Lee", "--phone", "13800000000", "--tz", "UTC"]).stdout.trimmed
            let held = try #require(try daemon.ctlJSON(["message", "schedule", "--customer", id, "--channel", "sms",
                                                        "--text", "windowed", "--windowed"])["id"]?.stringValue)
            let now2 = try #require(try daemon.ctlJSON(["message", "schedule", "--customer", id, "--channel", "sms",
                                                        "--text", "right away"])["id"]?.stringValue)
            #expect(try eventually { try daemon.ctlJSON(["message", "show", now2])["status"]?.stringValue == "delivered" })
            var shown = JSONValue.null
            #expect(try eventually { shown = try daemon.ctlJSON(["message", "show", held]); return shown["last_error"] != nil && shown["last_error"] != .null })
            #expect(shown["status"]?.stringValue == "pending")
            #expect(shown["attempt_count"]?.int == 0)
            #expect(shown["last_error"]?.stringValue?.hasPrefix("window: outside the sms contact window; held until") == true)
            let due = try #require(shown["due_at"]?.stringValue)
            #expect(due.hasSuffix("+08:00"), "answers are in the clinic's offset: \(due)")
            let dueDate = try #require(ControlCoding.parseTimestamp(due))
            #expect(local(dueDate, "HH:mm:ss", utc) == "\(opens):00", "\(due)")
            #expect(try sink.received().map(\.webhookId) == [now2])
        }

        @Test("R-OPS-4 a template naming an unknown variable, or a holiday with two dates, is a config error naming the line")
        func greetingConfigErrors() throws {
            let dir = TempDirectory("cfg")
            let channel = "[channels.sms]\nurl = \"http://127.0.0.1:9/sms\"\nsecret = \"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"\n"
            let template = dir.write("t.toml", channel + "[templates.\"birthday.greeting\"]\nzh-Hans = \"{salutation}，生日快乐！余额：{balance}\"\n")
            let result = try ChildProcess.run(TestPaths.binary("huifangd"), ["--config", template, "--check-config"])
            #expect(result.status == 78)
            #expect(result.stderr.contains("\(template):5:11: [templates.\"birthday.greeting\"] zh-Hans names the unknown variable {balance}"), "\(result.stderr)")
            let holiday = dir.write("h.toml", channel + "[[holidays]]\nid = \"x\"\ndate = \"01-01\"\nlunar = \"01-01\"\n")
            let second = try ChildProcess.run(TestPaths.binary("huifangd"), ["--config", holiday, "--check-config"])
            #expect(second.status == 78)
            #expect(second.stderr.contains("needs exactly one of date"), "\(second.stderr)")
        }
    }
}
