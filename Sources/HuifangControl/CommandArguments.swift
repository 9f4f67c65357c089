import Foundation
import HuifangCore

/// Arguments of each control command, shared by `huifangctl` (which encodes them) and the
/// daemon (which decodes and validates them). Wire names are snake_case.

public struct CustomerAddArgs: Codable, Sendable, Equatable {
    public var name: String
    public var phone: String?
    public var email: String?
    public var wechatId: String?
    public var birthday: String?
    public var lunarBirthday: Bool?
    public var tz: String?
    public var locale: String?
    public var gender: String?
    public var tags: [String]?
    public var notes: String?

    enum CodingKeys: String, CodingKey {
        case name, phone, email, birthday, tz, locale, gender, tags, notes
        case wechatId = "wechat_id"
        case lunarBirthday = "lunar_birthday"
    }

    public init(name: String) { self.name = name }
}

public struct IDArgs: Codable, Sendable, Equatable {
    public var id: Int64
    public init(id: Int64) { self.id = id }
}

public struct MessageIDArgs: Codable, Sendable, Equatable {
    public var id: String
    public init(id: String) { self.id = id }
}

public struct CustomerListArgs: Codable, Sendable, Equatable {
    public var afterId: Int64?
    public var limit: Int?

    enum CodingKeys: String, CodingKey {
        case limit
        case afterId = "after_id"
    }

    public init(afterId: Int64? = nil, limit: Int? = nil) {
        self.afterId = afterId
        self.limit = limit
    }
}

public struct MessageScheduleArgs: Codable, Sendable, Equatable {
    public var customer: Int64
    public var channel: String
    public var text: String
    /// ISO-8601 with a zone; absent means now.
    public var at: String?
    /// ISO-8601 with a zone after which the message is stale and skipped (R-TIME-5).
    public var expiresAt: String?
    /// Sent even on a channel the customer opted out of (R-CUS-4).
    public var essential: Bool?
    /// Held to the channel's contact window (R-TIME-1).
    public var windowed: Bool?
    /// Marketing: counts against the frequency cap and waits out open complaints (R-KEEP-4).
    public var marketing: Bool?

    enum CodingKeys: String, CodingKey {
        case customer, channel, text, at, essential, windowed, marketing
        case expiresAt = "expires_at"
    }

    public init(customer: Int64, channel: String, text: String, at: String? = nil, expiresAt: String? = nil) {
        self.customer = customer
        self.channel = channel
        self.text = text
        self.at = at
        self.expiresAt = expiresAt
    }
}

public struct MessageListArgs: Codable, Sendable, Equatable {
    public var status: String?
    public var limit: Int?

    public init(status: String? = nil, limit: Int? = nil) {
        self.status = status
        self.limit = limit
    }
}

/// Commands without arguments send an empty object.
public struct NoArgs: Codable, Sendable, Equatable {
    public init() {}
}

public struct MessageReplayArgs: Codable, Sendable, Equatable {
    public var status: String
    public var channel: String?
    /// ISO-8601 with a zone: only messages that reached `status` at or after it.
    public var since: String?

    public init(status: String, channel: String? = nil, since: String? = nil) {
        self.status = status
        self.channel = channel
        self.since = since
    }
}

public struct EndpointNameArgs: Codable, Sendable, Equatable {
    public var name: String
    public init(name: String) { self.name = name }
}

public struct OptOutArgs: Codable, Sendable, Equatable {
    public var id: Int64
    public var channel: String
    public init(id: Int64, channel: String) {
        self.id = id
        self.channel = channel
    }
}

public struct ForecastArgs: Codable, Sendable, Equatable {
    public var customer: Int64?
    public var days: Int?
    public var limit: Int?

    public init(customer: Int64? = nil, days: Int? = nil, limit: Int? = nil) {
        self.customer = customer
        self.days = days
        self.limit = limit
    }
}

public struct VisitAddArgs: Codable, Sendable, Equatable {
    public var customer: Int64
    public var service: String
    public var staff: String
    /// When the visit ended, ISO-8601 with a zone; absent means now.
    public var at: String?
    /// A decimal amount, at most two decimals, e.g. "12800.00".
    public var amount: String?
    /// R-FU-7: the course this visit is a session of, which session, out of how many, and
    /// when the next one is (ISO-8601 with a zone).
    public var course: String?
    public var session: Int?
    public var sessions: Int?
    public var nextSession: String?

    enum CodingKeys: String, CodingKey {
        case customer, service, staff, at, amount, course, session, sessions
        case nextSession = "next_session"
    }

    public init(customer: Int64, service: String, staff: String, at: String? = nil, amount: String? = nil) {
        self.customer = customer
        self.service = service
        self.staff = staff
        self.at = at
        self.amount = amount
    }
}

public struct TaskListArgs: Codable, Sendable, Equatable {
    public var staff: String?
    /// "today" (due by the end of today) or "overdue".
    public var due: String?

    public init(staff: String? = nil, due: String? = nil) {
        self.staff = staff
        self.due = due
    }
}

public struct TaskCloseArgs: Codable, Sendable, Equatable {
    public var id: Int64
    public var note: String?
    /// Who made the contact (defaults to the task's assignee).
    public var who: String?

    public init(id: Int64, note: String? = nil, who: String? = nil) {
        self.id = id
        self.note = note
        self.who = who
    }
}

public struct AppointmentAddArgs: Codable, Sendable, Equatable {
    public var customer: Int64
    public var service: String
    public var staff: String
    /// ISO-8601 with a zone.
    public var start: String
    public var duration: Int?
    public var place: String?

    public init(customer: Int64, service: String, staff: String, start: String, duration: Int? = nil, place: String? = nil) {
        self.customer = customer
        self.service = service
        self.staff = staff
        self.start = start
        self.duration = duration
        self.place = place
    }
}

public struct AppointmentRescheduleArgs: Codable, Sendable, Equatable {
    public var id: Int64
    public var start: String
    public init(id: Int64, start: String) {
        self.id = id
        self.start = start
    }
}

public struct ComplaintOpenArgs: Codable, Sendable, Equatable {
    public var customer: Int64
    /// phone, email, in-person, online
    public var channel: String
    public var content: String
    public var severity: String?
    public var expects: String?
    public var cause: String?
    public var service: String?
    public var staff: String?

    public init(customer: Int64, channel: String, content: String, severity: String? = nil, expects: String? = nil,
                cause: String? = nil, service: String? = nil, staff: String? = nil) {
        self.customer = customer
        self.channel = channel
        self.content = content
        self.severity = severity
        self.expects = expects
        self.cause = cause
        self.service = service
        self.staff = staff
    }
}

public struct ComplaintNoteArgs: Codable, Sendable, Equatable {
    public var id: Int64
    public var note: String?
    public init(id: Int64, note: String? = nil) {
        self.id = id
        self.note = note
    }
}

public struct ComplaintSatisfactionArgs: Codable, Sendable, Equatable {
    public var id: Int64
    public var satisfied: Bool
    public init(id: Int64, satisfied: Bool) {
        self.id = id
        self.satisfied = satisfied
    }
}

public struct ComplaintListArgs: Codable, Sendable, Equatable {
    public var open: Bool?
    public init(open: Bool? = nil) { self.open = open }
}

public struct AuditListArgs: Codable, Sendable, Equatable {
    public var customer: Int64?
    public var since: String?
    public var limit: Int?

    public init(customer: Int64? = nil, since: String? = nil, limit: Int? = nil) {
        self.customer = customer
        self.since = since
        self.limit = limit
    }
}

public struct BackupVerifyArgs: Codable, Sendable, Equatable {
    public var file: String
    public init(file: String) { self.file = file }
}

/// customer.health-set: `{id, symptoms?, history?, …}`; the fields given replace the stored ones.
public struct HealthSetArgs: Codable, Sendable, Equatable {
    public var id: Int64
    /// The fields to write; the ones left nil stay as stored.
    public var fields: HealthRecord

    enum CodingKeys: String, CodingKey { case id }

    public init(id: Int64, fields: HealthRecord) {
        self.id = id
        self.fields = fields
    }

    public init(from decoder: any Decoder) throws {
        id = try decoder.container(keyedBy: CodingKeys.self).decode(Int64.self, forKey: .id)
        fields = try HealthRecord(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try fields.encode(to: encoder)
    }
}

public struct CustomerEraseArgs: Codable, Sendable, Equatable {
    public var id: Int64
    /// Must be true: erasure cannot be undone.
    public var confirm: Bool

    public init(id: Int64, confirm: Bool) {
        self.id = id
        self.confirm = confirm
    }
}

public struct RotateKeyArgs: Codable, Sendable, Equatable {
    /// The new key file, as the daemon sees the path.
    public var keyFile: String

    enum CodingKeys: String, CodingKey { case keyFile = "key_file" }

    public init(keyFile: String) { self.keyFile = keyFile }
}

/// purchase.add (R-MEM): the amount as a decimal with at most two places.
public struct PurchaseAddArgs: Codable, Sendable, Equatable {
    public var customer: Int64
    public var amount: String
    public var category: String?
    public var pointsUsed: Int64?
    /// ISO-8601 with a zone; absent means now.
    public var at: String?

    enum CodingKeys: String, CodingKey {
        case customer, amount, category, at
        case pointsUsed = "points_used"
    }

    public init(customer: Int64, amount: String, category: String? = nil, pointsUsed: Int64? = nil, at: String? = nil) {
        self.customer = customer
        self.amount = amount
        self.category = category
        self.pointsUsed = pointsUsed
        self.at = at
    }
}

/// arrears.set / arrears.pay (R-KEEP-3): a decimal amount with at most two places.
public struct ArrearsArgs: Codable, Sendable, Equatable {
    public var customer: Int64
    public var amount: String

    public init(customer: Int64, amount: String) {
        self.customer = customer
        self.amount = amount
    }
}
