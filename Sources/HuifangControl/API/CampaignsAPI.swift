import Foundation
import HuifangCore

// Campaigns and events of the control protocol, declared once (see `ControlMethod`). R-BIZ-3.

extension API {
    public enum CampaignCreate: ControlMethod {
        public typealias Args = CampaignCreateArgs
        public typealias Result = CampaignView
        public static let name = "campaign.create"
        public static let summary = "send one marketing text to an audience (all, tier:NAME, tag:T, segment:S, dormant, birthday-month) under consent, the cap, windows and open complaints; a branch's campaign reaches its customers only"
        public static let access = Access.managers
        public static let mutates = true
    }

    public enum CampaignList: ControlMethod {
        public typealias Args = NoArgs
        public typealias Result = [CampaignView]
        public static let name = "campaign.list"
        public static let summary = "campaigns and events, latest first, with their counts (a role limited to a branch: its branch's and the chain's, counted for its customers)"
        public static let access = Access.service
    }

    public enum CampaignShow: ControlMethod {
        public typealias Args = IDArgs
        public typealias Result = CampaignView
        public static let name = "campaign.show"
        public static let summary = "one campaign: queued, delivered, skipped and held by why, and its RSVPs"
        public static let access = Access.service
    }

    public enum CampaignRSVP: ControlMethod {
        public typealias Args = CampaignRSVPArgs
        public typealias Result = CampaignView
        public static let name = "campaign.rsvp"
        public static let summary = "record a customer's yes or no to an event"
        public static let access = Access.frontLine
        public static let mutates = true
        public static func auditCustomer(args: Args, result: Result?) -> Int64? { args.customer }
    }
}

public struct CampaignCreateArgs: Codable, Sendable, Equatable {
    public var name: String
    public var audience: String
    public var channel: String
    /// May use {salutation}, {name}, {surname}, {honorific}, {clinic}.
    public var text: String
    /// When it goes (clinic time; default now).
    public var at: String?
    /// An event: customers' yes and no are recorded.
    public var rsvp: Bool?
    /// The branch whose customers it goes to (`[[branches]]` id); default: the caller's
    /// branch if their role has one, else the whole chain.
    public var branch: String?

    public init(name: String, audience: String, channel: String, text: String, at: String? = nil, rsvp: Bool? = nil,
                branch: String? = nil) {
        self.name = name
        self.audience = audience
        self.channel = channel
        self.text = text
        self.at = at
        self.rsvp = rsvp
        self.branch = branch
    }
}

public struct CampaignRSVPArgs: Codable, Sendable, Equatable {
    public var id: Int64
    public var customer: Int64
    public var yes: Bool

    public init(id: Int64, customer: Int64, yes: Bool) {
        self.id = id
        self.customer = customer
        self.yes = yes
    }
}

public struct CampaignView: Codable, Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var audience: String
    public var channel: String
    public var text: String
    public var at: String
    public var rsvp: Bool
    public var recipients: Int
    public var queued: Int
    public var delivered: Int
    /// Waiting, by why: cap, complaint, window, circuit.
    public var held: [String: Int]
    /// Not sent, by why: consent, no contact, complaint, stale, cancelled, dead.
    public var skipped: [String: Int]
    public var rsvpYes: Int
    public var rsvpNo: Int
    /// The branch it goes to (`[[branches]]` id); nil: the whole chain.
    public var branch: String?
    /// Whose customers the counts are of: the caller's branch when their role is limited to
    /// one and the campaign is the chain's; nil: every recipient.
    public var countedFor: String?

    public init(id: Int64, name: String, audience: String, channel: String, text: String, at: String, rsvp: Bool, recipients: Int,
                queued: Int, delivered: Int, held: [String: Int], skipped: [String: Int], rsvpYes: Int, rsvpNo: Int,
                branch: String? = nil, countedFor: String? = nil) {
        self.id = id
        self.name = name
        self.audience = audience
        self.channel = channel
        self.text = text
        self.at = at
        self.rsvp = rsvp
        self.recipients = recipients
        self.queued = queued
        self.delivered = delivered
        self.held = held
        self.skipped = skipped
        self.rsvpYes = rsvpYes
        self.rsvpNo = rsvpNo
        self.branch = branch
        self.countedFor = countedFor
    }
}
