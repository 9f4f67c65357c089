import Foundation
import HuifangCore

// The endpoints commands of the control protocol, declared once (see `ControlMethod`).

extension API {
    // R-DLV-6
    public enum EndpointRotate: ControlMethod {
        public typealias Args = EndpointNameArgs
        public typealias Result = RotationPlan
        public static let name = "endpoint.rotate"
        public static let summary = "how to change an endpoint's signing secret without a gap: a fresh secret and the steps"
        public static let access = Access.adminOnly
    }

    public enum EndpointList: ControlMethod {
        public typealias Args = NoArgs
        public typealias Result = [EndpointView]
        public static let name = "endpoint.list"
        public static let summary = "each channel's endpoint: state, failures, last error"
        public static let access = Access.managers
    }

    public enum EndpointPause: ControlMethod {
        public typealias Args = EndpointNameArgs
        public typealias Result = EndpointView
        public static let name = "endpoint.pause"
        public static let summary = "stop sending to an endpoint; its messages wait"
        public static let access = Access.managers
        public static let mutates = true
    }

    public enum EndpointResume: ControlMethod {
        public typealias Args = EndpointNameArgs
        public typealias Result = EndpointView
        public static let name = "endpoint.resume"
        public static let summary = "send to a paused endpoint again"
        public static let access = Access.managers
        public static let mutates = true
    }
}

// MARK: - Arguments and results

public struct EndpointNameArgs: Codable, Sendable, Equatable {
    public var name: String
    public init(name: String) { self.name = name }
}

/// A key rotation, step by step (R-DLV-6).
public struct RotationPlan: Codable, Sendable, Equatable {
    public var name: String
    /// The secrets signed with now, shown by their start and expiry (never whole).
    public var secrets: [String]
    public var newSecret: String
    public var steps: [String]

    public init(name: String, secrets: [String], newSecret: String, steps: [String]) {
        self.name = name
        self.secrets = secrets
        self.newSecret = newSecret
        self.steps = steps
    }
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
    /// Why, when not an operator's pause: `gone: HTTP 410 …` (R-DLV-6).
    public var pauseReason: String?
    /// Its queue: waiting (pending or to be retried), due by now and not yet sent, dead;
    /// and the due time of the oldest message still waiting.
    public var pending: Int?
    public var overdue: Int?
    public var dead: Int?
    public var oldestDueAt: String?
    public var inFlight: Int
    public var maxInFlight: Int
    public var rateLimitPerSecond: Double?
    public var delivered: Int
    public var failed: Int
    public var lastError: String?
    public var lastFailureAt: String?
    public var lastSuccessAt: String?

    public init(name: String, url: String, state: String, consecutiveFailures: Int, openUntil: String?,
                pausedAt: String?, pauseReason: String? = nil, inFlight: Int, maxInFlight: Int, rateLimitPerSecond: Double?, delivered: Int,
                failed: Int, lastError: String?, lastFailureAt: String?, lastSuccessAt: String?) {
        self.pauseReason = pauseReason
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
