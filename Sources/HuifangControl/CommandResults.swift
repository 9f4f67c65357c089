import Foundation
import HuifangCore

/// What the daemon answers, shared by both ends. Instants are ISO-8601 UTC strings.

public struct CreatedID<ID: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    public var id: ID
    public init(id: ID) { self.id = id }
}

public struct StatusView: Codable, Sendable, Equatable {
    public var version: String
    public var pid: Int32
    public var startedAt: String
    public var uptimeSeconds: Int
    public var store: String
    public var channels: [String]
    public var messages: [String: Int]
    public var nextDueAt: String?
    /// 1 for the config read at start, one more per successful SIGHUP reload.
    public var configGeneration: Int
    public var configLoadedAt: String

    enum CodingKeys: String, CodingKey {
        case version, pid, store, channels, messages
        case startedAt = "started_at"
        case uptimeSeconds = "uptime_seconds"
        case nextDueAt = "next_due_at"
        case configGeneration = "config_generation"
        case configLoadedAt = "config_loaded_at"
    }

    public init(version: String, pid: Int32, startedAt: String, uptimeSeconds: Int, store: String,
                channels: [String], messages: [String: Int], nextDueAt: String?, configGeneration: Int,
                configLoadedAt: String) {
        self.configGeneration = configGeneration
        self.configLoadedAt = configLoadedAt
        self.version = version
        self.pid = pid
        self.startedAt = startedAt
        self.uptimeSeconds = uptimeSeconds
        self.store = store
        self.channels = channels
        self.messages = messages
        self.nextDueAt = nextDueAt
    }
}

public struct CustomerView: Codable, Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var gender: String
    public var birthday: String?
    public var lunarBirthday: Bool
    public var phone: String?
    public var email: String?
    public var wechatId: String?
    public var locale: String
    public var tz: String
    public var tags: [String]
    public var notes: String
    public var createdAt: String
    /// Channels the customer opted out of (R-CUS-4).
    public var optedOut: [String]?
    /// When the customer was erased (R-CUS-5); the personal fields are empty since.
    public var erasedAt: String?
    /// Tier, spend and points (R-MEM); shown by customer.show.
    public var membership: MembershipView?

    enum CodingKeys: String, CodingKey {
        case membership
        case id, name, gender, birthday, phone, email, locale, tz, tags, notes
        case optedOut = "opted_out"
        case erasedAt = "erased_at"
        case lunarBirthday = "lunar_birthday"
        case wechatId = "wechat_id"
        case createdAt = "created_at"
    }

    public init(id: Int64, name: String, gender: String, birthday: String?, lunarBirthday: Bool,
                phone: String?, email: String?, wechatId: String?, locale: String, tz: String,
                tags: [String], notes: String, createdAt: String, optedOut: [String]? = nil, erasedAt: String? = nil) {
        self.optedOut = optedOut
        self.erasedAt = erasedAt
        self.id = id
        self.name = name
        self.gender = gender
        self.birthday = birthday
        self.lunarBirthday = lunarBirthday
        self.phone = phone
        self.email = email
        self.wechatId = wechatId
        self.locale = locale
        self.tz = tz
        self.tags = tags
        self.notes = notes
        self.createdAt = createdAt
    }
}

public struct AttemptView: Codable, Sendable, Equatable {
    public var attempt: Int
    public var startedAt: String
    public var latencyMs: Int64
    public var httpStatus: Int?
    public var outcome: String
    public var error: String?
    public var endpoint: String

    enum CodingKeys: String, CodingKey {
        case attempt, outcome, error, endpoint
        case startedAt = "started_at"
        case latencyMs = "latency_ms"
        case httpStatus = "http_status"
    }

    public init(attempt: Int, startedAt: String, latencyMs: Int64, httpStatus: Int?, outcome: String,
                error: String?, endpoint: String) {
        self.attempt = attempt
        self.startedAt = startedAt
        self.latencyMs = latencyMs
        self.httpStatus = httpStatus
        self.outcome = outcome
        self.error = error
        self.endpoint = endpoint
    }
}

public struct MessageView: Codable, Sendable, Equatable {
    public var id: String
    public var kind: String
    public var customer: Int64
    public var channel: String
    public var text: String
    public var locale: String
    public var status: String
    public var dueAt: String
    public var expiresAt: String?
    public var attemptCount: Int
    public var lastError: String?
    public var createdAt: String
    public var deliveredAt: String?
    /// The message this one replaced on another channel (R-DLV-4).
    public var fallbackOf: String?
    /// Present in `message.show`, absent in lists.
    public var attempts: [AttemptView]?

    enum CodingKeys: String, CodingKey {
        case id, kind, customer, channel, text, locale, status, attempts
        case fallbackOf = "fallback_of"
        case dueAt = "due_at"
        case expiresAt = "expires_at"
        case attemptCount = "attempt_count"
        case lastError = "last_error"
        case createdAt = "created_at"
        case deliveredAt = "delivered_at"
    }

    public init(id: String, kind: String, customer: Int64, channel: String, text: String,
                locale: String, status: String, dueAt: String, expiresAt: String?, attemptCount: Int,
                lastError: String?, createdAt: String, deliveredAt: String?, fallbackOf: String? = nil,
                attempts: [AttemptView]?) {
        self.fallbackOf = fallbackOf
        self.id = id
        self.kind = kind
        self.customer = customer
        self.channel = channel
        self.text = text
        self.locale = locale
        self.status = status
        self.dueAt = dueAt
        self.expiresAt = expiresAt
        self.attemptCount = attemptCount
        self.lastError = lastError
        self.createdAt = createdAt
        self.deliveredAt = deliveredAt
        self.attempts = attempts
    }
}

public struct CommandHelp: Codable, Sendable, Equatable {
    public var name: String
    public var usage: String
    public var summary: String

    public init(name: String, usage: String, summary: String) {
        self.name = name
        self.usage = usage
        self.summary = summary
    }
}

public struct CountResult: Codable, Sendable, Equatable {
    public var count: Int
    public init(count: Int) { self.count = count }
}

/// One channel's endpoint as `endpoint list` shows it.
public struct EndpointView: Codable, Sendable, Equatable {
    public var name: String
    public var url: String
    /// closed, open, half-open or paused.
    public var state: String
    public var consecutiveFailures: Int
    public var openUntil: String?
    public var pausedAt: String?
    public var inFlight: Int
    public var maxInFlight: Int
    public var rateLimitPerSecond: Double?
    public var delivered: Int
    public var failed: Int
    public var lastError: String?
    public var lastFailureAt: String?
    public var lastSuccessAt: String?

    enum CodingKeys: String, CodingKey {
        case name, url, state, delivered, failed
        case consecutiveFailures = "consecutive_failures"
        case openUntil = "open_until"
        case pausedAt = "paused_at"
        case inFlight = "in_flight"
        case maxInFlight = "max_in_flight"
        case rateLimitPerSecond = "rate_limit_per_second"
        case lastError = "last_error"
        case lastFailureAt = "last_failure_at"
        case lastSuccessAt = "last_success_at"
    }

    public init(name: String, url: String, state: String, consecutiveFailures: Int, openUntil: String?,
                pausedAt: String?, inFlight: Int, maxInFlight: Int, rateLimitPerSecond: Double?, delivered: Int,
                failed: Int, lastError: String?, lastFailureAt: String?, lastSuccessAt: String?) {
        self.name = name
        self.url = url
        self.state = state
        self.consecutiveFailures = consecutiveFailures
        self.openUntil = openUntil
        self.pausedAt = pausedAt
        self.inFlight = inFlight
        self.maxInFlight = maxInFlight
        self.rateLimitPerSecond = rateLimitPerSecond
        self.delivered = delivered
        self.failed = failed
        self.lastError = lastError
        self.lastFailureAt = lastFailureAt
        self.lastSuccessAt = lastSuccessAt
    }
}

/// One line of `forecast`: what will be sent or assigned, when, on which channel (R-DLV-7,
/// R-REP-3). `kind`, `customer`, `channel` and `due_at` (ISO-8601 with the customer's
/// offset) are a contract that outside checks use.
public struct ForecastEntry: Codable, Sendable, Equatable {
    public var kind: String
    public var customer: Int64
    public var channel: String
    public var dueAt: String
    public var text: String
    /// `queued` (stored, waiting) or `planned` (a rule will create it).
    public var source: String
    public var messageId: String?
    public var dedupeKey: String?

    enum CodingKeys: String, CodingKey {
        case kind, customer, channel, text, source
        case dueAt = "due_at"
        case messageId = "message_id"
        case dedupeKey = "dedupe_key"
    }

    public init(kind: String, customer: Int64, channel: String, dueAt: String, text: String, source: String,
                messageId: String?, dedupeKey: String?) {
        self.kind = kind
        self.customer = customer
        self.channel = channel
        self.dueAt = dueAt
        self.text = text
        self.source = source
        self.messageId = messageId
        self.dedupeKey = dedupeKey
    }
}

public struct TaskView: Codable, Sendable, Equatable {
    public var id: Int64
    public var kind: String
    public var customer: Int64
    public var visit: Int64?
    public var step: String
    public var assignee: String
    public var text: String
    public var urgent: Bool
    public var dueAt: String
    public var overdueAt: String
    public var overdue: Bool
    public var status: String
    public var note: String?

    enum CodingKeys: String, CodingKey {
        case id, kind, customer, visit, step, assignee, text, urgent, overdue, status, note
        case dueAt = "due_at"
        case overdueAt = "overdue_at"
    }

    public init(id: Int64, kind: String, customer: Int64, visit: Int64?, step: String, assignee: String, text: String,
                urgent: Bool, dueAt: String, overdueAt: String, overdue: Bool, status: String, note: String?) {
        self.id = id
        self.kind = kind
        self.customer = customer
        self.visit = visit
        self.step = step
        self.assignee = assignee
        self.text = text
        self.urgent = urgent
        self.dueAt = dueAt
        self.overdueAt = overdueAt
        self.overdue = overdue
        self.status = status
        self.note = note
    }
}

public struct VisitView: Codable, Sendable, Equatable {
    public var id: Int64
    public var customer: Int64
    public var service: String
    public var staff: String
    public var endedAt: String
    public var amount: String
    public var tasks: [TaskView]
    /// Ids of the customer messages the visit planned.
    public var messages: [String]

    enum CodingKeys: String, CodingKey {
        case id, customer, service, staff, amount, tasks, messages
        case endedAt = "ended_at"
    }

    public init(id: Int64, customer: Int64, service: String, staff: String, endedAt: String, amount: String,
                tasks: [TaskView], messages: [String]) {
        self.id = id
        self.customer = customer
        self.service = service
        self.staff = staff
        self.endedAt = endedAt
        self.amount = amount
        self.tasks = tasks
        self.messages = messages
    }
}

public struct ContactView: Codable, Sendable, Equatable {
    public var at: String
    public var channel: String
    public var who: String
    public var outcome: String
    public var note: String
    public var task: Int64?

    public init(at: String, channel: String, who: String, outcome: String, note: String, task: Int64?) {
        self.at = at
        self.channel = channel
        self.who = who
        self.outcome = outcome
        self.note = note
        self.task = task
    }
}

public struct AppointmentView: Codable, Sendable, Equatable {
    public var id: Int64
    public var customer: Int64
    public var service: String
    public var staff: String
    public var start: String
    public var duration: Int
    public var place: String
    public var status: String
    public var checkedInAt: String?

    enum CodingKeys: String, CodingKey {
        case id, customer, service, staff, start, duration, place, status
        case checkedInAt = "checked_in_at"
    }

    public init(id: Int64, customer: Int64, service: String, staff: String, start: String, duration: Int, place: String,
                status: String, checkedInAt: String?) {
        self.id = id
        self.customer = customer
        self.service = service
        self.staff = staff
        self.start = start
        self.duration = duration
        self.place = place
        self.status = status
        self.checkedInAt = checkedInAt
    }
}

public struct ComplaintView: Codable, Sendable, Equatable {
    public var id: Int64
    public var customer: Int64
    public var receivedAt: String
    public var channel: String
    public var content: String
    public var severity: String
    public var expects: String
    public var owner: String
    public var status: String
    public var level: Int
    public var responseDue: String?
    public var resolutionDue: String
    public var resolution: String?

    enum CodingKeys: String, CodingKey {
        case id, customer, channel, content, severity, expects, owner, status, level, resolution
        case receivedAt = "received_at"
        case responseDue = "response_due"
        case resolutionDue = "resolution_due"
    }

    public init(id: Int64, customer: Int64, receivedAt: String, channel: String, content: String, severity: String, expects: String,
                owner: String, status: String, level: Int, responseDue: String?, resolutionDue: String, resolution: String?) {
        self.id = id
        self.customer = customer
        self.receivedAt = receivedAt
        self.channel = channel
        self.content = content
        self.severity = severity
        self.expects = expects
        self.owner = owner
        self.status = status
        self.level = level
        self.responseDue = responseDue
        self.resolutionDue = resolutionDue
        self.resolution = resolution
    }
}

public struct AuditView: Codable, Sendable, Equatable {
    public var at: String
    public var uid: UInt32?
    public var role: String
    public var command: String
    public var customer: Int64?
    public var outcome: String
    public var detail: String

    public init(at: String, uid: UInt32?, role: String, command: String, customer: Int64?, outcome: String, detail: String) {
        self.at = at
        self.uid = uid
        self.role = role
        self.command = command
        self.customer = customer
        self.outcome = outcome
        self.detail = detail
    }
}

public struct BackupView: Codable, Sendable, Equatable {
    public var file: String
    public var at: String
    public var bytes: Int64

    public init(file: String, at: String, bytes: Int64) {
        self.file = file
        self.at = at
        self.bytes = bytes
    }
}

public struct BackupVerdictView: Codable, Sendable, Equatable {
    public var file: String
    public var ok: Bool
    public var integrity: String
    public var schema: [String]

    public init(file: String, ok: Bool, integrity: String, schema: [String]) {
        self.file = file
        self.ok = ok
        self.integrity = integrity
        self.schema = schema
    }
}

/// A customer's health data (R-CUS-2), for the roles allowed to see it.
public struct HealthView: Codable, Sendable, Equatable {
    public var customer: Int64
    public var record: HealthRecord
    /// When it last changed; nil when nothing is recorded.
    public var updatedAt: String?

    enum CodingKeys: String, CodingKey {
        case customer, record
        case updatedAt = "updated_at"
    }

    public init(customer: Int64, record: HealthRecord, updatedAt: String?) {
        self.customer = customer
        self.record = record
        self.updatedAt = updatedAt
    }
}

public struct RotateKeyResult: Codable, Sendable, Equatable {
    public var resealed: Int
    public var oldKey: String?
    public var newKey: String

    enum CodingKeys: String, CodingKey {
        case resealed
        case oldKey = "old_key"
        case newKey = "new_key"
    }

    public init(resealed: Int, oldKey: String?, newKey: String) {
        self.resealed = resealed
        self.oldKey = oldKey
        self.newKey = newKey
    }
}

/// customer.erase (R-CUS-5): when, and what else it did.
public struct ErasureView: Codable, Sendable, Equatable {
    public var customer: Int64
    public var erasedAt: String
    public var report: ErasureReport

    enum CodingKeys: String, CodingKey {
        case customer, report
        case erasedAt = "erased_at"
    }

    public init(customer: Int64, erasedAt: String, report: ErasureReport) {
        self.customer = customer
        self.erasedAt = erasedAt
        self.report = report
    }
}

/// What a purchase did (R-MEM).
public struct PurchaseView: Codable, Sendable, Equatable {
    public var id: Int64
    public var customer: Int64
    public var amount: String
    public var pointsEarned: Int64
    public var pointsBalance: Int64
    /// Cumulative spend, a decimal string.
    public var spend: String
    public var tier: String?
    /// The tier this purchase reached, when it is an upgrade (the customer is told).
    public var upgradedTo: String?

    enum CodingKeys: String, CodingKey {
        case id, customer, amount, spend, tier
        case pointsEarned = "points_earned"
        case pointsBalance = "points_balance"
        case upgradedTo = "upgraded_to"
    }

    public init(id: Int64, customer: Int64, amount: String, pointsEarned: Int64, pointsBalance: Int64, spend: String,
                tier: String?, upgradedTo: String?) {
        self.id = id
        self.customer = customer
        self.amount = amount
        self.pointsEarned = pointsEarned
        self.pointsBalance = pointsBalance
        self.spend = spend
        self.tier = tier
        self.upgradedTo = upgradedTo
    }
}

/// One line of `points ledger`.
public struct PointsEntryView: Codable, Sendable, Equatable {
    public var at: String
    public var kind: String
    public var points: Int64
    public var balance: Int64
    public var purchase: Int64?

    public init(at: String, kind: String, points: Int64, balance: Int64, purchase: Int64?) {
        self.at = at
        self.kind = kind
        self.points = points
        self.balance = balance
        self.purchase = purchase
    }
}

/// A customer's membership standing, shown with the customer.
public struct MembershipView: Codable, Sendable, Equatable {
    public var tier: String?
    public var spend: String
    public var points: Int64

    public init(tier: String?, spend: String, points: Int64) {
        self.tier = tier
        self.spend = spend
        self.points = points
    }
}

/// A customer's unpaid balance (R-KEEP-3).
public struct ArrearsView: Codable, Sendable, Equatable {
    public var customer: Int64
    public var owed: String
    public var since: String?
    public var reminders: Int
    public var suspended: Bool

    public init(customer: Int64, owed: String, since: String?, reminders: Int, suspended: Bool) {
        self.customer = customer
        self.owed = owed
        self.since = since
        self.reminders = reminders
        self.suspended = suspended
    }
}
