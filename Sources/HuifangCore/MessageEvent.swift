import Foundation

/// One entry in a message's story (R-DLV-7): what created it, each decision about it and
/// what became of it. The store appends these in the same transaction as the change they
/// explain and never rewrites them; erasure removes them with the customer's other text.
/// Attempts live in their own table and are merged in by `MessageStory`.
public struct MessageEvent: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Queued: by which rule, protocol step, visit, appointment, complaint or operator.
        case created
        /// Not sent yet: window, cap, open circuit, operator's pause.
        case held
        /// Never sent: consent, staleness, open complaint.
        case skipped
        /// Not on this channel: a copy goes on another (consent, R-CUS-4).
        case rerouted
        /// One delivery attempt (from the attempts table).
        case attempt
        /// No further attempts; a fallback may follow (R-DLV-4).
        case dead
        /// Withdrawn before it was sent: by an operator or a rule.
        case cancelled
        /// Withdrawn because a later event made it untrue.
        case superseded
        /// Re-queued by an operator (retry, replay).
        case requeued
        /// The gateway's receipt: delivered to the recipient or not (R-IN-1).
        case receipt
    }

    public var at: Date
    public var kind: Kind
    public var detail: String
    /// A linked message: the copy on another channel, or the message this one copies.
    public var related: String?

    public init(at: Date, kind: Kind, detail: String, related: String? = nil) {
        self.at = at
        self.kind = kind
        self.detail = detail
        self.related = related
    }
}

/// How the store words the events it writes itself, here so that the console's Chinese
/// (`ConsoleWords`) is tested against the same sentences.
extension MessageEvent {
    /// The gateway's receipt (R-IN-1): delivered to the recipient, or not and why.
    public static func receiptDetail(delivered: Bool, error: String?) -> String {
        delivered ? "the gateway reports it delivered to the recipient"
            : "the gateway reports it undelivered" + (error.map { " (\($0))" } ?? "")
    }

    /// A dead message's copy on another channel (R-DLV-4, R-CUS-4), after the reason.
    public static func fallingBack(to copy: Message) -> String { "; falling back to \(copy.channel) (\(copy.id))" }

    /// An operator's `message retry` (one) or `message replay` (many), and what it was.
    public static func requeuedDetail(replay: Bool, was status: MessageStatus) -> String {
        "re-queued by an operator (message \(replay ? "replay" : "retry")), was \(status.rawValue)"
    }
}

/// What created a message, in words for `message why`: the rule (SPEC id) and what it is
/// about, read from its kind and dedupe key.
public enum MessageOrigin {
    public static func describe(_ message: Message) -> String {
        if let origin = message.origin { return origin }
        if let original = message.fallbackOf { return "a copy of \(original) on \(message.channel)" }
        let key = message.dedupeKey
        let parts = key.split(separator: ":").map(String.init)
        func part(_ i: Int) -> String { i < parts.count ? parts[i] : "?" }
        switch message.kind {
        case _ where key.hasPrefix("manual:"): return "scheduled by an operator (message schedule)"
        case MessageKind.birthdayGreeting: return "birthday greeting, key \(key)"
        case MessageKind.holidayGreeting: return "holiday greeting \(part(1))"
        case MessageKind.appointmentReminder: return "reminder of appointment \(part(1)), key \(key)"
        case MessageKind.complaintReceived, MessageKind.complaintUpdate, MessageKind.complaintResolved,
             MessageKind.complaintSatisfaction:
            return "complaint #\(part(1)): \(message.kind)"
        case MessageKind.tierChanged: return "membership tier change, key \(key)"
        case MessageKind.pointsExpiryWarning: return "points expiry warning"
        case MessageKind.retentionWinBack: return "win-back of a dormant customer"
        case MessageKind.arrearsReminder: return "arrears reminder"
        default:
            if key.hasPrefix("task:") { return "notice of staff task \(part(1)) (\(message.kind))" }
            if key.hasPrefix("report:") { return "report \(key.dropFirst(7))" }
            return "\(message.kind), key \(key)"
        }
    }
}

/// A message's whole story: its events and attempts, oldest first.
public enum MessageStory {
    public static func merge(events: [MessageEvent], attempts: [DeliveryAttempt]) -> [MessageEvent] {
        let tries = attempts.map { attempt in
            let answer = attempt.httpStatus.map { "HTTP \($0)" } ?? "no answer"
            let error = attempt.error.map { ": \($0)" } ?? ""
            return MessageEvent(at: attempt.startedAt, kind: .attempt,
                                detail: "attempt \(attempt.number) to \(attempt.endpoint): \(answer) in \(attempt.latencyMillis) ms, \(attempt.outcome.rawValue)\(error)")
        }
        // Stable: at equal times an event written before an attempt stays before it.
        return (events + tries).enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
    }
}
