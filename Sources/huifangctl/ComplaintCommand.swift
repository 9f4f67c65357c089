import ArgumentParser
import HuifangControl

struct ComplaintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "complaint", abstract: "Complaints: deadlines, escalation, the customer kept informed.",
        subcommands: [Open.self, Respond.self, Resolve.self, Satisfaction.self, Close.self, Show.self, List.self])

    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.ComplaintOpen.abstract)
        @OptionGroup var global: GlobalOptions
        @Option(help: "The customer's id.") var customer: Int64
        @Option(help: "phone, email, in-person or online.") var channel: String
        @Option(help: "What the customer said.") var content: String
        @Option(help: "low, normal, high or critical.") var severity: String?
        @Option(help: "What the customer expects.") var expects: String?
        @Option(help: "The cause, for the monthly report.") var cause: String?
        @Option(help: "The service concerned.") var service: String?
        @Option(help: "The staff member concerned.") var staff: String?

        func run() throws {
            let args = ComplaintOpenArgs(customer: customer, channel: channel, content: content, severity: severity,
                                         expects: expects, cause: cause, service: service, staff: staff)
            let c = try global.call(API.ComplaintOpen.self, args)
            global.output(c) { print(c.id) }
        }
    }

    struct Respond: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.ComplaintRespond.abstract)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The complaint's id.") var id: Int64
        @Option(help: "What to tell the customer.") var note: String?
        func run() throws { try ComplaintCommand.call(API.ComplaintRespond.self, ComplaintNoteArgs(id: id, note: note), global) }
    }

    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.ComplaintResolve.abstract)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The complaint's id.") var id: Int64
        @Option(help: "The resolution.") var note: String
        func run() throws { try ComplaintCommand.call(API.ComplaintResolve.self, ComplaintNoteArgs(id: id, note: note), global) }
    }

    struct Satisfaction: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.ComplaintSatisfaction.abstract)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The complaint's id.") var id: Int64
        @Flag(exclusivity: .exclusive, help: "The customer's answer.") var answer: Answer

        enum Answer: String, EnumerableFlag {
            case satisfied
            case notSatisfied
        }

        func run() throws {
            try ComplaintCommand.call(API.ComplaintSatisfaction.self, ComplaintSatisfactionArgs(id: id, satisfied: answer == .satisfied), global)
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.ComplaintClose.abstract)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The complaint's id.") var id: Int64
        func run() throws { try ComplaintCommand.call(API.ComplaintClose.self, ComplaintNoteArgs(id: id), global) }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.ComplaintShow.abstract)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The complaint's id.") var id: Int64
        func run() throws { try ComplaintCommand.call(API.ComplaintShow.self, IDArgs(id: id), global) }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.ComplaintList.abstract)
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Only open ones.") var open = false

        func run() throws {
            let complaints = try global.call(API.ComplaintList.self, ComplaintListArgs(open: open))
            global.output(complaints) {
                Table.print(header: ["ID", "CUSTOMER", "SEVERITY", "STATUS", "OWNER", "RESOLUTION DUE", "CONTENT"], rows: complaints.map {
                    ["\($0.id)", $0.customerName ?? "#\($0.customer)", $0.severity, $0.status, $0.owner, LocalTimeText.show($0.resolutionDue), $0.content]
                })
            }
        }
    }

    static func call<M: ControlMethod>(_ method: M.Type, _ args: M.Args, _ global: GlobalOptions) throws
        where M.Result == ComplaintView {
        let c = try global.call(method, args)
        global.output(c) {
            print("complaint \(c.id) \(c.status), owner \(c.owner) (level \(c.level)), resolution due \(LocalTimeText.show(c.resolutionDue))")
        }
    }
}
