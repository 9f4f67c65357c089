import Foundation

/// The result of one attempt, as the dispatcher hands it back to the store: the attempt
/// row and what happens to the message next. Written in batches (DESIGN "Store").
public struct DeliveryResult: Sendable, Equatable {
    /// What becomes of the message.
    public enum Disposition: Equatable, Sendable {
        case delivered
        case retry(at: Date, reason: String)
        case dead(reason: String)
        /// Not sent, on purpose (R-TIME-5 staleness, …); no attempt was made.
        case skipped(reason: String)
        /// Not sent yet: outside the channel's contact window (R-TIME-1); due again then.
        case held(until: Date, reason: String)

        public init(_ decision: RetryPolicy.Decision) {
            switch decision {
            case .delivered: self = .delivered
            case .retry(let at, let reason): self = .retry(at: at, reason: reason)
            case .dead(let reason): self = .dead(reason: reason)
            }
        }
    }

    public var messageId: String
    /// The attempt made, if one was (a skipped message has none).
    public var attempt: DeliveryAttempt?
    public var disposition: Disposition
    /// The lease owner that made the attempt; a result from a lost lease does not
    /// overwrite the state another owner has moved the message to.
    public var leaseOwner: String

    public init(messageId: String, attempt: DeliveryAttempt?, disposition: Disposition, leaseOwner: String) {
        self.messageId = messageId
        self.attempt = attempt
        self.disposition = disposition
        self.leaseOwner = leaseOwner
    }

    public init(attempt: DeliveryAttempt, decision: RetryPolicy.Decision, leaseOwner: String) {
        self.init(messageId: attempt.messageId, attempt: attempt, disposition: Disposition(decision), leaseOwner: leaseOwner)
    }
}

/// A hold on a whole lane (an open circuit, an operator's pause) that has ended: a message
/// claimed now that was due before `until` was held by it, and its story says so (R-DLV-7).
public struct LaneHoldNote: Sendable, Equatable {
    public var reason: String
    public var until: Date

    public init(reason: String, until: Date) {
        self.reason = reason
        self.until = until
    }
}

/// Which messages an operator re-queues (dead letters and replay, R-DLV-3).
public struct ReplayFilter: Sendable, Equatable {
    public var status: MessageStatus
    public var channel: String?
    /// Only messages that reached their status at or after this time.
    public var since: Date?

    public init(status: MessageStatus, channel: String? = nil, since: Date? = nil) {
        self.status = status
        self.channel = channel
        self.since = since
    }
}

/// The store port (DESIGN rule 3). SQLite now; PostgreSQL later behind the same protocol,
/// checked by one conformance suite. Every method that depends on time takes `now`.
public protocol Store: FollowUpStore, StaffStore, PetStore, AppointmentStore, ComplaintStore, AuditStore, HealthStore, LoyaltyStore, ReportStore, RetentionStore, InboundStore, MetricsStore, ConsoleStore, CampaignStore, GreetingStore {
    /// One unit of work: every store call `body` makes, on this thread, joins one
    /// transaction, committed when `body` returns and rolled back when it throws (a
    /// command's change and its audit row together).
    func unitOfWork<T>(_ body: () throws -> T) throws -> T

    /// Writes planned work: cancels pending work by dedupe-key prefix, then inserts the
    /// messages and the tasks (each with its planned notice) whose dedupe keys are new.
    @discardableResult
    func apply(_ work: PlannedWork, now: Date) throws -> AppliedWork

    // Customers
    func addCustomer(_ customer: Customer) throws -> Customer
    func customer(id: Int64) throws -> Customer?
    func customers(afterId: Int64, limit: Int) throws -> [Customer]
    /// R-CUS-4: opt a customer out of (or back into) a channel; effective at once.
    func setOptOut(customerId: Int64, channel: String, optedOut: Bool, now: Date) throws
    /// Several customers at once, by id (one read for a whole delivery batch).
    func customers(ids: [Int64]) throws -> [Int64: Customer]
    /// R-CUS-5: empties the customer's personal fields, health record, consent marks,
    /// message texts, task and contact notes and complaint texts; cancels what is still to
    /// come; keeps visits and message outcomes for the figures. One transaction. nil: no
    /// such customer. Erasing twice finds nothing more to do.
    func eraseCustomer(id: Int64, now: Date) throws -> ErasureReport?
    /// Adds many customers in one transaction (an import batch); returns how many.
    func addCustomers(_ customers: [Customer]) throws -> Int
    /// Which of these phone numbers belong to a (not erased) customer already, and whose.
    func customerIds(phones: [String]) throws -> [String: Int64]
    /// The same for e-mail addresses, without regard to case.
    func customerIds(emails: [String]) throws -> [String: Int64]
    /// R-PPL-2: the customer's last visits, coming open appointments, open complaints and
    /// tasks, and the messages queued to them (not staff notices) until `through`, a few of
    /// each, in one read.
    func story(customerId: Int64, now: Date, through: Date) throws -> CustomerStory
    /// R-PPL-2: moves everything of `drop` (visits, messages, tasks, complaints,
    /// appointments, contacts, purchases, points, arrears, opt-outs) to `keep`, fills the
    /// contact fields `keep` lacks from `drop`, withdraws `drop`'s pending greetings, and
    /// leaves `drop` an empty record marked merged. One transaction. `drop`'s health record is
    /// deleted: it is sealed to its customer's id, so the caller re-seals it for `keep` first.
    func mergeCustomers(keep: Int64, drop: Int64, now: Date) throws -> MergeReport
    /// R-PPL-2: writes a corrected customer record (not consent, not erasure).
    func updateCustomer(_ customer: Customer, now: Date) throws
    /// R-PPL-2: customers whose phone ends with the text's digits (4 or more), whose e-mail
    /// is the text, or whose name holds it; best match first.
    func findCustomers(_ text: String, limit: Int) throws -> [Customer]
    /// Withdraws the customer's pending greetings (their day, zone or name changed) so the
    /// planner makes them afresh; their dedupe keys are freed. Returns how many.
    func withdrawGreetings(customerId: Int64, reason: String, now: Date) throws -> Int

    // Messages
    /// Inserts a new message. A message whose dedupe key exists already is not inserted;
    /// the existing one is returned with `inserted == false`.
    func insertMessage(_ message: Message) throws -> (message: Message, inserted: Bool)
    /// Inserts many messages in one transaction, skipping dedupe keys that exist; returns
    /// how many were new (rule generators plan again and again).
    func insertNew(_ messages: [Message]) throws -> Int
    /// Pending (and failed, awaiting retry) messages due by `through` (and not before
    /// `from`, when given), oldest first; of one customer, or of one branch's customers,
    /// when given.
    func queued(customerId: Int64?, branch: String?, from: Date?, through: Date, limit: Int) throws -> [Message]
    /// How many pending and failed messages of each kind are due by `through`, however many
    /// (of one branch's customers, when given).
    func queuedCounts(through: Date, branch: String?) throws -> [String: Int]
    /// Marks queued messages skipped, each with its reason (consent refused them).
    func skipQueued(_ reasons: [(id: String, reason: String)], now: Date) throws
    /// R-KEEP-4: when these customers' marketing messages were delivered since `since`,
    /// oldest first.
    func marketingDeliveries(customerIds: [Int64], since: Date) throws -> [Int64: [Date]]
    /// Which of these dedupe keys exist already.
    func existingDedupeKeys(_ keys: [String]) throws -> Set<String>
    func message(id: String) throws -> Message?
    func messages(status: MessageStatus?, limit: Int) throws -> [Message]
    /// Latest due first, narrowed by any of status, channel, customer and due time.
    func messages(_ filter: MessageFilter) throws -> [Message]
    func attempts(messageId: String) throws -> [DeliveryAttempt]
    func statusCounts() throws -> [MessageStatus: Int]

    // Scheduling
    /// Claims up to `limit` claimable messages of `channel` due at `now`, oldest due
    /// first, under a lease held by `owner` until `leaseUntil`. Those due before `held`'s end
    /// get a `held` event with its reason (once per message and hold).
    func claimDue(channel: String, now: Date, limit: Int, owner: String, leaseUntil: Date, held: LaneHoldNote?) throws -> [Message]
    /// R-DLV-7: a message's events, oldest first (attempts are read with `attempts`).
    func events(messageId: String) throws -> [MessageEvent]
    /// The earliest due time among claimable messages (of one channel, or of all).
    func nextDueAt(channel: String?) throws -> Date?
    /// Records attempts, moves their messages on, and queues fallback messages (R-DLV-4),
    /// all in one transaction. A fallback whose dedupe key exists is not queued again.
    func record(_ results: [DeliveryResult], fallbacks: [Message], now: Date) throws

    // Operator actions
    /// Re-queues one message that is not delivered (dead, failed, skipped, cancelled),
    /// due now, with a fresh retry budget.
    func requeue(id: String, now: Date) throws -> Message
    /// Re-queues every message matching `filter`; returns how many.
    func replay(_ filter: ReplayFilter, now: Date) throws -> Int
    /// Endpoints paused by an operator, with when.
    func pausedEndpoints() throws -> [String: Date]
    func setEndpoint(_ name: String, paused: Bool, now: Date) throws
    /// R-DLV-6: pauses an endpoint with the reason (a 410 Gone), until an operator resumes it.
    func pauseEndpoint(_ name: String, reason: String, now: Date) throws
    /// Why each paused endpoint is paused, where a reason was given.
    func endpointPauseReasons() throws -> [String: String]
    /// Returns these messages, if still leased by `owner`, to the queue unattempted.
    @discardableResult func release(ids: [String], owner: String, now: Date) throws -> Int
    /// Returns messages leased by `owner` to where they were, unattempted (clean stop).
    @discardableResult func releaseLeases(owner: String, now: Date) throws -> Int
    /// Returns messages whose lease expired (a crashed owner) to the queue.
    @discardableResult func rescueExpiredLeases(now: Date) throws -> Int
}

extension Store {
    public func claimDue(channel: String, now: Date, limit: Int, owner: String, leaseUntil: Date) throws -> [Message] {
        try claimDue(channel: channel, now: now, limit: limit, owner: owner, leaseUntil: leaseUntil, held: nil)
    }

    /// The facts `SendDecision` needs about a claimed batch's customers, in two queries.
    public func sendFacts(customerIds: [Int64], marketingSince: Date) throws -> SendFacts {
        guard !customerIds.isEmpty else { return SendFacts() }
        return SendFacts(openComplaints: try customersWithOpenComplaints(among: customerIds),
                         marketingDeliveries: try marketingDeliveries(customerIds: customerIds, since: marketingSince))
    }
}
