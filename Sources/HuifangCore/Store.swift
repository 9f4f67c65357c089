import Foundation

/// The result of one attempt, as the dispatcher hands it back to the store: the attempt
/// row and what happens to the message next. Written in batches (DESIGN "Store").
public struct DeliveryResult: Sendable, Equatable {
    public var attempt: DeliveryAttempt
    public var decision: RetryPolicy.Decision
    /// The lease owner that made the attempt; a result from a lost lease does not
    /// overwrite the state another owner has moved the message to.
    public var leaseOwner: String

    public init(attempt: DeliveryAttempt, decision: RetryPolicy.Decision, leaseOwner: String) {
        self.attempt = attempt
        self.decision = decision
        self.leaseOwner = leaseOwner
    }
}

/// The store port (DESIGN rule 3). SQLite now; PostgreSQL later behind the same protocol,
/// checked by one conformance suite. Every method that depends on time takes `now`.
public protocol Store: Sendable {
    // Customers
    func addCustomer(_ customer: Customer) throws -> Customer
    func customer(id: Int64) throws -> Customer?
    func customers(afterId: Int64, limit: Int) throws -> [Customer]

    // Messages
    /// Inserts a new message. A message whose dedupe key exists already is not inserted;
    /// the existing one is returned with `inserted == false`.
    func insertMessage(_ message: Message) throws -> (message: Message, inserted: Bool)
    func message(id: String) throws -> Message?
    func messages(status: MessageStatus?, limit: Int) throws -> [Message]
    func attempts(messageId: String) throws -> [DeliveryAttempt]
    func statusCounts() throws -> [MessageStatus: Int]

    // Scheduling
    /// Claims up to `limit` claimable messages due at `now`, oldest due first, under a
    /// lease held by `owner` until `leaseUntil`.
    func claimDue(now: Date, limit: Int, owner: String, leaseUntil: Date) throws -> [Message]
    /// The earliest due time among claimable messages, if any.
    func nextDueAt() throws -> Date?
    /// Records attempts and moves their messages on, all in one transaction.
    func record(_ results: [DeliveryResult], now: Date) throws
    /// Returns messages leased by `owner` to where they were, unattempted (clean stop).
    @discardableResult func releaseLeases(owner: String, now: Date) throws -> Int
    /// Returns messages whose lease expired (a crashed owner) to the queue.
    @discardableResult func rescueExpiredLeases(now: Date) throws -> Int
}
