import Foundation

/// A campaign or an event invitation (R-BIZ-3): one marketing text to an audience, at a
/// time, under the marketing rules (consent, the frequency cap, contact windows, open
/// complaints). With `rsvp`, customers' yes and no are recorded. A campaign of a branch goes
/// to that branch's customers only; one with no branch, to the whole chain.
public struct Campaign: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var audience: CampaignAudience
    public var channel: String
    public var text: String
    public var at: Date
    public var rsvp: Bool
    public var createdAt: Date
    /// The branch (`[[branches]]` id) whose customers it goes to; nil: the whole chain.
    public var branch: String?

    public init(id: Int64 = 0, name: String, audience: CampaignAudience, channel: String, text: String, at: Date, rsvp: Bool,
                createdAt: Date, branch: String? = nil) {
        self.id = id
        self.name = name
        self.audience = audience
        self.channel = channel
        self.text = text
        self.at = at
        self.rsvp = rsvp
        self.createdAt = createdAt
        self.branch = branch
    }

    /// Every message of a campaign has a dedupe key with this prefix.
    public var keyPrefix: String { "campaign:\(id):" }
}

/// Who a campaign goes to.
public enum CampaignAudience: Sendable, Equatable, CustomStringConvertible {
    case all
    case tier(String)
    case tag(String)
    case segment(Segment)
    /// No visit for `[retention] dormant_days`.
    case dormant
    /// Born in the month the campaign goes out.
    case birthdayMonth

    public init?(_ text: String) {
        switch text {
        case "all": self = .all
        case "dormant": self = .dormant
        case "birthday-month": self = .birthdayMonth
        case _ where text.hasPrefix("tier:") && text.count > 5: self = .tier(String(text.dropFirst(5)))
        case _ where text.hasPrefix("tag:") && text.count > 4: self = .tag(String(text.dropFirst(4)))
        case _ where text.hasPrefix("segment:"):
            guard let segment = Segment(rawValue: String(text.dropFirst(8))) else { return nil }
            self = .segment(segment)
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .all: "all"
        case .tier(let name): "tier:\(name)"
        case .tag(let tag): "tag:\(tag)"
        case .segment(let segment): "segment:\(segment.rawValue)"
        case .dormant: "dormant"
        case .birthdayMonth: "birthday-month"
        }
    }

    /// Whether the customer is in it: `tier` is theirs, `facts` their last year (nil: no
    /// visit), `month` the month (1–12) the campaign goes out in.
    public func includes(_ customer: Customer, tier: String?, facts: RetentionFacts?, settings: RetentionSettings,
                         month: Int, now: Date) -> Bool {
        switch self {
        case .all: return true
        case .tier(let name): return tier == name
        case .tag(let tag): return customer.tags.contains(tag)
        case .segment(let segment):
            guard let facts else { return false }
            return Segment.of(visits: facts.visits12m, spendMinor: facts.spend12mMinor, settings: settings) == segment
        case .dormant:
            guard let facts else { return false }
            return now.timeIntervalSince(facts.lastVisit) >= Double(settings.dormantDays) * 86_400
        case .birthdayMonth:
            return customer.birthday?.month == month
        }
    }
}

/// What became of a campaign's messages, and its RSVPs.
public struct CampaignCounts: Sendable, Equatable {
    public var recipients = 0
    public var queued = 0
    public var delivered = 0
    /// Waiting, by why: `cap`, `complaint`, `window`, `circuit`.
    public var held: [String: Int] = [:]
    /// Not sent, by why: `consent`, `stale`, `cancelled`, `dead`.
    public var skipped: [String: Int] = [:]
    public var rsvpYes = 0
    public var rsvpNo = 0

    public init() {}

    /// Counts one message by its status and its last reason.
    public mutating func count(status: MessageStatus, reason: String?) {
        recipients += 1
        var why = reason.map { String($0.prefix { $0 != ":" }) } ?? ""
        if why == "open complaint" { why = "complaint" }
        switch status {
        case .delivered: delivered += 1
        case .pending, .failed, .sending:
            queued += 1
            if ["cap", "complaint", "window", "circuit"].contains(why) { held[why, default: 0] += 1 }
        case .skipped: skipped[why.isEmpty ? "skipped" : why, default: 0] += 1
        case .cancelled: skipped["cancelled", default: 0] += 1
        case .dead: skipped["dead", default: 0] += 1
        }
    }
}

/// The store port for campaigns.
public protocol CampaignStore: Sendable {
    func addCampaign(_ campaign: Campaign) throws -> Campaign
    func campaigns() throws -> [Campaign]
    func campaign(id: Int64) throws -> Campaign?
    /// What became of its messages (those to `branch`'s customers only, when given) and its
    /// RSVPs (likewise).
    func campaignCounts(_ campaign: Campaign, branch: String?) throws -> CampaignCounts
    /// Records (or changes) a customer's answer to an event.
    func setRSVP(campaignId: Int64, customerId: Int64, yes: Bool, now: Date) throws
}
