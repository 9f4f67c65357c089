/// Which messages the business marks essential, and where a message may be rerouted
/// (R-CUS-4). Built from config: `[consent] essential_kinds`, the configured channels and
/// `[delivery] fallback_order`.
public struct ConsentPolicy: Sendable, Equatable {
    /// Kinds sent even on a channel the customer opted out of.
    public var essentialKinds: Set<String>
    /// The configured channels: a reroute goes only to one of these.
    public var configured: Set<String>
    /// The channels tried, in order, after the customer's preferred one.
    public var order: [String]

    /// Appointment reminders and changes: what a clinic cannot leave untold.
    public static let defaultEssentialKinds: Set<String> = [MessageKind.appointmentReminder, MessageKind.appointmentChanged]

    /// Kinds no business may mark essential: greetings, win-backs and care, tier and points
    /// notices, complaint updates, arrears reminders (and every marketing message, whatever
    /// its kind).
    public static let neverEssential: Set<String> = [
        MessageKind.birthdayGreeting, MessageKind.holidayGreeting, MessageKind.retentionWinBack, MessageKind.retentionCare,
        MessageKind.tierChanged, MessageKind.pointsExpiryWarning, MessageKind.complaintReceived,
        MessageKind.complaintUpdate, MessageKind.complaintResolved, MessageKind.complaintSatisfaction,
        MessageKind.arrearsReminder, MessageKind.petRebook, MessageKind.petBirthday, MessageKind.campaign,
    ]

    public init(essentialKinds: Set<String> = defaultEssentialKinds, configured: Set<String>, order: [String]) {
        self.essentialKinds = essentialKinds.subtracting(Self.neverEssential)
        self.configured = configured
        self.order = order
    }

    /// Whether a message of this kind and category goes despite an opt-out.
    public func isEssential(kind: String, category: MessageCategory) -> Bool {
        category == .transactional && essentialKinds.contains(kind)
    }

    /// Whether `channel` may carry a message of this kind to the customer.
    public func allows(_ customer: Customer, channel: String, kind: String, category: MessageCategory = .transactional) -> Bool {
        ChannelName.isToStaff(channel) || isEssential(kind: kind, category: category) || !customer.optedOut.contains(channel)
            || kind == MessageKind.optOutConfirmation  // answers the opt-out itself
    }
}

/// What consent says about one message.
public enum ConsentVerdict: Sendable, Equatable {
    case send
    /// Not on this channel, and no other is left.
    case skip(reason: String)
    /// Not on this channel: on `channel` instead.
    case reroute(channel: String, reason: String)
}

/// R-CUS-4, decided in one place: a customer who opted out of a channel receives nothing on
/// it but what the business marks essential (`ConsentPolicy`). Every producer asks
/// `decide` before it queues a message, and the scheduler asks again before each send, so
/// an opt-out also stops (or reroutes) what is queued. Notices to staff are not the
/// customer's to refuse.
public enum Consent {
    public static func decide(_ message: Message, customer: Customer, policy: ConsentPolicy) -> ConsentVerdict {
        if policy.allows(customer, channel: message.channel, kind: message.kind, category: message.category) { return .send }
        let candidates = ((customer.preferredChannel.map { [$0] } ?? []) + policy.order).filter { $0 != message.channel }
        if let other = channel(for: customer, candidates: candidates, kind: message.kind, category: message.category,
                               policy: policy) {
            return .reroute(channel: other, reason: "consent: the customer opted out of \(message.channel); rerouted to \(other)")
        }
        return .skip(reason: "consent: the customer opted out of \(message.channel) and allows no other channel")
    }

    /// `message` on a channel consent allows (its own, or the one it is rerouted to); nil
    /// when none is left. For producers, before anything is queued.
    public static func routed(_ message: Message, customer: Customer, policy: ConsentPolicy) -> Message? {
        switch decide(message, customer: customer, policy: policy) {
        case .send: return message
        case .skip: return nil
        case .reroute(let channel, _):
            var rerouted = message
            rerouted.channel = channel
            return rerouted
        }
    }

    /// The first of `candidates` that is configured, reaches the customer (they have the
    /// contact it needs) and that consent allows for this kind; nil when none does.
    public static func channel(for customer: Customer, candidates: [String], kind: String,
                               category: MessageCategory = .transactional, policy: ConsentPolicy) -> String? {
        candidates.first { candidate in
            policy.configured.contains(candidate) && ChannelFallback.hasContact(customer, for: candidate)
                && policy.allows(customer, channel: candidate, kind: kind, category: category)
        }
    }
}
