import ArgumentParser
import HuifangControl

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "The audit log (managers and admins).", subcommands: [List.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every change and every refusal, latest first.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this customer.") var customer: Int64?
        @Option(help: "Only since this time, ISO-8601 with a zone.") var since: String?
        @Option(help: "At most this many.") var limit: Int = 200

        func run() throws {
            let (entries, raw) = try global.call("audit.list", AuditListArgs(customer: customer, since: since, limit: limit),
                                                 as: [AuditView].self)
            global.output(raw) {
                Table.print(header: ["AT", "UID", "ROLE", "COMMAND", "CUSTOMER", "OUTCOME", "DETAIL"], rows: entries.map {
                    [$0.at, $0.uid.map(String.init) ?? "-", $0.role, $0.command, $0.customer.map(String.init) ?? "-", $0.outcome, $0.detail]
                })
            }
        }
    }
}
