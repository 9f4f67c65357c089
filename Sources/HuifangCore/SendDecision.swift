import Foundation

/// What the store knows about the customers of one claimed batch, read in two queries for
/// the whole batch rather than per message.
public struct SendFacts: Sendable, Equatable {
    /// Customers with a complaint still open (R-KEEP-4).
    public var openComplaints: Set<Int64>
    /// When each customer's marketing messages were delivered within the cap window,
    /// oldest first (R-KEEP-4).
    public var marketingDeliveries: [Int64: [Date]]

    public init(openComplaints: Set<Int64> = [], marketingDeliveries: [Int64: [Date]] = [:]) {
        self.openComplaints = openComplaints
        self.marketingDeliveries = marketingDeliveries
    }

    /// Adds what another batch's facts say.
    public mutating func merge(_ other: SendFacts) {
        openComplaints.formUnion(other.openComplaints)
        marketingDeliveries.merge(other.marketingDeliveries) { _, new in new }
    }

    /// Only these customers' facts (the rest are let go, to be read again if needed).
    public func keeping(_ customerIds: Set<Int64>) -> SendFacts {
        SendFacts(openComplaints: openComplaints.intersection(customerIds),
                  marketingDeliveries: marketingDeliveries.filter { customerIds.contains($0.key) })
    }

    /// Counts a marketing message about to be sent, so the next one in the same batch
    /// sees it under the cap.
    public mutating func recordMarketingSend(customerId: Int64, at now: Date) {
        marketingDeliveries[customerId, default: []].append(now)
    }
}

/// What a channel's messages are held to.
public struct SendRules: Sendable {
    public var windows: ContactWindows
    /// The zone the windows are read in when the recipient is staff (the clinic's); nil:
    /// the customer's own zone.
    public var zone: TimeZone?
    /// R-KEEP-4: marketing messages per customer per `marketingWindow` seconds.
    public var marketingCap: Int
    public var marketingWindow: TimeInterval
    public var consent: ConsentPolicy
    /// The zone the reasons people read name times in (the clinic's).
    public var readerZone: TimeZone

    public init(windows: ContactWindows, zone: TimeZone? = nil, marketingCap: Int, marketingWindow: TimeInterval,
                consent: ConsentPolicy, readerZone: TimeZone = TimeZone(identifier: "UTC")!) {
        self.windows = windows
        self.zone = zone
        self.marketingCap = marketingCap
        self.marketingWindow = marketingWindow
        self.consent = consent
        self.readerZone = readerZone
    }
}

/// Whether a claimed message goes out now.
public enum SendVerdict: Sendable, Equatable {
    case send
    /// Never sent; the reason is recorded with the message.
    case skip(reason: String)
    /// Not on this channel (consent): skipped here, and a copy goes on `channel`.
    case reroute(channel: String, reason: String)
    /// Not now, and not an attempt: it waits until then.
    case hold(until: Date, reason: String)
}

/// The one place that decides whether a claimed message may be sent now: staleness
/// (R-TIME-5), consent (R-CUS-4), open complaints and the marketing cap (R-KEEP-4), and
/// the contact window (R-TIME-1), in that order. Pure: the facts come loaded per batch.
public enum SendDecision {
    public static func decide(_ message: Message, customer: Customer?, facts: SendFacts, rules: SendRules,
                              now: Date) -> SendVerdict {
        if let expires = message.expiresAt, expires <= now {
            // R-TIME-5: stale work is skipped with the reason, never sent late.
            return .skip(reason: "stale: due \(iso(message.dueAt, in: rules.readerZone)), expired \(iso(expires, in: rules.readerZone))")
        }
        if let customer {
            // R-CUS-4: an opt-out takes effect at once, for messages already queued too.
            switch Consent.decide(message, customer: customer, policy: rules.consent) {
            case .send: break
            case .skip(let reason): return .skip(reason: reason)
            case .reroute(let channel, let reason): return .reroute(channel: channel, reason: reason)
            }
        }
        if message.category != .transactional, let customer {
            if facts.openComplaints.contains(customer.id) {
                return .skip(reason: "open complaint: no marketing or greetings while the customer's complaint is open")
            }
            if message.category == .marketing {
                let since = now.addingTimeInterval(-rules.marketingWindow)
                let recent = (facts.marketingDeliveries[customer.id] ?? []).filter { $0 >= since }
                if rules.marketingCap >= 0, recent.count >= rules.marketingCap {
                    let until = rules.marketingCap == 0 ? now.addingTimeInterval(rules.marketingWindow)
                        : recent[recent.count - rules.marketingCap].addingTimeInterval(rules.marketingWindow)
                    return .hold(until: until, reason: "cap: \(recent.count) marketing messages in \(Int(rules.marketingWindow / 86_400)) days; held until \(iso(until, in: rules.readerZone))")
                }
            }
        }
        if message.windowed, let zone = rules.zone ?? customer.flatMap({ TimeZone(identifier: $0.timeZone) }),
           !rules.windows.contains(now, in: zone) {
            // R-TIME-1: outside the window it waits for the next opening; not an attempt.
            let until = rules.windows.nextOpening(atOrAfter: now, in: zone)
            return .hold(until: until, reason: "window: outside the \(message.channel) contact window; held until \(iso(until, in: rules.readerZone))")
        }
        return .send
    }

    /// ISO-8601 to the second, in `zone`'s offset (`2026-11-28T09:00:00+08:00`; `Z` in UTC).
    public static func iso(_ date: Date, in zone: TimeZone = TimeZone(identifier: "UTC")!) -> String {
        ISO8601Text.string(date, in: zone, milliseconds: false)
    }
}
