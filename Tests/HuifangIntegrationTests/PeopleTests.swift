import Foundation
import HuifangControl
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
            #expect(bad.status == 1)
            #expect(bad.stderr.contains("start") && bad.stderr.contains("明天 15:00"), "\(bad.stderr)")
            let badDay = try daemon.ctl(["appointment", "list", "--date", "2026-02-30"])
            #expect(badDay.status == 1 && badDay.stderr.contains("date"))
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
            #expect(gap.status == 1)
            #expect(gap.stderr.contains("2030-03-10 02:30 does not exist in America/New_York"), "\(gap.stderr)")
            let summer = try daemon.ctlJSON(["appointment", "add", "--customer", customer, "--service", "cleaning", "--staff", "Dr Wu",
                                             "--start", "2030-07-01 09:00"])
            #expect(summer["start"]?.stringValue == "2030-07-01T09:00:00.000-04:00")
            #expect(try daemon.ctlJSON(["appointment", "list", "--date", "2030-03-10"]).array?.isEmpty == true,
                    "the refused one was not booked")
            #expect(try daemon.ctlJSON(["appointment", "list", "--date", "2030-07-01"]).array?.count == 1)
            let long = try daemon.ctl(["appointment", "list", "--from", "2030-03-01", "--to", "2030-07-31"])
            #expect(long.status == 1 && long.stderr.contains("at most 92 days"))
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
                #expect(again.status == 1)
                #expect(again.stderr.contains("conflict: phone: already customer \(id)"), "\(again.stderr)")
            }
            let sameMail = try daemon.ctl(["customer", "add", "--name", "王晓梅", "--email", "wang@example.com"])
            #expect(sameMail.status == 1 && sameMail.stderr.contains("email: already customer \(id)"), "\(sameMail.stderr)")
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
            #expect(try daemon.ctl(["customer", "find", " "]).status == 1)
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
            #expect(bad.status == 1 && bad.stderr.contains("phone"))
            #expect(try daemon.ctlJSON(["customer", "show", id])["phone"]?.stringValue == "+8613911112222", "a refused edit changes nothing")
            #expect(try daemon.ctl(["customer", "edit", "999", "--name", "x"]).status == 1)
        }
    }
}
