import ArgumentParser
import HuifangControl

struct CampaignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign", abstract: "Campaigns and events: one marketing text to an audience, counted.",
        subcommands: [Create.self, List.self, Show.self, RSVP.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.CampaignCreate.abstract)

        @OptionGroup var global: GlobalOptions
        @Option(help: "What staff call it, e.g. 会员日.") var name: String
        @Option(help: "all, tier:NAME, tag:T, segment:S, dormant or birthday-month.") var audience: String
        @Option(help: "The channel, e.g. sms or wechat.") var channel: String
        @Option(help: "The text; may use {salutation}, {name}, {surname}, {honorific}, {clinic}.") var text: String
        @Option(help: "When it goes, in clinic time: 2026-11-28 10:00, 11-28 10:00, 明天 10:00, or ISO-8601 (default: now; held to the contact window).") var at: String?
        @Flag(help: "An event: record customers' yes and no.") var rsvp = false
        @Option(help: "Only this branch's customers ([[branches]] id); default: yours, if your role has one, else the whole chain.")
        var branch: String?

        func run() throws {
            let c = try global.call(API.CampaignCreate.self, CampaignCreateArgs(name: name, audience: audience, channel: channel, text: text,
                                                                                at: at, rsvp: rsvp ? true : nil, branch: branch))
            global.output(c) {
                print("campaign \(c.id): \(c.recipients) recipient\(c.recipients == 1 ? "" : "s")" + (c.branch.map { " of branch \($0)" } ?? ""))
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.CampaignList.abstract)

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let campaigns = try global.call(API.CampaignList.self, NoArgs())
            global.output(campaigns) {
                // A chain's branches get a column saying whose each campaign is ("-": the chain's).
                let branches = campaigns.contains { $0.branch != nil || $0.countedFor != nil }
                Table.print(header: ["ID", "NAME", "AUDIENCE"] + (branches ? ["BRANCH"] : []) + ["AT", "TO", "DELIVERED", "QUEUED", "SKIPPED"],
                            rows: campaigns.map {
                    ["\($0.id)", $0.name, $0.audience] + (branches ? [$0.branch ?? "-"] : [])
                        + [LocalTimeText.show($0.at), "\($0.recipients)", "\($0.delivered)", "\($0.queued)", "\($0.skipped.values.reduce(0, +))"]
                })
                if let mine = campaigns.lazy.compactMap(\.countedFor).first {
                    print("(the chain's campaigns are counted for branch \(mine)'s customers)")
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.CampaignShow.abstract)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The campaign's id.") var id: Int64

        func run() throws {
            let c = try global.call(API.CampaignShow.self, IDArgs(id: id))
            global.output(c) {
                func reasons(_ counts: [String: Int]) -> String {
                    counts.isEmpty ? "-" : counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                }
                var fields = [
                    ("campaign", "\(c.id) \(c.name)"), ("audience", c.audience), ("channel", c.channel), ("at", LocalTimeText.show(c.at)),
                    ("text", c.text), ("recipients", "\(c.recipients)"), ("delivered", "\(c.delivered)"), ("queued", "\(c.queued)"),
                    ("held", reasons(c.held)), ("skipped", reasons(c.skipped)),
                    ("rsvp", c.rsvp ? "yes \(c.rsvpYes), no \(c.rsvpNo)" : "-"),
                ]
                if let branch = c.branch { fields.insert(("branch", branch), at: 2) }
                if let mine = c.countedFor { fields.insert(("counted", "branch \(mine)'s customers only (a chain campaign)"), at: 2) }
                Table.printFields(fields)
            }
        }
    }

    struct RSVP: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rsvp", abstract: API.CampaignRSVP.abstract)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The event's campaign id.") var id: Int64
        @Option(help: "The customer's id.") var customer: Int64
        @Flag(help: "They come.") var yes = false
        @Flag(help: "They do not.") var no = false

        func validate() throws {
            guard yes != no else { throw ValidationError("give --yes or --no") }
        }

        func run() throws {
            let c = try global.call(API.CampaignRSVP.self, CampaignRSVPArgs(id: id, customer: customer, yes: yes))
            global.output(c) { print("campaign \(c.id): yes \(c.rsvpYes), no \(c.rsvpNo)") }
        }
    }
}
