import Foundation
import HuifangCore

/// Campaigns and events (R-BIZ-3): one marketing text to an audience. Consent is asked
/// before anything is queued (a customer with no allowed channel is counted as skipped);
/// the frequency cap, the contact window and open complaints are the scheduler's, at send
/// time (R-KEEP-4). The counts come from the messages themselves. A campaign of a branch goes
/// to that branch's customers; a role limited to a branch makes its branch's campaigns only,
/// and sees those and the chain's.
struct Campaigns {
    let context: CommandContext

    init(_ context: CommandContext) { self.context = context }

    static let variables = ["name", "surname", "honorific", "salutation", "clinic"]
    /// A campaign message not sent within this long after its time is not sent late.
    static let staleAfter: TimeInterval = 7 * 86_400

    func create(name: String, audience text: String, channel: String, text body: String, at: Date,
                rsvp: Bool, branch named: String?) throws(HuifangError) -> Campaign {
        let settings = context.config.snapshot
        let branch = try Branches(context).home(named)
        let title = name.trimmingCharacters(in: .whitespaces)
        guard (1...100).contains(title.count) else { throw .invalid("name", "must be 1 to 100 characters") }
        guard let audience = CampaignAudience(text) else {
            throw .invalid("audience", "must be all, tier:NAME, tag:T, segment:S (\(Segment.allCases.map(\.rawValue).joined(separator: ", "))), dormant or birthday-month")
        }
        if case .tier(let tier) = audience, settings.membership.ladder.tier(named: tier) == nil {
            throw .invalid("audience", "there is no tier \(tier.prefix(40)) (tiers: \(settings.membership.ladder.tiers.map(\.name).joined(separator: ", ")))")
        }
        guard settings.channel(named: channel) != nil, !ChannelName.isToStaff(channel) else {
            throw .invalid("channel", "must be a configured channel to customers")
        }
        let source = body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...1000).contains(source.count) else { throw .invalid("text", "must be 1 to 1000 characters") }
        let template: MessageTemplate
        do {
            template = try MessageTemplate(source, allowed: Self.variables)
        } catch {
            throw .invalid("text", error.description)
        }
        let now = context.clock.now()
        guard at > now.addingTimeInterval(-3600) else { throw .invalid("at", "lies in the past") }
        let store = context.store
        return try storeCall(context, "creating a campaign") { () throws -> Campaign in
            let campaign = try store.addCampaign(Campaign(name: title, audience: audience, channel: channel, text: source, at: at,
                                                          rsvp: rsvp, createdAt: now, branch: branch))
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = settings.clinicZone
            let month = calendar.component(.month, from: at)
            let facts: [Int64: RetentionFacts]
            switch audience {
            case .segment, .dormant:
                facts = Dictionary(try store.retentionFacts(since: now.addingTimeInterval(-365 * 86_400)).map { ($0.customerId, $0) },
                                   uniquingKeysWith: { a, _ in a })
            default: facts = [:]
            }
            let policy = settings.consentPolicy
            var recipients = 0
            var afterId: Int64 = 0
            while true {
                let page = try store.customers(afterId: afterId, limit: 1000)
                guard let last = page.last else { break }
                afterId = last.id
                let tiers = try store.tierNames(customerIds: page.map(\.id))
                var messages: [Message] = []
                var refused: [(id: String, reason: String)] = []
                for customer in page where customer.id != 0 && (branch == nil || customer.branch == branch)
                    && audience.includes(customer, tier: tiers[customer.id], facts: facts[customer.id], settings: settings.retention,
                                         month: month, now: now) {
                    var values = Salutation.values(for: customer)
                    values["clinic"] = settings.clinicName(for: customer)
                    var message = Message(
                        id: MessageID.generate(now: now), dedupeKey: "\(campaign.keyPrefix)\(customer.id)", kind: MessageKind.campaign,
                        customerId: customer.id, channel: channel, text: template.render(values), locale: customer.locale,
                        dataJSON: #"{"campaign":\#(campaign.id)\#(rsvp ? #","rsvp":true"# : "")}"#, dueAt: at,
                        expiresAt: at.addingTimeInterval(Self.staleAfter), createdAt: now)
                    message.category = .marketing
                    message.windowed = true
                    message.origin = "campaign #\(campaign.id) \(title)"
                    recipients += 1
                    if let routed = Consent.routed(message, customer: customer, policy: policy),
                       ChannelFallback.hasContact(customer, for: routed.channel) {
                        messages.append(routed)
                    } else {
                        messages.append(message)
                        let reason: String
                        if case .skip(let why) = Consent.decide(message, customer: customer, policy: policy) {
                            reason = why
                        } else {
                            reason = "no contact: the customer has no address for \(channel)"
                        }
                        refused.append((message.id, reason))
                    }
                }
                _ = try store.insertNew(messages)
                try store.skipQueued(refused, now: now)
            }
            let whose = branch.map { " of \(Branches(context).name($0))" } ?? ""
            context.auditNote.add("campaign #\(campaign.id) \(title) to \(audience)\(whose): \(recipients) recipients")
            context.wakeup.signal()
            return campaign
        }
    }

    /// A campaign this caller may see: the chain's, or their branch's when their role is
    /// limited to one.
    func find(_ id: Int64) throws(HuifangError) -> Campaign {
        guard let campaign = try storeCall(context, "reading a campaign", { try context.store.campaign(id: id) }) else {
            throw HuifangError(.notFound, "no campaign with id \(id)", field: "id", chinese: "找不到编号为 \(id) 的活动。")
        }
        try Branches(context).require(campaign: campaign)
        return campaign
    }

    /// The campaigns this caller may see, latest first.
    func list() throws(HuifangError) -> [Campaign] {
        Branches(context).visibleWithChain(try storeCall(context, "reading campaigns") { try context.store.campaigns() }, branch: \.branch)
    }

    /// Its counts as this caller may see them: a chain's campaign, for a role limited to a
    /// branch, counts that branch's customers only. The branch counted for comes back too.
    func counts(_ campaign: Campaign) throws(HuifangError) -> (counts: CampaignCounts, countedFor: String?) {
        let countedFor = campaign.branch == nil ? context.branch : nil
        let counts = try storeCall(context, "counting a campaign") { try context.store.campaignCounts(campaign, branch: countedFor) }
        return (counts, countedFor)
    }

    func rsvp(_ id: Int64, customer: Int64, yes: Bool) throws(HuifangError) -> Campaign {
        let campaign = try find(id)
        guard campaign.rsvp else { throw HuifangError(.conflict, "campaign \(id) asks for no RSVP", field: "id") }
        let now = context.clock.now()
        try storeCall(context, "recording an RSVP") { try context.store.setRSVP(campaignId: id, customerId: customer, yes: yes, now: now) }
        return campaign
    }
}
