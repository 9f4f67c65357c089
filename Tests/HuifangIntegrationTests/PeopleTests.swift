import Foundation
import HuifangControl
import HuifangCore
import HuifangTestSupport
import Testing

/// A clinic's day as the people at the desk see it: local times in, local times out.
extension Integration {
    @Suite struct People {
        @Test("R-PPL-1 R-APT-1 times are typed as people say them in the clinic's zone; answers carry the clinic's offset; a day's book is that local day")
        func localTimesAndTheBook() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))],
                                       extra: "[service]\nname = \"静安诊所\"\ndefault_time_zone = \"Asia/Shanghai\"\n")
            // 10:00 in Shanghai: "tomorrow" is the local tomorrow whatever UTC's date is.
            let clock = ClockOffset(toNext: 10, 0)
            try daemon.start(environment: clock.environment)
            let customer = try daemon.ctl(["customer", "add", "--name", "韩梅", "--phone", "13800000000"]).stdout.trimmed
            func book(_ start: String, staff: String = "李医生") throws -> JSONValue {
                try daemon.ctlJSON(["appointment", "add", "--customer", customer, "--service", "洁牙", "--staff", staff, "--start", start])
            }
            let morning = try book("明天 09:30")
            let late = try book("明天 23:30", staff: "王医生")
            let afterMidnight = try book("后天 00:30")
            let tomorrow = clock.next(0, 0)   // local midnight starting tomorrow
            func expected(_ hours: Double) -> Date { tomorrow.addingTimeInterval(hours * 3600) }
            #expect(morning["start"]?.stringValue.flatMap(ControlCoding.parseTimestamp) == expected(9.5))
            #expect(morning["start"]?.stringValue?.hasSuffix(":00.000+08:00") == true, "the clinic's offset: \(morning)")
            #expect(late["start"]?.stringValue.flatMap(ControlCoding.parseTimestamp) == expected(23.5))
            #expect(afterMidnight["start"]?.stringValue.flatMap(ControlCoding.parseTimestamp) == expected(24.5))

            let day = try #require(try daemon.ctlJSON(["appointment", "list", "--date", "明天"]).array)
            #expect(day.compactMap { $0["id"]?.int } == [morning["id"]?.int, late["id"]?.int].compactMap { $0 },
                    "23:30 is on the day, 00:30 the day after is not, though UTC puts them on one date")
            #expect(day.first?["customer_name"]?.stringValue == "韩梅")
            let wang = try #require(try daemon.ctlJSON(["appointment", "list", "--date", "明天", "--staff", "王医生"]).array)
            #expect(wang.compactMap { $0["id"]?.int } == [late["id"]?.int].compactMap { $0 })
            let range = try #require(try daemon.ctlJSON(["appointment", "list", "--from", "今天", "--to", "后天"]).array)
            #expect(range.count == 3)

            let table = try daemon.ctl(["appointment", "list", "--date", "明天"]).stdout
            let weekday = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"][
                Calendar.current.dateComponents(in: clock.zone, from: expected(9.5)).weekday! - 1]
            #expect(table.contains("\(weekday) 09:30") && table.contains("韩梅") && table.contains("13800000000"), "\(table)")
            #expect(!table.contains("T01:30") && !table.contains("Z"), "no UTC in what people read: \(table)")

            let bad = try daemon.ctl(["appointment", "add", "--customer", customer, "--service", "洁牙", "--staff", "李医生",
                                      "--start", "明天 25:00"])
            #expect(bad.status == 65)
            #expect(bad.stderr.contains("start") && bad.stderr.contains("明天 15:00"), "\(bad.stderr)")
            let badDay = try daemon.ctl(["appointment", "list", "--date", "2026-02-30"])
            #expect(badDay.status == 65 && badDay.stderr.contains("date"))
        }

        @Test("R-PPL-1 in a DST zone (America/New_York) a time in the spring-forward gap is refused, saying why, and nothing is booked")
        func daylightSavingGap() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))],
                                       extra: "[service]\ndefault_time_zone = \"America/New_York\"\n")
            try daemon.start()
            let customer = try daemon.ctl(["customer", "add", "--name", "Ann Lee", "--phone", "13800000000"]).stdout.trimmed
            let gap = try daemon.ctl(["appointment", "add", "--customer", customer, "--service", "cleaning", "--staff", "Dr Wu",
                                      "--start", "2030-03-10 02:30"])
            #expect(gap.status == 65)
            #expect(gap.stderr.contains("2030-03-10 02:30 does not exist in America/New_York"), "\(gap.stderr)")
            let summer = try daemon.ctlJSON(["appointment", "add", "--customer", customer, "--service", "cleaning", "--staff", "Dr Wu",
                                             "--start", "2030-07-01 09:00"])
            #expect(summer["start"]?.stringValue == "2030-07-01T09:00:00.000-04:00")
            #expect(try daemon.ctlJSON(["appointment", "list", "--date", "2030-03-10"]).array?.isEmpty == true,
                    "the refused one was not booked")
            #expect(try daemon.ctlJSON(["appointment", "list", "--date", "2030-07-01"]).array?.count == 1)
            let long = try daemon.ctl(["appointment", "list", "--from", "2030-03-01", "--to", "2030-07-31"])
            #expect(long.status == 65 && long.stderr.contains("at most 92 days"))
        }
    
        @Test("R-PPL-2 a phone typed three ways is one customer: a second add is refused naming the first, --allow-duplicate keeps both; find by phone ending, name or e-mail")
        func phonesAndDuplicates() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])
            try daemon.start()
            let first = try daemon.ctl(["customer", "add", "--name", "王小梅", "--phone", "138-0000-0000", "--email", "Wang@Example.com"])
            #expect(first.status == 0)
            let id = first.stdout.trimmed
            #expect(try daemon.ctlJSON(["customer", "show", id])["phone"]?.stringValue == "+8613800000000")
            for typed in ["13800000000", "+86 138 0000 0000"] {
                let again = try daemon.ctl(["customer", "add", "--name", "王小梅", "--phone", typed])
                #expect(again.status == 65)
                #expect(again.stderr.contains("conflict: --phone: already customer \(id) 王小梅; to keep both, allow a duplicate"),
                        "\(again.stderr)")
                #expect(again.stderr.contains("--allow-duplicate"), "the flag that keeps both is named")
            }
            let sameMail = try daemon.ctl(["customer", "add", "--name", "王晓梅", "--email", "wang@example.com"])
            #expect(sameMail.status == 65 && sameMail.stderr.contains("email: already customer \(id)"), "\(sameMail.stderr)")
            #expect(try daemon.ctlJSON(["customer", "list"]).array?.count == 1, "nothing was added")
            let twin = try daemon.ctl(["customer", "add", "--name", "王小梅的女儿", "--phone", "13800000000", "--allow-duplicate"])
            #expect(twin.status == 0)
            let other = try daemon.ctl(["customer", "add", "--name", "李雷", "--phone", "13911112222"]).stdout.trimmed

            func found(_ text: String) throws -> [String] {
                try #require(try daemon.ctlJSON(["customer", "find", text]).array).compactMap { $0["id"]?.int.map(String.init) }
            }
            #expect(try found("0000") == [id, twin.stdout.trimmed], "a phone ending: both who share it")
            #expect(try found("2222") == [other])
            #expect(try found("小梅").first == id, "a name part; the exact name first")
            #expect(try found("WANG@example.com") == [id], "an e-mail without regard to case")
            #expect(try found("138").isEmpty, "three digits are too few to match a phone")
            let table = try daemon.ctl(["customer", "find", "李"]).stdout
            #expect(table.contains("李雷") && table.contains("+8613911112222"))
            #expect(try daemon.ctl(["customer", "find", " "]).status == 65)
        }

        @Test("R-PPL-2 message list, message show and forecast name the customer, not only their id")
        func listsNameTheCustomer() throws {
            let daemon = DaemonHarness(channels: [("sms", "http://127.0.0.1:9/sms")])
            try daemon.start()
            #expect(try daemon.ctl(["endpoint", "pause", "sms"]).status == 0)
            let id = try daemon.ctl(["customer", "add", "--name", "陈静", "--phone", "13800000000"]).stdout.trimmed
            let message = try daemon.ctl(["message", "schedule", "--customer", id, "--channel", "sms", "--text", "明天见",
                                          "--at", "明天 10:00"]).stdout.trimmed
            let listed = try #require(try daemon.ctlJSON(["message", "list"]).array?.first { $0["id"]?.stringValue == message })
            #expect(listed["customer_name"]?.stringValue == "陈静")
            let table = try daemon.ctl(["message", "list"]).stdout
            #expect(table.split(separator: "\n").contains { $0.contains(message) && $0.contains("陈静") }, "\(table)")
            #expect(try daemon.ctl(["message", "show", message]).stdout.contains("陈静 (\(id))"))
            let coming = try #require(try daemon.ctlJSON(["forecast", "--customer", id, "--days", "3"]).array)
            #expect(coming.contains { $0["message_id"]?.stringValue == message && $0["customer_name"]?.stringValue == "陈静" })
            #expect(try daemon.ctl(["forecast", "--customer", id, "--days", "3"]).stdout.contains("陈静"))
        }

        @Test("R-PPL-2 customer edit corrects the record, audits each change with old and new value, and re-plans the birthday greeting at once")
        func editReplansGreeting() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))], channelSettings: ["sms": ["window = \"always\""]])
            let clock = ClockOffset(toNext: 12, 0)
            try daemon.start(environment: clock.environment)
            #expect(try daemon.ctl(["endpoint", "pause", "sms"]).status == 0)   // keep what is planned queued
            func monthDay(_ daysAhead: Int) -> String {
                let date = clock.next(0, 0).addingTimeInterval(Double(daysAhead - 1) * 86_400 + 3600)
                let c = Calendar.current.dateComponents(in: clock.zone, from: date)
                return String(format: "%02d-%02d", c.month!, c.day!)
            }
            let id = try daemon.ctl(["customer", "add", "--name", "陈静", "--phone", "13800000000", "--gender", "female",
                                     "--birthday", "1990-\(monthDay(1))"]).stdout.trimmed
            func greetings() throws -> [JSONValue] {
                (try daemon.ctlJSON(["message", "list"]).array ?? []).filter { $0["kind"]?.stringValue == "birthday.greeting" }
            }
            var before: [JSONValue] = []
            #expect(try eventually { before = try greetings(); return before.count == 1 })
            let old = try #require(before.first?["id"]?.stringValue)

            let edited = try daemon.ctlJSON(["customer", "edit", id, "--birthday", "1990-\(monthDay(2))", "--phone", "139 1111 2222",
                                             "--consultant", "刘顾问", "--tag", "VIP"])
            #expect(edited["phone"]?.stringValue == "+8613911112222")
            #expect(edited["consultant"]?.stringValue == "刘顾问")
            #expect(edited["tags"]?.array?.compactMap(\.stringValue) == ["VIP"])
            var after: [JSONValue] = []
            #expect(try eventually { after = try greetings(); return after.count == 2 })
            let withdrawn = try daemon.ctlJSON(["message", "show", old])
            #expect(withdrawn["status"]?.stringValue == "cancelled")
            #expect(withdrawn["last_error"]?.stringValue == "superseded by an edit of the customer's record")
            let replanned = try #require(after.first { $0["id"]?.stringValue != old })
            #expect(replanned["status"]?.stringValue == "pending")
            let due = try #require(replanned["due_at"]?.stringValue.flatMap(ControlCoding.parseTimestamp))
            #expect(due == clock.next(0, 0).addingTimeInterval(86_400 + 10 * 3600), "10:00 on the new birthday")

            let audit = try #require(try daemon.ctlJSON(["audit", "list", "--customer", id]).array)
            let edit = try #require(audit.first { $0["command"]?.stringValue == "customer.edit" })
            let detail = try #require(edit["detail"]?.stringValue)
            #expect(detail.contains("phone: +8613800000000 → +8613911112222"), "\(detail)")
            #expect(detail.contains("birthday: 1990-\(monthDay(1)) → 1990-\(monthDay(2))"))
            #expect(detail.contains("consultant: - → 刘顾问"))

            let bad = try daemon.ctl(["customer", "edit", id, "--phone", "12ab"])
            #expect(bad.status == 65 && bad.stderr.contains("phone"))
            #expect(try daemon.ctlJSON(["customer", "show", id])["phone"]?.stringValue == "+8613911112222", "a refused edit changes nothing")
            #expect(try daemon.ctl(["customer", "edit", "999", "--name", "x"]).status == 66)
        }
    
        @Test("R-PPL-3 R-DLV-7 tasks go to people: the customer's own consultant, else the least-loaded of the role; task assign moves a task and its queued notice; task list --mine")
        func tasksGoToPeople() throws {
            let sink = try WebhookSink()
            let always = ["window = \"always\""]
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms")), ("staff-task", sink.url("staff-task"))],
                                       channelSettings: ["sms": always, "staff-task": always])
            try daemon.start()
            #expect(try daemon.ctl(["staff", "add", "--name", "刘顾问", "--role", "consultant", "--uid", "\(getuid())",
                                    "--phone", "139-0000-1111"]).status == 0)
            #expect(try daemon.ctl(["staff", "add", "--name", "赵顾问", "--role", "consultant"]).status == 0)
            #expect(try daemon.ctl(["staff", "add", "--name", "钱客服", "--role", "customer-service"]).status == 0)
            let taken = try daemon.ctl(["staff", "add", "--name", "刘顾问", "--role", "doctor"])
            #expect(taken.status == 65 && taken.stderr.contains("conflict"))
            #expect(try daemon.ctl(["staff", "add", "--name", "某人", "--role", "wizard"]).status == 65)

            let own = try daemon.ctl(["customer", "add", "--name", "孙丽", "--phone", "13800000001", "--gender", "female"]).stdout.trimmed
            #expect(try daemon.ctl(["customer", "edit", own, "--consultant", "刘顾问"]).status == 0)
            let other = try daemon.ctl(["customer", "add", "--name", "周杰", "--phone", "13800000002", "--gender", "male"]).stdout.trimmed
            // A complaint's task goes to the one customer-service member; no answer brings consultant calls.
            func consultantTasks(after customer: String) throws -> [JSONValue] {
                let complaint = try #require(try daemon.ctlJSON(["complaint", "open", "--customer", customer, "--channel", "phone",
                                                                 "--content", "想了解疗程"])["id"]?.int)
                let tasks = try #require(try daemon.ctlJSON(["task", "list"]).array)
                let respond = try #require(tasks.first { ($0["text"]?.stringValue ?? "").contains("#\(complaint)") })
                #expect(respond["assignee"]?.stringValue == "钱客服")
                _ = try daemon.ctlJSON(["task", "no-answer", "\(try #require(respond["id"]?.int))"])
                return try #require(try daemon.ctlJSON(["task", "list"]).array)
                    .filter { $0["customer"]?.int == Int(customer) && $0["step"]?.stringValue?.contains("no-answer") == true }
            }
            let ownTasks = try consultantTasks(after: own)
            #expect(!ownTasks.isEmpty && ownTasks.allSatisfy { $0["assignee"]?.stringValue == "刘顾问" }, "\(ownTasks)")
            let otherTasks = try consultantTasks(after: other)
            #expect(!otherTasks.isEmpty && otherTasks.allSatisfy { $0["assignee"]?.stringValue == "赵顾问" },
                    "the less loaded consultant: \(otherTasks)")
            #expect(otherTasks.first?["customer_name"]?.stringValue == "周杰")
            #expect(otherTasks.first?["phone"]?.stringValue == "+8613800000002")
            #expect(otherTasks.first?["salutation"]?.stringValue == "周先生")

            // Reassigned while its notice is still queued: the notice follows the task.
            #expect(try daemon.ctl(["endpoint", "pause", "staff-task"]).status == 0)
            let moved = try #require(otherTasks.last?["id"]?.int)
            let before = Set(try #require(try daemon.ctlJSON(["message", "list", "--status", "pending"]).array)
                .compactMap { $0["id"]?.stringValue })
            let assigned = try daemon.ctlJSON(["task", "assign", "\(moved)", "--staff", "刘顾问"])
            #expect(assigned["assignee"]?.stringValue == "刘顾问")
            let cancelled = try #require(try daemon.ctlJSON(["message", "list", "--status", "cancelled"]).array)
            #expect(cancelled.contains { $0["last_error"]?.stringValue == "superseded by task \(moved) reassigned from 赵顾问 to 刘顾问" })
            let fresh = try #require(try daemon.ctlJSON(["message", "list", "--status", "pending"]).array)
                .filter { !before.contains($0["id"]?.stringValue ?? "") && $0["channel"]?.stringValue == "staff-task" }
            #expect(fresh.count == 1)
            #expect(fresh.first?["text"]?.stringValue?.contains("周杰") == true, "the notice says whom to call")
            #expect(try daemon.ctl(["task", "assign", "\(moved)", "--staff", "无名氏"]).status == 65)
            // Moved to another time: the notice goes then, the queued one is withdrawn.
            let later = try daemon.ctlJSON(["task", "move", "\(moved)", "--at", "后天 15:00"])
            let laterDue = try #require(later["due_at"]?.stringValue.flatMap(ControlCoding.parseTimestamp))
            let withdrawnAgain = try #require(try daemon.ctlJSON(["message", "list", "--status", "cancelled"]).array)
            #expect(withdrawnAgain.contains { ($0["last_error"]?.stringValue ?? "").hasPrefix("superseded by task \(moved) moved to ") })
            let notices = try #require(try daemon.ctlJSON(["message", "list", "--status", "pending"]).array)
                .filter { $0["channel"]?.stringValue == "staff-task" && ($0["text"]?.stringValue ?? "").contains("周杰") }
            #expect(notices.contains { $0["due_at"]?.stringValue.flatMap(ControlCoding.parseTimestamp) == laterDue })

            let mine = try #require(try daemon.ctlJSON(["task", "list", "--mine"]).array)
            #expect(!mine.isEmpty && mine.allSatisfy { ["刘顾问", "consultant"].contains($0["assignee"]?.stringValue ?? "") })
            #expect(mine.contains { $0["id"]?.int == moved })
            // The daily close counts per person (R-REP-2): 钱客服 reached two outcomes today.
            let close = try daemon.ctlJSON(["report", "daily", "--date", "今天"])
            let desk = try #require(close["completion"]?.array?.first { $0["staff"]?.stringValue == "钱客服" })
            #expect(desk["no_answer"]?.int == 2 && desk["due"]?.int == 2, "\(desk)")
            let staff = try #require(try daemon.ctlJSON(["staff", "list"]).array)
            #expect(staff.first { $0["name"]?.stringValue == "刘顾问" }?["phone"]?.stringValue == "+8613900001111")
            #expect(staff.first { $0["name"]?.stringValue == "赵顾问" }?["open_tasks"]?.int == otherTasks.count - 1)
        }
    
        @Test("R-FU-8 R-FU-11 a doctor sets a chronic patient's recall by hand with task add --every 3m: closing it plans the next, three months on")
        func repeatingRecall() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])
            let clock = ClockOffset(toNext: 9, 0)
            try daemon.start(environment: clock.environment)
            #expect(try daemon.ctl(["staff", "add", "--name", "吴医生", "--role", "doctor"]).status == 0)
            let customer = try daemon.ctl(["customer", "add", "--name", "郑伯", "--phone", "13800000000", "--gender", "male"]).stdout.trimmed
            let added = try daemon.ctlJSON(["task", "add", "--customer", customer, "--at", "明天 10:00", "--staff", "吴医生",
                                            "--note", "复查血压", "--every", "3m"])
            let first = try #require(added["id"]?.int)
            #expect(added["assignee"]?.stringValue == "吴医生")
            let due = try #require(added["due_at"]?.stringValue.flatMap(ControlCoding.parseTimestamp))
            #expect(due == clock.next(0, 0).addingTimeInterval(10 * 3600))

            _ = try daemon.ctlJSON(["task", "done", "\(first)", "--note", "血压正常"])
            let open = try #require(try daemon.ctlJSON(["task", "list", "--staff", "吴医生"]).array)
            #expect(open.count == 1)
            let next = try #require(open.first)
            #expect(next["id"]?.int != first && next["text"]?.stringValue == "复查血压")
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = clock.zone
            let expected = try #require(calendar.date(byAdding: .month, value: 3, to: due))
            #expect(next["due_at"]?.stringValue.flatMap(ControlCoding.parseTimestamp) == expected, "10:00, three months on")
            _ = try daemon.ctlJSON(["task", "no-answer", "\(try #require(next["id"]?.int))"])
            #expect(try daemon.ctlJSON(["task", "list", "--staff", "吴医生"]).array?.count == 1, "no answer: the recall still repeats")

            let bad = try daemon.ctl(["task", "add", "--customer", customer, "--at", "明天 10:00", "--staff", "吴医生", "--note", "x",
                                      "--every", "5x"])
            #expect(bad.status == 65 && bad.stderr.contains("every"))
            let nobody = try daemon.ctl(["task", "add", "--customer", customer, "--at", "明天 10:00", "--staff", "无名氏", "--note", "x"])
            #expect(nobody.status == 65 && nobody.stderr.contains("staff"))
        }
    
        @Test("R-APT-5 when an appointment moves or is cancelled the customer is told once, in their words and local time, on their channel")
        func appointmentChangesTold() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))],
                                       extra: "[service]\nname = \"静安诊所\"\n")
            let clock = ClockOffset(toNext: 10, 0)
            try daemon.start(environment: clock.environment)
            let customer = try daemon.ctl(["customer", "add", "--name", "韩梅", "--phone", "13800000000", "--gender", "female"]).stdout.trimmed
            // Three days ahead: no reminder is due yet, so what arrives is the change notice.
            let id = try #require(try daemon.ctlJSON(["appointment", "add", "--customer", customer, "--service", "洁牙", "--staff", "李医生",
                                                      "--start", "\(day(clock, 3)) 15:00"])["id"]?.int)
            _ = try daemon.ctlJSON(["appointment", "reschedule", "\(id)", "--start", "\(day(clock, 4)) 10:00"])
            let moved = try #require(try sink.waitFor(count: 1).first)
            #expect(moved.body?["type"]?.stringValue == "appointment.changed")
            #expect(moved.body?["text"]?.stringValue
                    == "韩女士您好，您在静安诊所原定\(chinese(clock, 3)) 15:00的洁牙预约已改至\(chinese(clock, 4)) 10:00，如有疑问请与我们联系。")
            _ = try daemon.ctlJSON(["appointment", "cancel", "\(id)"])
            let hooks = try sink.waitFor(count: 2)
            #expect(hooks.count == 2, "one message per change")
            #expect(hooks.last?.body?["text"]?.stringValue == "韩女士您好，您在静安诊所原定\(chinese(clock, 4)) 10:00的洁牙预约已取消，如需重新预约请与我们联系。")
        }

        @Test("R-TIME-3 R-PPL-2 a lunar birthday entered as people write it (三月初八, 闰四月初一, L04-01) is shown as they say it, with the next greeting; with a year it becomes the birthday")
        func lunarBirthdays() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])
            try daemon.start()
            let plain = try daemon.ctl(["customer", "add", "--name", "林阿婆", "--phone", "13800000001", "--lunar-birthday", "三月初八"])
            #expect(plain.status == 0, "\(plain.stderr)")
            let shown = try daemon.ctlJSON(["customer", "show", plain.stdout.trimmed])
            #expect(shown["lunar_date"]?.stringValue == "农历三月初八")
            #expect(shown["birthday"] == nil || shown["birthday"] == .null, "no Gregorian birthday was made up")
            let next = try #require(shown["next_birthday"]?.stringValue.flatMap { LocalDate(iso: $0) })
            #expect(next.year >= 2026)
            let table = try daemon.ctl(["customer", "show", plain.stdout.trimmed]).stdout
            #expect(table.contains("农历三月初八") && table.contains("next greeting"))

            let leap = try daemon.ctl(["customer", "add", "--name", "林阿公", "--phone", "13800000002", "--lunar-birthday", "L06-01",
                                       "--birth-year", "2025"])
            #expect(leap.status == 0, "\(leap.stderr)")
            let leapShown = try daemon.ctlJSON(["customer", "show", leap.stdout.trimmed])
            #expect(leapShown["lunar_date"]?.stringValue == "农历闰六月初一")
            #expect(leapShown["birthday"]?.stringValue == "2025-07-25", "闰六月初一 of 2025 is 25 July")
            #expect(leapShown["lunar_birthday"] == .bool(true))

            // The old form still works: a Gregorian birthday celebrated on its lunar date.
            let old = try daemon.ctl(["customer", "add", "--name", "林小妹", "--phone", "13800000003", "--birthday", "1990-05-01",
                                      "--lunar-birthday"])
            #expect(old.status == 0, "\(old.stderr)")
            #expect(try daemon.ctlJSON(["customer", "show", old.stdout.trimmed])["lunar_date"]?.stringValue == "农历四月初七")

            let noLeap = try daemon.ctl(["customer", "add", "--name", "x", "--phone", "13800000004", "--lunar-birthday", "闰三月初一",
                                         "--birth-year", "2025"])
            #expect(noLeap.status == 65 && noLeap.stderr.contains("--birth-year: "), "2025 has no leap third month: \(noLeap.stderr)")
            let nonsense = try daemon.ctl(["customer", "add", "--name", "x", "--phone", "13800000005", "--lunar-birthday", "十三月"])
            #expect(nonsense.status == 65 && nonsense.stderr.contains("三月初八"))

            let edited = try daemon.ctlJSON(["customer", "edit", plain.stdout.trimmed, "--lunar-birthday", "腊月廿三"])
            #expect(edited["lunar_date"]?.stringValue == "农历腊月廿三")
        }

        @Test("R-PPL-2 R-CUS-3 customer show tells the customer's story: visits, coming appointments, open complaints and tasks, next messages; contact add records a contact naming the person")
        func customerStoryAndContacts() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms")), ("staff-task", sink.url("staff-task"))])
            try daemon.start()
            #expect(try daemon.ctl(["staff", "add", "--name", "前台小王", "--role", "front-desk", "--uid", "\(getuid())"]).status == 0)
            let customer = try daemon.ctl(["customer", "add", "--name", "袁芳", "--phone", "13800000000", "--gender", "female"]).stdout.trimmed
            _ = try daemon.ctlJSON(["visit", "add", "--customer", customer, "--service", "laser", "--staff", "李医生"])
            _ = try daemon.ctlJSON(["appointment", "add", "--customer", customer, "--service", "复诊", "--staff", "李医生",
                                    "--start", "\(LocalDate(year: 2030, month: 1, day: 8)!) 10:00"])
            _ = try daemon.ctlJSON(["complaint", "open", "--customer", customer, "--channel", "phone", "--content", "停车难"])
            _ = try daemon.ctlJSON(["message", "schedule", "--customer", customer, "--channel", "sms", "--text", "下周复诊提醒",
                                    "--at", "明天 10:00"])
            let shown = try daemon.ctlJSON(["customer", "show", customer])
            let story = try #require(shown["story"])
            #expect(story["visits"]?.array?.first?["service"]?.stringValue == "laser")
            #expect(story["appointments"]?.array?.first?["service"]?.stringValue == "复诊")
            #expect(story["complaints"]?.array?.first?["content"]?.stringValue == "停车难")
            #expect((story["tasks"]?.array?.count ?? 0) >= 2, "the visit's calls and the complaint's")
            #expect(story["upcoming"]?.array?.contains { $0["text"]?.stringValue == "下周复诊提醒" } == true)
            let text = try daemon.ctl(["customer", "show", customer]).stdout
            for section in ["last visits", "appointments", "open complaints", "open tasks", "next messages"] {
                #expect(text.contains(section), "\(section) in \(text)")
            }

            let contact = try daemon.ctlJSON(["contact", "add", customer, "--channel", "wechat", "--note", "客户询问停车"])
            #expect(contact["who"]?.stringValue == "前台小王", "the caller's own staff record")
            let byName = try daemon.ctlJSON(["contact", "add", customer, "--channel", "call", "--note", "回电", "--staff", "前台小王",
                                             "--at", "09:30"])
            #expect(byName["at"]?.stringValue?.hasSuffix("+08:00") == true)
            let records = try #require(try daemon.ctlJSON(["customer", "contacts", customer]).array)
            #expect(records.count == 2 && records.allSatisfy { $0["who"]?.stringValue == "前台小王" })
            #expect(try daemon.ctl(["contact", "add", customer, "--channel", "fax", "--note", "x"]).status == 65)
            #expect(try daemon.ctl(["contact", "add", customer, "--channel", "call", "--note", "x", "--staff", "无名氏"]).status == 65)
        }

        @Test("R-PPL-2 customer merge makes two records of one person one, keeping the whole history: visits, messages, tasks, complaints, appointments, contacts, points")
        func mergeKeepsHistory() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms")), ("staff-task", sink.url("staff-task"))])
            try daemon.start()
            #expect(try daemon.ctl(["staff", "add", "--name", "前台小王", "--role", "front-desk", "--uid", "\(getuid())"]).status == 0)
            let keep = try daemon.ctl(["customer", "add", "--name", "冯丽", "--phone", "13800000000", "--gender", "female"]).stdout.trimmed
            let drop = try daemon.ctl(["customer", "add", "--name", "冯丽", "--phone", "138 0000 0000", "--email", "feng@example.com",
                                       "--allow-duplicate"]).stdout.trimmed
            _ = try daemon.ctlJSON(["purchase", "add", "--customer", keep, "--amount", "1000.00"])
            _ = try daemon.ctlJSON(["purchase", "add", "--customer", drop, "--amount", "2000.00"])
            _ = try daemon.ctlJSON(["visit", "add", "--customer", drop, "--service", "laser", "--staff", "李医生"])
            _ = try daemon.ctlJSON(["complaint", "open", "--customer", drop, "--channel", "phone", "--content", "等太久"])
            _ = try daemon.ctlJSON(["appointment", "add", "--customer", drop, "--service", "复诊", "--staff", "李医生", "--start", "2030-01-08 10:00"])
            _ = try daemon.ctlJSON(["contact", "add", drop, "--channel", "call", "--note", "确认地址"])
            #expect(try daemon.ctl(["customer", "opt-out", drop, "--channel", "sms"]).status == 0)
            let before = try daemon.ctlJSON(["customer", "show", drop])
            let dropTasks = before["story"]?["tasks"]?.array?.count ?? 0

            let unconfirmed = try daemon.ctl(["customer", "merge", keep, drop])
            #expect(unconfirmed.status == 65 && unconfirmed.stderr.contains("--confirm"))
            #expect(try daemon.ctl(["customer", "merge", keep, keep, "--confirm"]).status == 65)
            let report = try daemon.ctlJSON(["customer", "merge", keep, drop, "--confirm"])
            #expect(report["visits"]?.int == 1 && report["complaints"]?.int == 1 && report["appointments"]?.int == 1)
            #expect(report["contacts"]?.int == 1 && report["purchases"]?.int == 1 && report["tasks"]?.int == dropTasks)
            #expect(report["fields_filled"]?.array?.compactMap(\.stringValue) == ["email"])

            let kept = try daemon.ctlJSON(["customer", "show", keep])
            #expect(kept["email"]?.stringValue == "feng@example.com")
            #expect(kept["opted_out"]?.array?.compactMap(\.stringValue) == ["sms"], "an opt-out on either record holds")
            #expect(kept["membership"]?["spend"]?.stringValue == "3000.00")
            #expect(kept["story"]?["visits"]?.array?.count == 1)
            #expect(kept["story"]?["complaints"]?.array?.count == 1)
            #expect(kept["story"]?["appointments"]?.array?.count == 1)
            #expect(try daemon.ctlJSON(["customer", "contacts", keep]).array?.count == 1)
            let gone = try daemon.ctlJSON(["customer", "show", drop])
            #expect(gone["erased_at"] != nil && gone["erased_at"] != .null && gone["name"]?.stringValue == "")
            #expect(try daemon.ctlJSON(["customer", "list"]).array?.count == 1)
            #expect(try daemon.ctl(["customer", "merge", keep, drop, "--confirm"]).status == 65, "merged once")
            let audit = try #require(try daemon.ctlJSON(["audit", "list", "--customer", keep]).array)
            #expect(audit.contains { ($0["detail"]?.stringValue ?? "").hasPrefix("customer \(drop) merged into \(keep): 1 visits") })
        }

        @Test("R-PPL-4 pets: added to their owner, named by visits; a groom asks the owner to rebook after the breed's interval (a later groom supersedes it); a pet's birthday greets the owner")
        func pets() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))], extra: "[service]\nname = \"萌宠美容\"\n[pets]\nrebook_days = { dog = 42, \"泰迪\" = 28 }\n",
                                       channelSettings: ["sms": ["window = \"always\""]])
            let clock = ClockOffset(toNext: 12, 0)
            try daemon.start(environment: clock.environment)
            let owner = try daemon.ctl(["customer", "add", "--name", "许静", "--phone", "13800000000", "--gender", "female"]).stdout.trimmed
            let other = try daemon.ctl(["customer", "add", "--name", "何军", "--phone", "13800000001"]).stdout.trimmed
            let born = "2024" + clock.today.dropFirst(4)
            let pet = try daemon.ctl(["pet", "add", "--customer", owner, "--name", "豆豆", "--species", "dog", "--breed", "泰迪",
                                      "--birthday", String(born)]).stdout.trimmed
            let cat = try daemon.ctl(["pet", "add", "--customer", other, "--name", "咪咪", "--species", "cat"]).stdout.trimmed
            let listed = try #require(try daemon.ctlJSON(["pet", "list", "--customer", owner]).array)
            #expect(listed.map { $0["name"]?.stringValue } == ["豆豆"] && listed.first?["breed"]?.stringValue == "泰迪")

            // Today is 豆豆's birthday: the owner hears of it.
            let greeting = try #require(try sink.waitFor(count: 1).first)
            #expect(greeting.body?["type"]?.stringValue == "pet.birthday")
            #expect(greeting.body?["text"]?.stringValue == "许女士您好，今天是豆豆的生日，萌宠美容祝豆豆生日快乐、健康活泼！")

            _ = try daemon.ctlJSON(["visit", "add", "--customer", owner, "--service", "洗护", "--staff", "小李", "--pet", pet])
            func rebooks() throws -> [JSONValue] {
                (try daemon.ctlJSON(["message", "list"]).array ?? []).filter { $0["kind"]?.stringValue == "pet.rebook" }
            }
            let first = try #require(try rebooks().first)
            let due = try #require(first["due_at"]?.stringValue.flatMap(ControlCoding.parseTimestamp))
            #expect(abs(due.timeIntervalSince(clock.now) - 28 * 86_400) < 120, "泰迪: 28 days, not the dog's 42")
            #expect(first["text"]?.stringValue == "许女士您好，豆豆上次洗护已有一段时间了，萌宠美容提醒您为它预约下一次洗护。")

            #expect(try daemon.ctl(["pet", "edit", pet, "--breed", ""]).status == 0)
            _ = try daemon.ctlJSON(["visit", "add", "--customer", owner, "--service", "洗护", "--staff", "小李", "--pet", pet])
            let all = try rebooks()
            #expect(all.count == 2)
            #expect(all.first { $0["id"] == first["id"] }?["status"]?.stringValue == "cancelled", "the later groom supersedes it")
            let second = try #require(all.first { $0["id"] != first["id"] })
            let secondDue = try #require(second["due_at"]?.stringValue.flatMap(ControlCoding.parseTimestamp))
            #expect(abs(secondDue.timeIntervalSince(clock.now) - 42 * 86_400) < 120, "no breed now: the dog's 42 days")

            let wrong = try daemon.ctl(["visit", "add", "--customer", owner, "--service", "洗护", "--staff", "小李", "--pet", cat])
            #expect(wrong.status == 65 && wrong.stderr.contains("pet"))
            #expect(try daemon.ctl(["pet", "add", "--customer", owner, "--name", "", "--species", "dog"]).status == 65)
        }

        private func day(_ clock: ClockOffset, _ ahead: Int) -> String {
            let c = Calendar.current.dateComponents(in: clock.zone, from: clock.next(0, 0).addingTimeInterval(Double(ahead - 1) * 86_400 + 3600))
            return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
        }

        private func chinese(_ clock: ClockOffset, _ ahead: Int) -> String {
            let c = Calendar.current.dateComponents(in: clock.zone, from: clock.next(0, 0).addingTimeInterval(Double(ahead - 1) * 86_400 + 3600))
            return "\(c.month!)月\(c.day!)日"
        }
    
    }
}
