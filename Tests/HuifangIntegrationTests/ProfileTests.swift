import Foundation
import HuifangControl
import HuifangTestSupport
import Testing

/// The five shipped business profiles (R-BIZ-2): each config checks, and one typical visit
/// of each business plans what its manual asks, at its intervals.
extension Integration {
    @Suite struct Profiles {
        static let names = ["aesthetic", "dental", "tcm", "pet-grooming", "members-club"]

        /// A daemon on `huifangd init --profile NAME`'s config (its paths and gateway the test's).
        static func start(_ profile: String, sink: WebhookSink) throws -> DaemonHarness {
            let daemon = DaemonHarness(channels: [])
            let made = try ChildProcess.run(TestPaths.binary("huifangd"), [
                "init", "--profile", profile, "--name", "伊美", "--state-dir", daemon.directory.path, "--socket", daemon.socketPath,
                "--gateway", "http://127.0.0.1:\(sink.port)", "--listen", "127.0.0.1:0",
            ])
            guard made.status == 0 else { throw TestFailure("huifangd init --profile \(profile) failed: \(made.stderr)") }
            try made.stdout.write(toFile: daemon.configPath, atomically: true, encoding: .utf8)
            try daemon.start()
            return daemon
        }

        /// Days from the visit's day to the task's due day, in the clinic's zone.
        static func days(from visit: String, to due: String) -> Int? {
            guard let a = ControlCoding.parseTimestamp(visit), let b = ControlCoding.parseTimestamp(due) else { return nil }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
            return calendar.dateComponents([.day], from: calendar.startOfDay(for: a), to: calendar.startOfDay(for: b)).day
        }

        static func steps(_ visit: JSONValue) -> [String: Int] {
            var steps: [String: Int] = [:]
            for task in visit["tasks"]?.array ?? [] {
                if let step = task["step"]?.stringValue, let due = task["due_at"]?.stringValue, let at = visit["ended_at"]?.stringValue {
                    steps[step] = days(from: at, to: due)
                }
            }
            return steps
        }

        @Test("R-BIZ-2 R-OPS-4 huifangd init writes a config that passes --check-config for every profile", arguments: names)
        func checks(profile: String) throws {
            let dir = TempDirectory("p")
            let made = try ChildProcess.run(TestPaths.binary("huifangd"), ["init", "--profile", profile, "--name", "伊美医疗美容"])
            #expect(made.status == 0)
            #expect(made.stdout.contains("name = \"伊美医疗美容\""))
            #expect(!made.stdout.contains("伊美整形美容医院"), "the business's own name, not another's")
            let path = dir.file("huifang.toml")
            try made.stdout.write(toFile: path, atomically: true, encoding: .utf8)
            let checked = try ChildProcess.run(TestPaths.binary("huifangd"), ["--config", path, "--check-config"])
            #expect(checked.status == 0, "\(checked.stderr)")
            let unknown = try ChildProcess.run(TestPaths.binary("huifangd"), ["init", "--profile", "bakery", "--name", "x"])
            #expect(unknown.status != 0)
            #expect(unknown.stderr.contains("--profile must be one of aesthetic, dental, tcm, pet-grooming, members-club"))
        }

        @Test("R-BIZ-2 R-FU-6 aesthetic: an FUT hair transplant has its dressing change on day 2 and stitches out on day 10; an FUE has no stitches")
        func aesthetic() throws {
            let sink = try WebhookSink()
            let daemon = try Self.start("aesthetic", sink: sink)
            let customer = try daemon.ctl(["customer", "add", "--name", "王小梅", "--phone", "13800000000", "--gender", "female"]).stdout.trimmed
            let fut = Self.steps(try daemon.ctlJSON(["visit", "add", "--customer", customer, "--service", "FUT", "--staff", "李医生"]))
            #expect(fut["hair/dressing"] == 2)
            #expect(fut["hair-stitches/stitches"] == 10)
            #expect(fut["care-calls/2h"] == 0 && fut["care-calls/day3"] == 3 && fut["care-calls/day7"] == 7)
            let other = try daemon.ctl(["customer", "add", "--name", "李娜", "--phone", "13900000000", "--gender", "female"]).stdout.trimmed
            let fue = Self.steps(try daemon.ctlJSON(["visit", "add", "--customer", other, "--service", "微针植发", "--staff", "李医生"]))
            #expect(fue["hair/dressing"] == 2)
            #expect(fue["hair-stitches/stitches"] == nil)
            let consult = try daemon.ctlJSON(["visit", "add", "--customer", other, "--service", "面诊", "--staff", "李医生"])
            #expect(consult["tasks"]?.array?.isEmpty == true)
            // Pre-operative instructions the day before an operation.
            #expect(try daemon.ctl(["appointment", "add", "--customer", other, "--service", "割双眼皮", "--staff", "李医生",
                                    "--start", iso(Date().addingTimeInterval(3 * 86_400))]).status == 0)
            let coming = try #require(try daemon.ctlJSON(["forecast", "--customer", other, "--days", "4"]).array)
            let preparation = try #require(coming.first { $0["kind"]?.stringValue == "appointment.preparation" })
            #expect(preparation["text"]?.stringValue?.contains("的双眼皮手术请注意：术前六小时禁食禁水") == true)
        }

        @Test("R-BIZ-2 R-FU-8 dental: an extraction gets care calls on days 1 and 7 and the six-month recall; a check-up only the recall")
        func dental() throws {
            let sink = try WebhookSink()
            let daemon = try Self.start("dental", sink: sink)
            let customer = try daemon.ctl(["customer", "add", "--name", "王强", "--phone", "13800000000", "--gender", "male"]).stdout.trimmed
            let visit = try daemon.ctlJSON(["visit", "add", "--customer", customer, "--service", "拔智齿", "--staff", "张医生"])
            let steps = Self.steps(visit)
            #expect(steps["extraction/day1"] == 1 && steps["extraction/day7"] == 7)
            let recall = try #require(steps["recall/6m"])
            #expect((181...184).contains(recall), "six months: \(recall) days")
            #expect(visit["messages"]?.array?.count == 1, "the after-care SMS at once")
            let other = try daemon.ctl(["customer", "add", "--name", "赵敏", "--phone", "13900000000"]).stdout.trimmed
            let checkup = Self.steps(try daemon.ctlJSON(["visit", "add", "--customer", other, "--service", "看牙", "--staff", "张医生"]))
            #expect(Array(checkup.keys) == ["recall/6m"], "a ¥200 check-up is one recall, not five calls")
        }

        @Test("R-BIZ-2 R-FU-7 TCM: a moxibustion course's first session gets the next-day call and the course follow-ups; seasonal greetings are planned")
        func tcm() throws {
            let sink = try WebhookSink()
            let daemon = try Self.start("tcm", sink: sink)
            let customer = try daemon.ctl(["customer", "add", "--name", "陈静", "--phone", "13800000000"]).stdout.trimmed
            let visit = try daemon.ctlJSON(["visit", "add", "--customer", customer, "--service", "艾灸", "--staff", "刘师傅",
                                            "--course", "艾灸调理", "--session", "1", "--sessions", "10", "--next-session", iso(Date().addingTimeInterval(5 * 86_400))])
            let steps = Self.steps(visit)
            #expect(steps["session/day1"] == 1)
            #expect(steps["course/day7"] == 7)
            #expect((28...31).contains(steps["course/1m"] ?? 0))
            let coming = try #require(try daemon.ctlJSON(["forecast", "--customer", customer, "--days", "366", "--limit", "500"]).array)
            #expect(coming.contains { $0["kind"]?.stringValue == "course.next-session" && $0["text"]?.stringValue?.contains("您的艾灸调理疗程第2次在") == true })
            // 银卡 is reached by twelve visits in a year as well as by spend.
            for _ in 0..<11 {
                #expect(try daemon.ctl(["visit", "add", "--customer", customer, "--service", "推拿", "--staff", "刘师傅"]).status == 0)
            }
            #expect(try daemon.ctlJSON(["customer", "show", customer])["membership"]?["tier"]?.stringValue == "银卡")
            let seasons = coming.filter { $0["kind"]?.stringValue == "holiday.greeting" }.compactMap { $0["text"]?.stringValue }
            #expect(seasons.contains { $0.contains("立春") } && seasons.contains { $0.contains("冬至") }, "\(seasons)")
        }

        @Test("R-BIZ-2 R-PPL-4 pet grooming: a teddy's groom brings a next-day message and the rebooking reminder after 28 days")
        func grooming() throws {
            let sink = try WebhookSink()
            let daemon = try Self.start("pet-grooming", sink: sink)
            let owner = try daemon.ctl(["customer", "add", "--name", "周婷", "--phone", "13800000000", "--gender", "female"]).stdout.trimmed
            let pet = try daemon.ctl(["pet", "add", "--customer", owner, "--name", "豆豆", "--species", "dog", "--breed", "泰迪"]).stdout.trimmed
            let visit = try daemon.ctlJSON(["visit", "add", "--customer", owner, "--service", "剪毛", "--staff", "小美", "--pet", pet])
            let ids = (visit["messages"]?.array ?? []).compactMap { $0.stringValue }
            var shown: [JSONValue] = []
            for id in ids { shown.append(try daemon.ctlJSON(["message", "show", id])) }
            let nextDay = try #require(shown.first { $0["text"]?.stringValue?.contains("美容造型您还满意吗") == true })
            #expect(nextDay["text"]?.stringValue == "周女士您好，豆豆这次的美容造型您还满意吗？回家后状态如何？有任何问题请随时联系伊美。")
            let queued = try #require(try daemon.ctlJSON(["forecast", "--customer", owner, "--days", "40"]).array)
            let rebook = try #require(queued.first { $0["kind"]?.stringValue == "pet.rebook" })
            #expect(Self.days(from: visit["ended_at"]!.stringValue!, to: rebook["due_at"]!.stringValue!) == 28)
            #expect(rebook["text"]?.stringValue == "周女士您好，豆豆上次美容造型已有一段时间了，伊美提醒您为它预约下一次美容造型。")
        }

        @Test("R-BIZ-2 members' club: a private banquet gets the next-day thank-you call; tiers are stars")
        func club() throws {
            let sink = try WebhookSink()
            let daemon = try Self.start("members-club", sink: sink)
            let customer = try daemon.ctl(["customer", "add", "--name", "孙总", "--phone", "13800000000"]).stdout.trimmed
            let steps = Self.steps(try daemon.ctlJSON(["visit", "add", "--customer", customer, "--service", "私宴", "--staff", "王经理"]))
            #expect(steps == ["thank-you/day1": 1])
            #expect(try daemon.ctl(["purchase", "add", "--customer", customer, "--amount", "60000.00"]).status == 0)
            let shown = try daemon.ctlJSON(["customer", "show", customer])
            #expect(shown["membership"]?["tier"]?.stringValue == "三星会员")
        }
    }
}
