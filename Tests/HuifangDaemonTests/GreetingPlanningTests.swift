import Foundation
import HuifangCore
@testable import HuifangDaemon
import HuifangStore
import HuifangTestSupport
import Logging
import Testing

/// Incremental greeting planning on a real SQLite file: a run reads only the customers whose
/// day has come (or who changed), and nothing is planned twice.
@Suite struct GreetingPlanningTests {
    /// 2026-07-10 08:00 in Shanghai: no holiday near, birthdays spread over the year.
    static let start = ISO8601DateFormatter().date(from: "2026-07-10T00:00:00Z")!

    static func config(holiday: String = "") throws -> HuifangConfig {
        try HuifangConfig.parse("""
            [channels.sms]
            url = "http://127.0.0.1:9/sms"
            secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
            \(holiday)
            """, file: "t.toml")
    }

    /// 200 customers whose birthdays are 10 to 300 days away, and one whose is tomorrow.
    static func populate(_ store: SQLiteStore, now: Date) throws -> Customer {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        for index in 0..<200 {
            let parts = calendar.dateComponents([.month, .day], from: now.addingTimeInterval(Double(10 + index * 290 / 200) * 86_400))
            let day = (month: parts.month!, day: parts.day!)
            _ = try store.addCustomer(Customer(id: 0, name: "客户\(index)", birthday: LocalDate(year: 1990, month: day.month, day: min(day.day, 28)),
                                               phone: "1380000\(String(format: "%04d", index))", createdAt: now.addingTimeInterval(-86_400 * 30)))
        }
        return try store.addCustomer(Customer(id: 0, name: "王小梅", birthday: LocalDate(year: 1988, month: 7, day: 11),
                                              phone: "13900000000", createdAt: now.addingTimeInterval(-86_400 * 30)))
    }

    static func greetings(_ store: SQLiteStore, customer: Int64? = nil) throws -> [Message] {
        try store.messages(status: nil, limit: 100_000).filter {
            $0.kind.hasSuffix("greeting") && (customer == nil || $0.customerId == customer)
        }
    }

    @Test("incremental planning: the first run works everyone out; later runs read only the customers whose day has come, then none; nothing is planned twice")
    func readsOnlyWhatIsDue() throws {
        let dir = TempDirectory("greet")
        let store = try SQLiteStore(path: dir.file("h.sqlite"))
        let clock = ManualClock(Self.start)
        let config = try Self.config()
        let tomorrow = try Self.populate(store, now: clock.now())
        let planning = GreetingPlanning(store: store, logger: Logger(label: "test"))

        let everyone = try store.greetingsDue(now: .distantFuture).count
        #expect(everyone == 201, "the house account (id 0) is never greeted nor read")
        let first = planning.plan(settings: config, now: clock.now())
        #expect(first == .init(read: everyone, inserted: 1), "every day was 0: all are worked out once")
        #expect(try Self.greetings(store).map(\.customerId) == [tomorrow.id])
        #expect(planning.plan(settings: config, now: clock.now()) == .init(read: 0, inserted: 0),
                "nothing due: no customer read (tomorrow's birthday is planned, its day moved on to next year)")
        clock.advance(by: 3 * 86_400)
        #expect(planning.plan(settings: config, now: clock.now()) == .init(read: 0, inserted: 0))
        // Nine days on, the window reaches the first of the others' birthdays (ten days away at the start).
        clock.advance(by: 6 * 86_400)
        #expect(planning.plan(settings: config, now: clock.now()) == .init(read: 1, inserted: 1),
                "read exactly when the birthday comes within the 48-hour lookahead")
        #expect(planning.plan(settings: config, now: clock.now()) == .init(read: 0, inserted: 0))
        #expect(try Self.greetings(store).count == 2)
    }

    @Test("incremental planning: a birthday edited to tomorrow and a customer added with a birthday in the lookahead are planned at the next run; an opt-out is looked at again")
    func changesArePlanned() throws {
        let dir = TempDirectory("greet")
        let store = try SQLiteStore(path: dir.file("h.sqlite"))
        let now = Self.start
        let config = try Self.config()
        _ = try Self.populate(store, now: now)
        let planning = GreetingPlanning(store: store, logger: Logger(label: "test"))
        _ = planning.plan(settings: config, now: now)
        #expect(planning.plan(settings: config, now: now).read == 0)

        var edited = try #require(try store.customers(afterId: 0, limit: 1).first)
        #expect(try Self.greetings(store, customer: edited.id).isEmpty)
        edited.birthday = LocalDate(year: 1990, month: 7, day: 11)
        try store.updateCustomer(edited, now: now)
        let added = try store.addCustomer(Customer(id: 0, name: "李娜", birthday: LocalDate(year: 1995, month: 7, day: 11),
                                                   phone: "13700000000", createdAt: now.addingTimeInterval(-86_400)))
        #expect(planning.plan(settings: config, now: now) == .init(read: 2, inserted: 2), "the edited and the added, no one else")
        #expect(try Self.greetings(store, customer: edited.id).count == 1)
        #expect(try Self.greetings(store, customer: added.id).count == 1)
        #expect(planning.plan(settings: config, now: now) == .init(read: 0, inserted: 0))
        // An opt-out changes who may be greeted: looked at again, nothing planned twice.
        try store.setOptOut(customerId: added.id, channel: "sms", optedOut: true, now: now)
        #expect(planning.plan(settings: config, now: now) == .init(read: 1, inserted: 0))
    }

    @Test("incremental planning: across a restart nothing is read again or planned twice; a reload that adds a holiday works everyone out once")
    func restartsAndReloads() throws {
        let dir = TempDirectory("greet")
        let now = Self.start
        do {
            let store = try SQLiteStore(path: dir.file("h.sqlite"))
            _ = try Self.populate(store, now: now)
            _ = GreetingPlanning(store: store, logger: Logger(label: "test")).plan(settings: try Self.config(), now: now)
        }
        let store = try SQLiteStore(path: dir.file("h.sqlite"))   // the next start
        let planning = GreetingPlanning(store: store, logger: Logger(label: "test"))
        #expect(planning.plan(settings: try Self.config(), now: now) == .init(read: 0, inserted: 0))
        // A reload adds a holiday tomorrow (Shanghai time): everyone is worked out once more.
        let holiday = try Self.config(holiday: """
            [[holidays]]
            id = "summer"
            date = "07-11"
            name = { zh-Hans = "夏日关怀" }
            """)
        #expect(planning.plan(settings: holiday, now: now) == .init(read: 201, inserted: 201))
        #expect(planning.plan(settings: holiday, now: now) == .init(read: 0, inserted: 0), "planned once, days moved on")
        #expect(try Self.greetings(store).count == 202)
        // The same settings after another restart: nothing is worked out again.
        let restarted = GreetingPlanning(store: try SQLiteStore(path: dir.file("h.sqlite")), logger: Logger(label: "test"))
        #expect(restarted.plan(settings: holiday, now: now.addingTimeInterval(3600)) == .init(read: 0, inserted: 0))
    }
}
