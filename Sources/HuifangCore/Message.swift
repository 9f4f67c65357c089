import Foundation

/// Where a message is in its life. `pending` and `failed` wait for their due time;
/// `sending` is claimed under a lease; the rest are final (until a replay).
public enum MessageStatus: String, Codable, Sendable, CaseIterable {
    /// Waiting for its due time; never attempted, or released unattempted.
    case pending
    /// Claimed by a dispatcher under a lease; an attempt is in flight.
    case sending
    /// The last attempt failed with a retryable outcome; the next is due at `dueAt`.
    case failed
    /// A receiver answered 2xx.
    case delivered
    /// No further attempts: a permanent failure or the last attempt used up.
    case dead
    /// Not sent, on purpose (stale, consent, …); `lastError` says why.
    case skipped
    /// Cancelled by an operator or a rule before it was sent.
    case cancelled

    /// Statuses the scheduler may claim once due.
    public static let claimable: [MessageStatus] = [.pending, .failed]

    /// As staff read it on the console and in its refusals.
    public var chineseName: String {
        switch self {
        case .pending: "待发"
        case .sending: "发送中"
        case .failed: "待重试"
        case .delivered: "已送达"
        case .dead: "发送失败"
        case .skipped: "未发送"
        case .cancelled: "已取消"
        }
    }
}

/// What a message is for (R-KEEP-4): marketing counts against the frequency cap; greetings
/// do not, but neither goes to a customer with an open complaint; transactional messages
/// (reminders, complaint updates, follow-ups) are exempt from both.
public enum MessageCategory: String, Codable, Sendable, CaseIterable {
    case transactional, marketing, greeting
}

/// Which messages `message list` shows.
public struct MessageFilter: Sendable, Equatable {
    public var status: MessageStatus?
    public var channel: String?
    public var customerId: Int64?
    /// Due at or after this.
    public var since: Date?
    /// To customers of this branch only.
    public var branch: String?
    public var limit: Int

    public init(status: MessageStatus? = nil, channel: String? = nil, customerId: Int64? = nil, since: Date? = nil, branch: String? = nil,
                limit: Int = 100) {
        self.status = status
        self.channel = channel
        self.customerId = customerId
        self.since = since
        self.branch = branch
        self.limit = limit
    }
}

/// One outbound message: a webhook to a channel's endpoint about one customer.
public struct Message: Hashable, Sendable {
    public var id: String
    public var dedupeKey: String
    public var kind: String
    public var customerId: Int64
    public var channel: String
    public var text: String
    public var locale: MessageLocale
    /// Structured fields for the gateway, a JSON object's text.
    public var dataJSON: String
    public var dueAt: Date
    public var expiresAt: Date?
    public var status: MessageStatus
    public var attempts: Int
    public var leaseOwner: String?
    public var leaseExpiresAt: Date?
    public var lastError: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var deliveredAt: Date?
    /// The attempt count when the message was last re-queued by an operator; the retry
    /// policy counts attempts from here, the attempt history keeps its numbers.
    public var retryFrom: Int
    /// The message this one replaces on another channel (R-DLV-4), if any.
    public var fallbackOf: String?
    /// Held to the channel's contact window at send time (R-TIME-1). Rule-generated
    /// messages are; an operator's message goes when scheduled unless asked otherwise.
    public var windowed: Bool = false
    public var category: MessageCategory = .transactional
    /// Who or what queued it, when its kind and key do not say (an operator): written into
    /// its creation event (R-DLV-7), not kept as a column.
    public var origin: String?

    public init(
        id: String, dedupeKey: String, kind: String, customerId: Int64, channel: String,
        text: String, locale: MessageLocale, dataJSON: String = "{}", dueAt: Date,
        expiresAt: Date? = nil, status: MessageStatus = .pending, attempts: Int = 0,
        leaseOwner: String? = nil, leaseExpiresAt: Date? = nil, lastError: String? = nil,
        createdAt: Date, updatedAt: Date? = nil, deliveredAt: Date? = nil, retryFrom: Int = 0,
        fallbackOf: String? = nil
    ) {
        self.id = id
        self.dedupeKey = dedupeKey
        self.kind = kind
        self.customerId = customerId
        self.channel = channel
        self.text = text
        self.locale = locale
        self.dataJSON = dataJSON
        self.dueAt = dueAt
        self.expiresAt = expiresAt
        self.status = status
        self.attempts = attempts
        self.leaseOwner = leaseOwner
        self.leaseExpiresAt = leaseExpiresAt
        self.lastError = lastError
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
        self.deliveredAt = deliveredAt
        self.retryFrom = retryFrom
        self.fallbackOf = fallbackOf
    }

    /// Attempts that count against the retry policy.
    public var attemptsSinceRetry: Int { attempts - retryFrom }
}

/// Message ids double as the Standard Webhooks `webhook-id` (R-DLV-2): stable across
/// attempts, unique, and sortable by creation time (a ULID after the `msg_` prefix).
public enum MessageID {
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    public static func generate<R: RandomNumberGenerator>(now: Date, using rng: inout R) -> String {
        var value = UInt64(max(0, now.unixMillis))
        var time = [Character](repeating: "0", count: 10)
        for i in stride(from: 9, through: 0, by: -1) {
            time[i] = alphabet[Int(value & 31)]
            value >>= 5
        }
        var random = ""
        for _ in 0..<16 { random.append(alphabet[Int(rng.next() & 31)]) }
        return "msg_" + String(time) + random
    }

    public static func generate(now: Date) -> String {
        var rng = SystemRandomNumberGenerator()
        return generate(now: now, using: &rng)
    }

    public static func isWellFormed(_ id: String) -> Bool {
        id.hasPrefix("msg_") && id.count == 30 && id.dropFirst(4).allSatisfy { alphabet.contains($0) }
    }
}
