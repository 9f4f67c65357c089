import Foundation

/// What a receipt did to its message.
public enum ReceiptResult: Sendable, Equatable {
    /// No message has this id (answered 200 all the same, and logged).
    case unknown
    /// A receipt was recorded before: this one changes nothing.
    case repeated
    /// Recorded; `dead` when it reported a non-delivery of a message that had gone out.
    case recorded(dead: Bool)
}

/// The store port for what comes back from gateways (R-IN-1…5).
public protocol InboundStore: Sendable {
    /// Remembers a request id of a source; false when it was seen since `keepSince` (a
    /// replay). Ids older than that are forgotten.
    func rememberInbound(source: String, id: String, now: Date, keepSince: Date) throws -> Bool
    /// Records the first receipt of a message. A non-delivery of a message that went out
    /// makes it dead and queues `copy` on the next channel (R-DLV-4), linked in its story.
    func recordReceipt(_ receipt: InboundItem.Receipt, copy: Message?, now: Date) throws -> ReceiptResult
    /// What a customer may be answering: their next unconfirmed appointment and a resolved
    /// complaint waiting for its satisfaction answer, each with when it was last asked.
    func replyQuestions(customerId: Int64, now: Date) throws -> [ReplyRules.Question]
    /// The customer with this WeChat id.
    func customerId(wechatId: String) throws -> Int64?
    /// This daemon is alive and the store takes writes.
    func heartbeat(node: String, pid: Int32, startedAt: Date, now: Date) throws
    /// R-OPS-5: the nodes whose last heartbeat is at or after `since`, by id.
    func liveNodes(since: Date) throws -> [NodeBeat]
    /// A node that stopped gracefully leaves the list at once.
    func forgetNode(_ node: String) throws
}

/// One huifangd node on the store, as its heartbeats tell.
public struct NodeBeat: Sendable, Equatable {
    public var id: String
    public var pid: Int32
    public var startedAt: Date
    public var heartbeatAt: Date

    public init(id: String, pid: Int32, startedAt: Date, heartbeatAt: Date) {
        self.id = id
        self.pid = pid
        self.startedAt = startedAt
        self.heartbeatAt = heartbeatAt
    }
}
