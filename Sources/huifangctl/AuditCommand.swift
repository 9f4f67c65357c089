import ArgumentParser
import HuifangControl

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "The audit log (managers and admins).", subcommands: [List.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.AuditList.abstract)

        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this customer.") var customer: Int64?
        @Option(help: "Only since this time, in clinic time: 2026-11-28 15:00, 11-28 15:00, 15:00, 明天 15:00, or ISO-8601.") var since: String?
        @Option(help: "At most this many.") var limit: Int = 200

        func run() throws {
            let entries = try global.call(API.AuditList.self, AuditListArgs(customer: customer, since: since, limit: limit))
            global.output(entries) {
                Table.print(header: ["AT", "WHO", "ROLE", "COMMAND", "CUSTOMER", "OUTCOME", "DETAIL"], rows: entries.map {
                    [LocalTimeText.show($0.at), $0.who ?? $0.actor ?? $0.uid.map { "uid \($0)" } ?? "-", $0.role, $0.command,
                     $0.customerName ?? $0.customer.map { "#\($0)" } ?? "-", $0.outcome, $0.detail]
                })
            }
        }
    }
}
