import Foundation
import GRDB
import HuifangCore
import HuifangStore
import HuifangTestSupport
import Testing

/// The store contract: every test here takes `any Store` from each driver, so a second
/// driver (PostgreSQL) runs the same suite as it is (river's driver tests are the model).
/// Tests of one driver's own mechanics (files, WAL, query plans) say so in their name.
enum StoreDriver: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqliteFile = "SQLite file"
    case sqliteMemory = "SQLite in memory"
    case postgres = "PostgreSQL"

    /// A fresh, empty store; a PostgreSQL one in a database of its own on the test process's cluster.
    func make(in dir: TempDirectory) throws -> any Store {
        switch self {
        case .sqliteFile: return try SQLiteStore(path: dir.file("huifang.sqlite"))
        case .sqliteMemory: return try SQLiteStore.inMemory()
        case .postgres:
            return try PostgresStore(url: try PostgresCluster.shared().freshDatabase(), poolSize: 2)
        }
    }

    /// Two stores on one database, as two desks (or two nodes) have it.
    func pair(in dir: TempDirectory) throws -> (any Store, any Store) {
        switch self {
        case .sqliteFile: return (try SQLiteStore(path: dir.file("huifang.sqlite")), try SQLiteStore(path: dir.file("huifang.sqlite")))
        case .sqliteMemory: throw TestFailure("an in-memory SQLite store is one connection's alone")
        case .postgres:
            let url = try PostgresCluster.shared().freshDatabase()
            return (try PostgresStore(url: url, poolSize: 2), try PostgresStore(url: url, poolSize: 2))
        }
    }

    /// The drivers whose stores can share one database.
    static let shared: [StoreDriver] = [.sqliteFile, .postgres]

    var testDescription: String { rawValue }
}

@Suite struct StoreContractTests {
    let dir = TempDirectory("store")
    let clock = ManualClock()
    var path: String { dir.file("huifang.sqlite") }

    private func customer(_ store: any Store, name: String = "王小梅") throws -> Customer {
        try store.addCustomer(Customer(id: 0, name: name, phone: "+8613800000000", createdAt: clock.now()))
    }

    private func message(_ customer: Customer, dueIn seconds: TimeInterval = 0, key: String? = nil) -> Message {
        let id = MessageID.generate(now: clock.now())
        return Message(id: id, dedupeKey: key ?? "manual:\(id)", kind: "message.manual", customerId: customer.id,
                       channel: "sms", text: "你好", locale: .zhHans, dueAt: clock.now().addingTimeInterval(seconds),
                       createdAt: clock.now())
    }

    private func attempt(_ message: Message, status: Int?, outcome: DeliveryOutcome.Class) -> DeliveryAttempt {
        DeliveryAttempt(messageId: message.id, number: message.attempts + 1, startedAt: clock.now(),
                        finishedAt: clock.now().addingTimeInterval(0.05), httpStatus: status,
                        error: outcome == .delivered ? nil : "HTTP \(status ?? 0)", outcome: outcome, endpoint: "sms")
    }

    @Test("SQLite: migrations create the schema on an empty file in WAL mode with foreign keys on")
    func migratesEmptyFile() throws {
        let store = try SQLiteStore(path: path)
        #expect(try store.appliedMigrations() == SQLiteStore.knownMigrations)
        let (tables, journal, foreignKeys, synchronous) = try store.writer.read { db in
            (try ["customers", "messages", "delivery_attempts"].filter { try db.tableExists($0) },
             try String.fetchOne(db, sql: "PRAGMA journal_mode"),
             try Int.fetchOne(db, sql: "PRAGMA foreign_keys"),
             try Int.fetchOne(db, sql: "PRAGMA synchronous"))
        }
        #expect(tables == ["customers", "messages", "delivery_attempts"])
        #expect(journal == "wal")
        #expect(foreignKeys == 1)
        #expect(synchronous == 1, "NORMAL")
        #expect(try store.integrityCheck() == "ok")
    }

    @Test("R-CUS-1 SQLite: re-opening an existing file keeps its data and applies nothing twice")
    func reopensExistingFile() throws {
        var id: Int64 = 0
        do {
            let store = try SQLiteStore(path: path)
            id = try customer(store).id
        }
        let reopened = try SQLiteStore(path: path)
        #expect(try reopened.appliedMigrations() == SQLiteStore.knownMigrations)
        #expect(try reopened.customer(id: id)?.name == "王小梅")
        #expect(try reopened.customers(afterId: 0, limit: 10).count == 1)
    }

    @Test("R-CUS-1 customer fields round-trip, tags included", arguments: StoreDriver.allCases)
    func customerRoundTrip(_ driver: StoreDriver) throws {
        let store = try driver.make(in: dir)
        var input = Customer(id: 0, name: "Bella's owner", gender: .female, birthday: LocalDate(year: 1988, month: 8, day: 8),
                             lunarBirthday: true, phone: "13800000000", email: "o@example.com", wechatId: "wx",
                             locale: .en, timeZone: "Europe/Berlin", tags: ["pet", "vip"], notes: "prefers mornings",
                             createdAt: Date(unixMillis: clock.now().unixMillis))
        input = try store.addCustomer(input)
        #expect(try store.customer(id: input.id) == input)
    }

    @Test("R-DLV-5 a dedupe key is stored once; a second insert returns the first message", arguments: StoreDriver.allCases)
    func dedupeKey(_ driver: StoreDriver) throws {
        let store = try driver.make(in: dir)
        let c = try customer(store)
        let first = message(c, key: "birthday:1:2026")
        let second = message(c, key: "birthday:1:2026")
        #expect(try store.insertMessage(first).inserted)
        let again = try store.insertMessage(second)
        #expect(!again.inserted)
        #expect(again.message.id == first.id)
    }

    @Test("R-DLV-5 claiming takes only due messages, oldest first, under a lease, and never twice", arguments: StoreDriver.allCases)
    func claimsUnderLease(_ driver: StoreDriver) throws {
        let store = try driver.make(in: dir)
        let c = try customer(store)
        let late = message(c, dueIn: -10)
        let early = message(c, dueIn: -20)
        let future = message(c, dueIn: 60)
        for m in [late, early, future] { _ = try store.insertMessage(m) }
        // The queue as the forecast and the plan reports read it: from a time on, and counted.
        #expect(try store.queued(customerId: nil, branch: nil, from: clock.now().addingTimeInterval(-15), through: clock.now().addingTimeInterval(60),
                                 limit: 1).map(\.id) == [late.id], "what comes before `from` takes no place")
        #expect(try store.queuedCounts(through: clock.now(), branch: nil) == ["message.manual": 2])
        #expect(try store.queuedCounts(through: clock.now().addingTimeInterval(60), branch: nil) == ["message.manual": 3])
        // One branch's customers' queue only.
        var east = Customer(id: 0, name: "浦东客人", phone: "+8613800000001", createdAt: clock.now())
        east.branch = "pudong"
        east = try store.addCustomer(east)
        let eastMessage = message(east, dueIn: 90)   // after the claims below
        _ = try store.insertMessage(eastMessage)
        #expect(try store.queued(customerId: nil, branch: "pudong", from: nil, through: clock.now().addingTimeInterval(120), limit: 10)
            .map(\.id) == [eastMessage.id])
        #expect(try store.queuedCounts(through: clock.now().addingTimeInterval(120), branch: "pudong") == ["message.manual": 1])
        #expect(try store.queuedCounts(through: clock.now().addingTimeInterval(120), branch: "xuhui").isEmpty)
        let lease = clock.now().addingTimeInterval(30)
        let claimed = try store.claimDue(channel: "sms", now: clock.now(), limit: 10, owner: "a", leaseUntil: lease)
        #expect(claimed.map(\.id) == [early.id, late.id])
        #expect(claimed.allSatisfy { $0.status == .sending && $0.leaseOwner == "a" && $0.leaseExpiresAt == Date(unixMillis: lease.unixMillis) })
        #expect(try store.claimDue(channel: "sms", now: clock.now(), limit: 10, owner: "b", leaseUntil: lease).isEmpty)
        #expect(try store.nextDueAt(channel: "sms") == Date(unixMillis: future.dueAt.unixMillis))
        clock.advance(by: 61)
        #expect(try store.claimDue(channel: "sms", now: clock.now(), limit: 10, owner: "b", leaseUntil: lease).map(\.id) == [future.id])
    }

    @Test("R-DLV-3 R-DLV-5 a batch of 123 outcomes (pieces of 100, 10 and 1) is written whole; an operator's retry, replay and pauses; queued, skipped and counted alike on every driver",
          arguments: StoreDriver.allCases)
    func batchesAndOperations(_ driver: StoreDriver) throws {
        let store = try driver.make(in: dir)
        let c = try customer(store)
        var messages = (0..<124).map { _ in message(c) }
        messages[123].category = .marketing
        #expect(try store.insertNew(messages) == 124)
        #expect(try store.existingDedupeKeys([messages[0].dedupeKey, "none"]) == [messages[0].dedupeKey])
        #expect(try store.queued(customerId: c.id, branch: nil, from: nil, through: clock.now(), limit: 500).count == 124)
        let claimed = try store.claimDue(channel: "sms", now: clock.now(), limit: 500, owner: "a", leaseUntil: clock.now().addingTimeInterval(30))
        #expect(claimed.count == 124)
        let (delivered, last) = (claimed.filter { $0.id != messages[0].id }, claimed.first { $0.id == messages[0].id }!)
        try store.record(delivered.map { DeliveryResult(attempt: attempt($0, status: 200, outcome: .delivered), decision: .delivered, leaseOwner: "a") }
                         + [DeliveryResult(attempt: attempt(last, status: 400, outcome: .permanent), decision: .dead(reason: "HTTP 400"), leaseOwner: "a")],
                         fallbacks: [], now: clock.now())
        #expect(try store.statusCounts()[.delivered] == 123 && store.statusCounts()[.dead] == 1)
        #expect(try delivered.allSatisfy { try store.attempts(messageId: $0.id).map(\.number) == [1] })
        #expect(try store.message(id: delivered[77].id)?.deliveredAt != nil)
        #expect(try store.marketingDeliveries(customerIds: [c.id], since: clock.now().addingTimeInterval(-60))[c.id]?.count == 1)

        // An operator's retry and replay put messages back in the queue, with their story.
        let requeued = try store.requeue(id: last.id, now: clock.now())
        #expect(requeued.status == .pending && requeued.attemptsSinceRetry == 0)
        #expect(try store.events(messageId: last.id).map(\.kind).contains(.requeued))
        #expect(throws: HuifangError.self) { try store.requeue(id: delivered[0].id, now: self.clock.now()) }
        try store.skipQueued([(last.id, "consent: opted out of sms")], now: clock.now())
        #expect(try store.message(id: last.id)?.status == .skipped)
        #expect(try store.replay(ReplayFilter(status: .skipped, channel: "sms"), now: clock.now()) == 1)
        #expect(try store.message(id: last.id)?.status == .pending)

        // Pauses, with and without a reason.
        try store.setEndpoint("sms", paused: true, now: clock.now())
        try store.pauseEndpoint("wechat", reason: "410 Gone", now: clock.now())
        #expect(Set(try store.pausedEndpoints().keys) == ["sms", "wechat"])
        #expect(try store.endpointPauseReasons() == ["wechat": "410 Gone"])
        try store.setEndpoint("sms", paused: false, now: clock.now())
        #expect(Set(try store.pausedEndpoints().keys) == ["wechat"])
    }

    @Test("R-DLV-3 recorded results move messages on and keep one attempt row per try", arguments: StoreDriver.allCases)
    func recordsResults(_ driver: StoreDriver) throws {
        let store = try driver.make(in: dir)
        let c = try customer(store)
        let ok = message(c), retry = message(c), dead = message(c)
        for m in [ok, retry, dead] { _ = try store.insertMessage(m) }
        let claimed = try store.claimDue(channel: "sms", now: clock.now(), limit: 10, owner: "a", leaseUntil: clock.now().addingTimeInterval(30))
        let byId = Dictionary(uniqueKeysWithValues: claimed.map { ($0.id, $0) })
        let retryAt = clock.now().addingTimeInterval(8)
        try store.record([
            DeliveryResult(attempt: attempt(byId[ok.id]!, status: 200, outcome: .delivered), decision: .delivered, leaseOwner: "a"),
            DeliveryResult(attempt: attempt(byId[retry.id]!, status: 503, outcome: .retry), decision: .retry(at: retryAt, reason: "HTTP 503"), leaseOwner: "a"),
            DeliveryResult(attempt: attempt(byId[dead.id]!, status: 404, outcome: .permanent), decision: .dead(reason: "HTTP 404"), leaseOwner: "a"),
        ], fallbacks: [], now: clock.now())
        let delivered = try #require(try store.message(id: ok.id))
        #expect(delivered.status == .delivered)
        #expect(delivered.attempts == 1)
        #expect(delivered.deliveredAt != nil)
        #expect(delivered.leaseOwner == nil)
        let failed = try #require(try store.message(id: retry.id))
        #expect(failed.status == .failed)
        #expect(failed.dueAt == Date(unixMillis: retryAt.unixMillis))
        #expect(failed.lastError == "HTTP 503")
        let gone = try #require(try store.message(id: dead.id))
        #expect(gone.status == .dead)
        #expect(gone.lastError == "HTTP 404")
        #expect(try store.attempts(messageId: retry.id).map(\.httpStatus) == [503])
        #expect(try store.statusCounts() == [.delivered: 1, .failed: 1, .dead: 1])
        // The failed message is claimable again once its retry time comes.
        #expect(try store.claimDue(channel: "sms", now: clock.now(), limit: 10, owner: "a", leaseUntil: retryAt).isEmpty)
        clock.advance(by: 9)
        #expect(try store.claimDue(channel: "sms", now: clock.now(), limit: 10, owner: "a", leaseUntil: clock.now()).map(\.attempts) == [1])
    }

    @Test("R-DLV-5 a failure reported under a lost lease does not overwrite the new owner's state; a 2xx always counts", arguments: StoreDriver.allCases)
    func lostLease(_ driver: StoreDriver) throws {
        let store = try driver.make(in: dir)
        let c = try customer(store)
        let m = message(c)
        _ = try store.insertMessage(m)
        let claimedByA = try #require(try store.claimDue(channel: "sms", now: clock.now(), limit: 1, owner: "a", leaseUntil: clock.now().addingTimeInterval(1)).first)
        clock.advance(by: 2)
        #expect(try store.rescueExpiredLeases(now: clock.now()) == 1)
        _ = try store.claimDue(channel: "sms", now: clock.now(), limit: 1, owner: "b", leaseUntil: clock.now().addingTimeInterval(30))
        try store.record([DeliveryResult(attempt: attempt(claimedByA, status: 500, outcome: .retry),
                                         decision: .retry(at: clock.now(), reason: "HTTP 500"), leaseOwner: "a")], fallbacks: [], now: clock.now())
        #expect(try store.message(id: m.id)?.status == .sending)
        #expect(try store.message(id: m.id)?.leaseOwner == "b")
        try store.record([DeliveryResult(attempt: attempt(claimedByA, status: 200, outcome: .delivered),
                                         decision: .delivered, leaseOwner: "a")], fallbacks: [], now: clock.now())
        #expect(try store.message(id: m.id)?.status == .delivered)
        #expect(try store.attempts(messageId: m.id).count == 2, "every attempt is a row, whoever made it")
    }

    @Test("R-DLV-5 released and rescued leases return messages to the queue: pending if never tried, failed if tried", arguments: StoreDriver.allCases)
    func releaseAndRescue(_ driver: StoreDriver) throws {
        let store = try driver.make(in: dir)
        let c = try customer(store)
        let fresh = message(c), tried = message(c)
        for m in [fresh, tried] { _ = try store.insertMessage(m) }
        var claimed = try store.claimDue(channel: "sms", now: clock.now(), limit: 10, owner: "a", leaseUntil: clock.now().addingTimeInterval(30))
        let triedClaim = claimed.first { $0.id == tried.id }!
        try store.record([DeliveryResult(attempt: attempt(triedClaim, status: 503, outcome: .retry),
                                         decision: .retry(at: clock.now(), reason: "HTTP 503"), leaseOwner: "a")], fallbacks: [], now: clock.now())
        // `fresh` is still leased from the first claim; only `tried` comes due again.
        claimed = try store.claimDue(channel: "sms", now: clock.now(), limit: 10, owner: "a", leaseUntil: clock.now().addingTimeInterval(30))
        #expect(claimed.map(\.id) == [tried.id])
        #expect(try store.rescueExpiredLeases(now: clock.now()) == 0, "leases still valid")
        #expect(try store.releaseLeases(owner: "other", now: clock.now()) == 0)
        #expect(try store.releaseLeases(owner: "a", now: clock.now()) == 2)
        #expect(try store.message(id: fresh.id)?.status == .pending)
        #expect(try store.message(id: tried.id)?.status == .failed)
        _ = try store.claimDue(channel: "sms", now: clock.now(), limit: 10, owner: "a", leaseUntil: clock.now().addingTimeInterval(30))
        clock.advance(by: 31)
        #expect(try store.rescueExpiredLeases(now: clock.now()) == 2)
        #expect(try store.statusCounts() == [.pending: 1, .failed: 1])
    }

    @Test("SQLite: the due query is served by the (status, channel, due_at) index and does not scan")
    func dueQueryUsesIndex() throws {
        let store = try SQLiteStore(path: path)
        let plan = try store.writer.read { db in
            try Row.fetchAll(db, sql: """
                EXPLAIN QUERY PLAN SELECT id FROM messages
                 WHERE status IN ('pending', 'failed') AND due_at <= ? ORDER BY due_at LIMIT ?
                """, arguments: [0, 10]).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("USING INDEX messages_status_channel_due") }, "\(plan)")
        #expect(!plan.contains { $0.hasPrefix("SCAN messages") }, "\(plan)")
    }

    @Test("R-APT-4 open appointments past their end without a check-in become no-shows; checked-in and future ones do not", arguments: StoreDriver.allCases)
    func noShows(_ driver: StoreDriver) throws {
        let store = try driver.make(in: dir)
        let c = try customer(store)
        func book(_ minutesFromNow: Double) throws -> Appointment {
            try store.addAppointment(
                Appointment(id: 0, customerId: c.id, service: "laser", staff: "李", start: clock.now().addingTimeInterval(minutesFromNow * 60),
                            durationMinutes: 30, place: ""), now: clock.now())
        }
        let missed = try book(-60)
        let arrived = try book(-60)
        let ongoing = try book(-10)
        var checkedIn = arrived
        checkedIn.checkedInAt = arrived.start
        try store.updateAppointment(checkedIn, now: clock.now())
        #expect(try store.markNoShows(now: clock.now()) == 1)
        #expect(try store.appointment(id: missed.id)?.status == .noShow)
        #expect(try store.appointment(id: arrived.id)?.status == .booked)
        #expect(try store.appointment(id: ongoing.id)?.status == .booked)
        clock.advance(by: 30 * 60)
        #expect(try store.markNoShows(now: clock.now()) == 1)
        #expect(try store.appointment(id: ongoing.id)?.status == .noShow)
    }

    @Test("R-OPS-2 a unit of work commits its changes and its audit row together, or neither", arguments: StoreDriver.allCases)
    func unitOfWork(_ driver: StoreDriver) throws {
        let store = try driver.make(in: dir)
        struct Refused: Error {}
        do {
            try store.unitOfWork {
                let c = try customer(store, name: "张三")
                try store.audit(AuditEntry(at: clock.now(), uid: 0, role: "admin", command: "customer.add", customerId: c.id,
                                           outcome: .ok, detail: ""))
                throw Refused()
            }
            Issue.record("the unit did not throw")
        } catch is Refused {}
        #expect(try store.customers(afterId: 0, limit: 10).isEmpty, "a rolled-back unit left a customer")
        #expect(try store.auditEntries(customerId: nil, since: nil, scope: nil, limit: 10).isEmpty, "a rolled-back unit left an audit row")

        let added = try store.unitOfWork { () throws -> Customer in
            let c = try customer(store, name: "李四")
            #expect(try store.customer(id: c.id)?.name == "李四", "reads inside the unit see its own writes")
            try store.audit(AuditEntry(at: clock.now(), uid: 0, role: "admin", command: "customer.add", customerId: c.id,
                                       outcome: .ok, detail: ""))
            return c
        }
        #expect(try store.customer(id: added.id)?.name == "李四")
        #expect(try store.auditEntries(customerId: added.id, since: nil, scope: nil, limit: 10).map(\.command) == ["customer.add"])
    }

    @Test("R-FU-8 R-DLV-5 planned work is applied once: cancels by prefix, new messages and tasks, each task with its notice linked", arguments: StoreDriver.allCases)
    func applyPlannedWork(_ driver: StoreDriver) throws {
        let store = try driver.make(in: dir)
        let c = try customer(store)
        let now = clock.now()
        var task = PlannedTask(kind: MessageKind.followUpDue, customerId: c.id, visitId: nil, step: "laser/day3", assignee: "张护士",
                               dueAt: now, overdueAt: now.addingTimeInterval(86_400), text: "回访", dedupeKey: "fu:1:day3")
        task.notice = TaskNotice(locale: .zhHans)
        let reminder = message(c, key: "fu:1:sms")
        let work = PlannedWork(tasks: [task], messages: [reminder])
        let applied = try store.apply(work, now: now)
        #expect(applied.tasks.count == 1 && applied.messages.count == 2, "the reminder and the task's notice")
        let written = try #require(applied.tasks.first)
        let noticeId = try #require(written.messageId)
        let notice = try #require(try store.message(id: noticeId))
        #expect(notice.dedupeKey == "task:\(written.id)" && notice.channel == ChannelName.staffTask)
        #expect(try store.apply(work, now: now).count == 0, "dedupe keys seen before write nothing")

        let cancelled = try store.apply(PlannedWork(cancelPrefixes: ["fu:1:"], reason: "replaced"), now: now)
        #expect(cancelled.count == 0)
        #expect(try store.message(id: reminder.id)?.status == .cancelled)
        #expect(try store.message(id: notice.id)?.status == .cancelled, "a cancelled task's notice goes too")
    }

    @Test("R-FU-8 R-DLV-7 closing a task withdraws its notice while still queued, saying why", arguments: StoreDriver.allCases)
    func closedTaskNoticeWithdrawn(_ driver: StoreDriver) throws {
        let store = try driver.make(in: dir)
        let c = try customer(store)
        let now = clock.now()
        var task = PlannedTask(kind: MessageKind.followUpDue, customerId: c.id, visitId: nil, step: "laser/day3", assignee: "张护士",
                               dueAt: now.addingTimeInterval(3 * 86_400), overdueAt: now.addingTimeInterval(5 * 86_400),
                               text: "回访", dedupeKey: "fu:2:day3")
        task.notice = TaskNotice(locale: .zhHans)
        let written = try #require(try store.apply(PlannedWork(tasks: [task]), now: now).tasks.first)
        let noticeId = try #require(written.messageId)
        _ = try store.closeTask(id: written.id, status: .done, note: "提前回访了", who: "张护士", now: now, followUps: [], messages: [])
        let notice = try #require(try store.message(id: noticeId))
        #expect(notice.status == .cancelled)
        #expect(notice.lastError == "superseded by task \(written.id) closed (done)")
    }

    @Test("R-DLV-7 a message's story is written with each change: created, held, a lane's hold noted once on claim, superseded; erasure removes it",
          arguments: StoreDriver.allCases)
    func messageStory(_ driver: StoreDriver) throws {
        let store = try driver.make(in: dir)
        let c = try customer(store)
        let m = message(c, key: "cmp:1:update:1")
        #expect(try store.insertMessage(m).inserted)
        #expect(try store.events(messageId: m.id).map(\.kind) == [.created])
        #expect(try store.events(messageId: m.id).first?.detail == "message.manual, key cmp:1:update:1")
        _ = try store.insertMessage(m)
        #expect(try store.events(messageId: m.id).count == 1, "a dedupe hit writes nothing")

        let lease = clock.now().addingTimeInterval(30)
        _ = try store.claimDue(channel: "sms", now: clock.now(), limit: 10, owner: "a", leaseUntil: lease)
        try store.record([DeliveryResult(messageId: m.id, attempt: nil, disposition: .held(until: clock.now(), reason: "window: closed"),
                                         leaseOwner: "a")], fallbacks: [], now: clock.now())
        let note = LaneHoldNote(reason: "circuit: the sms circuit was open", until: clock.now().addingTimeInterval(1))
        for _ in 0..<2 {
            let claimed = try store.claimDue(channel: "sms", now: clock.now(), limit: 10, owner: "a", leaseUntil: lease, held: note)
            #expect(claimed.map(\.id) == [m.id])
            try store.release(ids: [m.id], owner: "a", now: clock.now())
        }
        try store.apply(PlannedWork(cancelPrefixes: ["cmp:1:"], reason: "superseded by complaint #1 now resolved"), now: clock.now())
        let story = try store.events(messageId: m.id)
        #expect(story.map(\.kind) == [.created, .held, .held, .superseded])
        #expect(story.map(\.detail).suffix(3) == ["window: closed", "circuit: the sms circuit was open", "superseded by complaint #1 now resolved"])

        _ = try store.eraseCustomer(id: c.id, now: clock.now())
        #expect(try store.events(messageId: m.id).isEmpty, "the story names what the customer was sent about")
    }
}
