/// R-CUS-4, decided in one place: a customer who opted out of a channel receives nothing on
/// it but what the business marks essential (an appointment reminder may be; marketing,
/// greetings, win-backs, tier and points notices and complaint updates never are). Every
/// producer picks its channel here, the fallback after a dead message does, and
/// `SendDecision` asks again before each send, so an opt-out also stops what is queued.
public enum Consent {
    /// Whether `channel` may carry a message to the customer.
    public static func allows(_ customer: Customer, channel: String, essential: Bool) -> Bool {
        essential || !customer.optedOut.contains(channel)
    }

    /// The first of `candidates` that is configured, reaches the customer (they have the
    /// contact it needs) and that they allow; nil when none does.
    public static func channel(for customer: Customer, candidates: [String], configured: Set<String>,
                               essential: Bool) -> String? {
        candidates.first { candidate in
            configured.contains(candidate) && ChannelFallback.hasContact(customer, for: candidate)
                && allows(customer, channel: candidate, essential: essential)
        }
    }
}
