import Foundation
import HuifangControl
import HuifangCore

/// campaign.create, campaign.list, campaign.show, campaign.rsvp (R-BIZ-3).
enum CampaignCommands {
    static let all = [create, list, show, rsvp]

    static let create = CommandHandler(API.CampaignCreate.self) { (args: CampaignCreateArgs, context) throws(HuifangError) in
        let at = try args.at.map { text throws(HuifangError) in try context.time(text, field: "at") } ?? context.clock.now()
        let campaign = try Campaigns(context).create(name: args.name, audience: args.audience, channel: args.channel, text: args.text,
                                                     at: at, rsvp: args.rsvp == true, branch: args.branch)
        return try view(campaign, context)
    }

    static let list = CommandHandler(API.CampaignList.self) { (_: NoArgs, context) throws(HuifangError) in
        let campaigns = try Campaigns(context).list()
        var views: [CampaignView] = []
        for campaign in campaigns { views.append(try view(campaign, context)) }
        return views
    }

    static let show = CommandHandler(API.CampaignShow.self) { (args: IDArgs, context) throws(HuifangError) in
        try view(try Campaigns(context).find(args.id), context)
    }

    static let rsvp = CommandHandler(API.CampaignRSVP.self) { (args: CampaignRSVPArgs, context) throws(HuifangError) in
        _ = try liveCustomer(args.customer, field: "customer", context)
        return try view(try Campaigns(context).rsvp(args.id, customer: args.customer, yes: args.yes), context)
    }

    static func view(_ c: Campaign, _ context: CommandContext) throws(HuifangError) -> CampaignView {
        let (counts, countedFor) = try Campaigns(context).counts(c)
        return CampaignView(id: c.id, name: c.name, audience: c.audience.description, channel: c.channel, text: c.text,
                            at: ControlCoding.timestamp(c.at), rsvp: c.rsvp, recipients: counts.recipients, queued: counts.queued,
                            delivered: counts.delivered, held: counts.held, skipped: counts.skipped, rsvpYes: counts.rsvpYes,
                            rsvpNo: counts.rsvpNo, branch: c.branch, countedFor: countedFor)
    }
}
