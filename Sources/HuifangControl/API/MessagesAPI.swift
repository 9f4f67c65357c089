import Foundation
import HuifangCore

// The messages commands of the control protocol, declared once (see `ControlMethod`).

extension API {
    public enum MessageSchedule: ControlMethod {
        public typealias Args = MessageScheduleArgs
        public typealias Result = CreatedID<String>
        public static let name = "message.schedule"
        public static let summary = "queue a free-text message; answers its id"
        public static let access = Access.service
        public static let mutates = true
        public static func auditCustomer(args: Args, result: Result?) -> Int64? { args.customer }
    }

    public enum MessageList: ControlMethod {
        public typealias Args = MessageListArgs
        public typealias Result = [MessageView]
        public static let name = "message.list"
        public static let summary = "messages, latest due first"
        public static let access = Access.service
    }

    public enum MessageShow: ControlMethod {
        public typealias Args = MessageIDArgs
        public typealias Result = MessageView
        public static let name = "message.show"
        public static let summary = "one message with every delivery attempt"
        public static let access = Access.service
    }

    public enum MessageWhy: ControlMethod {
        public typealias Args = MessageIDArgs
        public typealias Result = [MessageEventView]
        public static let name = "message.why"
        public static let summary = "a message's whole story: what made it, each hold, skip or reroute, each attempt"
        public static let access = Access.service
    }

    public enum MessageRetry: ControlMethod {
        public typealias Args = MessageIDArgs
        public typealias Result = MessageView
        public static let name = "message.retry"
        public static let summary = "re-queue one dead, failed, skipped or cancelled message, due now, with a fresh retry budget"
        public static let access = Access.managers
        public static let mutates = true
        public static func auditCustomer(args: Args, result: Result?) -> Int64? { result?.customer }
    }

    public enum MessageReplay: ControlMethod {
        public typealias Args = MessageReplayArgs
        public typealias Result = CountResult
        public static let name = "message.replay"
        public static let summary = "re-queue every message with that status (dead letters), optionally of one channel or since a time"
        public static let access = Access.managers
        public static let mutates = true
    }
}

// MARK: - Arguments and results

public struct MessageIDArgs: Codable, Sendable, Equatable {
    public var id: String
    public init(id: String) { self.id = id }
}

public struct MessageScheduleArgs: Codable, Sendable, Equatable {
    public var customer: Int64
    public var channel: String
    public var text: String
    /// ISO-8601 with a zone; absent means now.
    public var at: String?
    /// ISO-8601 with a zone after which the message is stale and skipped (R-TIME-5).
    public var expiresAt: String?
    /// What it is about, one of `MessageScheduleArgs.kinds` (default `message.manual`).
    /// Whether it goes despite an opt-out is the kind's, set in `[consent] essential_kinds`
    /// (R-CUS-4).
    public var kind: String?
    /// Held to the channel's contact window (R-TIME-1).
    public var windowed: Bool?
    /// Marketing: counts against the frequency cap, waits out open complaints (R-KEEP-4) and
    /// waits for the message window (R-TIME-1).
    public var marketing: Bool?

    /// The kinds an operator may give a message of their own.
    public static let kinds = [MessageKind.manual, MessageKind.appointmentChanged, MessageKind.appointmentReminder]

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
    public var channel: String?
    public var customer: Int64?
    /// Due at or after this (clinic time, as people type it).
    public var since: String?

    public init(status: String? = nil, limit: Int? = nil) {
        self.status = status
        self.limit = limit
    }
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

public struct AttemptView: Codable, Sendable, Equatable {
    public var attempt: Int
    public var startedAt: String
    public var latencyMs: Int64
    public var httpStatus: Int?
    public var outcome: String
    public var error: String?
    public var endpoint: String

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
    /// The customer's name, for people to read (lists and `message.show`).
    public var customerName: String?
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
    /// In `message.show`: why a message still to be sent waits, now (window, cap, open
    /// circuit, pause).
    public var held: String?
    /// In `message.show`: the gateway's receipt, when one came (R-IN-1).
    public var receipt: String?
    public var receiptAt: String?

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

/// One entry of `message.why` (R-DLV-7).
public struct MessageEventView: Codable, Sendable, Equatable {
    public var at: String
    /// created, held, skipped, rerouted, attempt, dead, cancelled, superseded or requeued.
    public var event: String
    public var detail: String
    /// A linked message: the copy on another channel, or the one this copies.
    public var related: String?

    public init(at: String, event: String, detail: String, related: String? = nil) {
        self.at = at
        self.event = event
        self.detail = detail
        self.related = related
    }
}

public struct CountResult: Codable, Sendable, Equatable {
    public var count: Int
    public init(count: Int) { self.count = count }
}
