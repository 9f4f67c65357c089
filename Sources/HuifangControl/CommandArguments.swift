import Foundation

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

    enum CodingKeys: String, CodingKey {
        case customer, channel, text, at, essential, windowed
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
