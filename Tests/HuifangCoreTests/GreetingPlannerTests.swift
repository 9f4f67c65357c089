import Foundation
import HuifangCore
import Testing

@Suite struct GreetingPlannerTests {
    let shanghai = TimeZone(identifier: "Asia/Shanghai")!

    func at(_ text: String, _ zone: TimeZone = TimeZone(identifier: "Asia/Shanghai")!) -> Date {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.date(from: text)!
    }

    func customer(_ id: Int64, _ name: String, birthday: String?, lunar: Bool = false, gender: Gender = .female,
                  locale: MessageLocale = .zhHans, zone: String = "Asia/Shanghai", tags: [String] = [],
                  optedOut: Set<String> = []) -> Customer {
        var c = Customer(id: id, name: name, gender: gender, birthday: birthday.flatMap { LocalDate(iso: $0) },
                         lunarBirthday: lunar, phone: "+8613800000000", email: "c\(id)@example.com", locale: locale,
                         timeZone: zone, tags: tags, createdAt: Date(timeIntervalSince1970: 0))
        c.optedOut = optedOut
        return c
    }

    func settings(leapDay: BirthdayRule.LeapDay = .feb28, holidays: [HolidayRule] = [],
                  windows: [String: ContactWindows] = ["sms": .defaultMessages]) -> GreetingSettings {
        GreetingSettings(birthday: BirthdayRule(leapDay: leapDay), holidays: holidays,
                         birthdayTemplate: DefaultTemplates.birthday, holidayTemplate: DefaultTemplates.holiday,
                         channels: ["sms", "email"], windows: windows, clinicName: "回访诊所")
    }

    func plan(_ customers: [Customer], _ settings: GreetingSettings, from: String, through: String, now: String? = nil)
        -> [PlannedMessage]
    {
        GreetingPlanner.plan(customers: customers, settings: settings, consent: ConsentPolicy(configured: ["sms", "email"], order: ["sms", "email"]),
                             from: at(from), through: at(through), now: at(now ?? from))
    }

    @Test("R-TIME-2 a birthday is greeted on the day at 10:00 local, in the customer's language, once per year")
    func gregorianBirthday() {
        let planned = plan([customer(1, "王小梅", birthday: "1990-05-01")], settings(), from: "2026-04-30 00:00", through: "2026-05-02 00:00")
        #expect(planned.count == 1)
        let greeting = planned[0]
        #expect(greeting.kind == "birthday.greeting")
        #expect(greeting.dueAt == at("2026-05-01 10:00"))
        #expect(greeting.expiresAt == at("2026-05-02 00:00"), "stale when its local day ends (R-TIME-5)")
        #expect(greeting.dedupeKey == "birthday:1:2026")
        #expect(greeting.channel == "sms")
        #expect(greeting.text == "王女士，回访诊所祝您生日快乐，身体健康，万事如意！")
    }

    @Test("R-MEM-7 a birthday template may name the member's tier and benefits; for other customers they are empty")
    func tierInGreeting() throws {
        var withTier = settings()
        withTier.birthdayTemplate = LocalizedTemplate([.zhHans: try MessageTemplate("{salutation}生日快乐！{tier}礼遇：{benefits}",
                                                                                    allowed: GreetingPlanner.birthdayVariables)])
        let gold = try #require(TierLadder.fiveCards.tier(named: "金卡"))
        let planned = GreetingPlanner.plan(
            customers: [customer(1, "王小梅", birthday: "1990-05-01"), customer(2, "李雷", birthday: "1990-05-01", gender: .male)],
            settings: withTier, consent: ConsentPolicy(configured: ["sms"], order: ["sms"]), from: at("2026-04-30 00:00"), through: at("2026-05-02 00:00"),
            now: at("2026-04-30 00:00"), tiers: [1: gold])
        #expect(planned.map(\.text) == ["王女士生日快乐！金卡礼遇：生日礼、85折、优先预约", "李先生生日快乐！礼遇："])
    }

    @Test("R-TIME-2 a 29 February birthday is greeted on 28 February in common years, or 1 March if configured, and on the 29th in leap years")
    func leapDayBirthday() {
        let leapling = customer(2, "李四", birthday: "2000-02-29", gender: .male)
        #expect(plan([leapling], settings(), from: "2027-02-01 00:00", through: "2027-03-31 00:00").map(\.dueAt) == [at("2027-02-28 10:00")])
        #expect(plan([leapling], settings(leapDay: .mar1), from: "2027-02-01 00:00", through: "2027-03-31 00:00").map(\.dueAt) == [at("2027-03-01 10:00")])
        #expect(plan([leapling], settings(), from: "2028-02-01 00:00", through: "2028-03-31 00:00").map(\.dueAt) == [at("2028-02-29 10:00")])
    }

    @Test("R-TIME-3 a lunar birthday follows the lunar date: born on lunar 8/15 (2024-09-17) is greeted on 2026-09-25")
    func lunarBirthday() {
        let lunar = customer(3, "陳大文", birthday: "2024-09-17", lunar: true, gender: .male, locale: .zhHant)
        let planned = plan([lunar], settings(), from: "2026-09-01 00:00", through: "2026-10-31 00:00")
        #expect(planned.map(\.dueAt) == [at("2026-09-25 10:00")])
        #expect(planned.first?.dedupeKey == "birthday:3:lunar-2026")
        #expect(planned.first?.text == "陳先生，回访诊所祝您生日快樂，身體健康，萬事如意！")
    }

    @Test("R-TIME-3 a leap-6th-month birthday (2025-08-03) falls in the ordinary 6th month in 2026")
    func lunarLeapMonthBirthday() {
        let born = customer(4, "周九", birthday: "2025-08-03", lunar: true)
        #expect(plan([born], settings(), from: "2026-07-01 00:00", through: "2026-08-31 00:00").map(\.dueAt) == [at("2026-07-23 10:00")])
    }

    @Test("R-TIME-4 holidays: lunar Spring Festival and Mid-Autumn, Gregorian 8 March for a tag, each with its name")
    func holidays() {
        let holidays = [
            HolidayRule(id: "spring-festival", day: .lunar(month: 1, day: 1), time: LocalTime("09:30")!,
                        names: [.zhHans: "春节", .zhHant: "春節", .en: "Spring Festival"]),
            HolidayRule(id: "mid-autumn", day: .lunar(month: 8, day: 15), time: LocalTime("09:30")!,
                        names: [.zhHans: "中秋节", .en: "Mid-Autumn Festival"]),
            HolidayRule(id: "womens-day", day: .gregorian(month: 3, day: 8), time: LocalTime("10:00")!,
                        audience: .tag("women"), names: [.zhHans: "妇女节", .en: "Women's Day"]),
        ]
        let wang = customer(1, "王小梅", birthday: nil, tags: ["women"])
        let smith = customer(2, "Anna Smith", birthday: nil, locale: .en)
        let planned = plan([wang, smith], settings(holidays: holidays), from: "2027-01-01 00:00", through: "2027-12-31 00:00")
        let keys = Set(planned.map(\.dedupeKey))
        #expect(keys == ["holiday:spring-festival:1:2027", "holiday:spring-festival:2:2027", "holiday:mid-autumn:1:2027",
                         "holiday:mid-autumn:2:2027", "holiday:womens-day:1:2027"])
        #expect(planned.first { $0.dedupeKey == "holiday:spring-festival:1:2027" }?.dueAt == at("2027-02-06 09:30"))
        #expect(planned.first { $0.dedupeKey == "holiday:mid-autumn:2:2027" }?.text == "回访诊所 wishes you a happy Mid-Autumn Festival, Ms. Smith!")
        #expect(planned.first { $0.dedupeKey == "holiday:womens-day:1:2027" }?.text == "王女士，回访诊所恭祝您妇女节快乐，阖家安康！")
    }

    @Test("R-TIME-1 a greeting due outside the channel's window is held to the next opening; its dedupe key stays")
    func heldToWindow() {
        var early = settings()
        early.birthday = BirthdayRule(time: LocalTime("07:30")!)
        let planned = plan([customer(1, "王小梅", birthday: "1990-05-01")], early, from: "2026-05-01 00:00", through: "2026-05-02 00:00")
        #expect(planned.map(\.occasion) == [at("2026-05-01 07:30")])
        #expect(planned.map(\.dueAt) == [at("2026-05-01 09:00")])
        #expect(planned.map(\.dedupeKey) == ["birthday:1:2026"])
    }

    @Test("R-TIME-1 greetings follow the customer's own zone (America/New_York)")
    func customerZone() {
        let newYork = TimeZone(identifier: "America/New_York")!
        let planned = GreetingPlanner.plan(
            customers: [customer(5, "Anna Smith", birthday: "1985-03-08", locale: .en, zone: "America/New_York")],
            settings: settings(), consent: ConsentPolicy(configured: ["sms"], order: ["sms"]), from: at("2026-03-01 00:00", newYork),
            through: at("2026-03-31 00:00", newYork), now: at("2026-03-01 00:00", newYork))
        #expect(planned.map(\.dueAt) == [at("2026-03-08 10:00", newYork)])
    }

    @Test("R-CUS-4 R-TIME-5 an opted-out channel is passed over; a greeting whose day has ended is not planned")
    func consentAndStaleness() {
        let optedOut = customer(6, "赵六", birthday: "1990-05-01", optedOut: ["sms"])
        #expect(plan([optedOut], settings(), from: "2026-05-01 00:00", through: "2026-05-02 00:00").map(\.channel) == ["email"])
        let allOut = customer(7, "钱七", birthday: "1990-05-01", optedOut: ["sms", "email"])
        #expect(plan([allOut], settings(), from: "2026-05-01 00:00", through: "2026-05-02 00:00").isEmpty)
        let c = customer(8, "孙八", birthday: "1990-05-01")
        #expect(plan([c], settings(), from: "2026-04-30 00:00", through: "2026-05-03 00:00", now: "2026-05-01 20:59").count == 1)
        #expect(plan([c], settings(), from: "2026-04-30 00:00", through: "2026-05-03 00:00", now: "2026-05-02 00:00").isEmpty,
                "the next morning is too late")
    }

    @Test("R-TIME-5 a greeting goes on its local day or not at all, and not to a customer added after that day")
    func onTheDayOrNotAtAll() throws {
        // Birthday 11-28, greeted at 10:00 Shanghai.
        var late = customer(1, "王小梅", birthday: "1990-11-28")
        late.createdAt = at("2026-11-29 08:00")
        #expect(plan([late], settings(), from: "2026-11-27 00:00", through: "2026-11-30 00:00", now: "2026-11-29 08:00").isEmpty,
                "imported the morning after: no 生日快乐")
        var early = customer(2, "李娜", birthday: "1990-11-28")
        early.createdAt = at("2026-11-01 08:00")
        let planned = try #require(plan([early], settings(), from: "2026-11-27 00:00", through: "2026-11-30 00:00",
                                        now: "2026-11-28 09:00").first)
        #expect(planned.expiresAt == at("2026-11-29 00:00"), "stale when the local day ends, not 24 hours on")
        #expect(plan([early], settings(), from: "2026-11-27 00:00", through: "2026-11-30 00:00", now: "2026-11-29 00:30").isEmpty,
                "the day is over")
        #expect(plan([early], settings(), from: "2026-11-27 00:00", through: "2026-11-30 00:00", now: "2026-11-28 21:30").isEmpty,
                "the window would only open tomorrow")
        var sameDay = customer(3, "赵敏", birthday: "1990-11-28")
        sameDay.createdAt = at("2026-11-28 15:00")
        #expect(plan([sameDay], settings(), from: "2026-11-27 00:00", through: "2026-11-30 00:00", now: "2026-11-28 15:00").count == 1,
                "added on the day itself: still greeted that day")
    }

    @Test("templates: unknown variables are refused at parse time; braces can be escaped")
    func templates() throws {
        #expect(throws: MessageTemplate.ParseError.unknownVariable("phone", allowed: ["name"])) {
            try MessageTemplate("Hi {phone}", allowed: ["name"])
        }
        #expect(throws: MessageTemplate.ParseError.unclosedBrace) { try MessageTemplate("Hi {name", allowed: ["name"]) }
        let template = try MessageTemplate("{{literal}} {name}!", allowed: ["name"])
        #expect(template.render(["name": "王"]) == "{literal} 王!")
        #expect(template.variables == ["name"])
    }

    @Test("salutations: surname + honorific in Chinese (compound surnames too), Ms./Mr. in English, full name when the gender is unknown")
    func salutations() {
        #expect(Salutation.values(for: customer(1, "欧阳娜娜", birthday: nil))["salutation"] == "欧阳女士")
        #expect(Salutation.values(for: customer(1, "张伟", birthday: nil, gender: .male))["salutation"] == "张先生")
        #expect(Salutation.values(for: customer(1, "张伟", birthday: nil, gender: .unknown))["salutation"] == "张伟")
        #expect(Salutation.values(for: customer(1, "John Lee", birthday: nil, gender: .male, locale: .en))["salutation"] == "Mr. Lee")
    }

    @Test("R-MEM-7 an anniversary of the first visit is greeted from the first year on, with the years counted")
    func anniversary() {
        var greeting = settings()
        greeting.anniversaryTemplate = DefaultTemplates.anniversary
        let c = customer(7, "王小梅", birthday: nil)
        let consent = ConsentPolicy(configured: ["sms", "email"], order: ["sms", "email"])
        let planned = GreetingPlanner.plan(customers: [c], settings: greeting, consent: consent, from: at("2026-11-28 00:00"),
                                           through: at("2026-11-29 00:00"), now: at("2026-11-28 08:00"),
                                           since: [7: at("2023-11-28 15:00")])
        #expect(planned.map(\.kind) == [GreetingPlanner.anniversaryKind])
        #expect(planned.first?.text == "王女士，今天是您与回访诊所相识3周年的日子，感谢您一路相伴，期待继续为您服务！")
        let newcomer = GreetingPlanner.plan(customers: [c], settings: greeting, consent: consent, from: at("2026-11-28 00:00"),
                                            through: at("2026-11-29 00:00"), now: at("2026-11-28 08:00"),
                                            since: [7: at("2026-11-28 09:00")])
        #expect(newcomer.isEmpty, "no anniversary in the year of the first visit")
    }

    @Test("R-MEM-7 a tier with a birthday gift gets a front-desk task three days before the birthday; a tier without, none")
    func birthdayGift() {
        let gold = Tier(name: "金卡", fromMinor: 1, benefits: ["生日礼", "85折"])
        let plain = Tier(name: "普通", fromMinor: 0, benefits: ["9折"])
        let customers = [customer(1, "王小梅", birthday: "1990-12-01"), customer(2, "李娜", birthday: "1991-12-01")]
        let tasks = BirthdayGifts.plan(customers: customers, tiers: [1: gold, 2: plain], rule: BirthdayRule(), daysBefore: 3,
                                       from: at("2026-11-28 00:00"), through: at("2026-11-30 00:00"))
        #expect(tasks.map(\.customerId) == [1])
        #expect(tasks.first?.dueAt == at("2026-11-28 09:00"))
        #expect(tasks.first?.overdueAt == at("2026-12-02 00:00"))
        #expect(tasks.first?.assignee == "front-desk")
        #expect(tasks.first?.text == "为王小梅准备生日礼（金卡，12月1日生日），送出后请记为已完成")
    }
}
