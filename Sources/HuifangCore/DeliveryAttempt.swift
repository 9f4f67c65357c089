import Foundation

/// One try at delivering a message: a row per attempt, whatever the result (R-DLV-3).
public struct DeliveryAttempt: Hashable, Sendable {
    public var messageId: String
    public var number: Int
    public var startedAt: Date
    public var finishedAt: Date
    public var httpStatus: Int?
    public var error: String?
    public var outcome: DeliveryOutcome.Class
    public var endpoint: String

    public init(
        messageId: String, number: Int, startedAt: Date, finishedAt: Date, httpStatus: Int?,
        error: String?, outcome: DeliveryOutcome.Class, endpoint: String
    ) {
        self.messageId = messageId
        self.number = number
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.httpStatus = httpStatus
        self.error = error
        self.outcome = outcome
        self.endpoint = endpoint
    }

    public var latencyMillis: Int64 { finishedAt.unixMillis - startedAt.unixMillis }
}
