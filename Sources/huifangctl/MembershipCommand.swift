import ArgumentParser
import HuifangControl

struct PurchaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purchase", abstract: "Record purchases: spend, points and tier (R-MEM).", subcommands: [Add.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: API.PurchaseAdd.abstract)

        @OptionGroup var global: GlobalOptions
        @Option(help: "The customer's id.") var customer: Int64
        @Option(help: "The amount, e.g. 12800.00 (at most two decimals).") var amount: String
        @Option(help: "The category, e.g. drug (some earn no points).") var category: String?
        @Option(help: "Points used to pay part of it (1 point = 1 unit).") var pointsUsed: Int64?
        @Option(help: "When, in clinic time: 2026-11-28 15:00, 11-28 15:00, 15:00, 明天 15:00, or ISO-8601 (default now).") var at: String?

        func run() throws {
            let args = PurchaseAddArgs(customer: customer, amount: amount, category: category, pointsUsed: pointsUsed, at: at)
            let p = try global.call(API.PurchaseAdd.self, args)
            global.output(p) {
                print("purchase \(p.id): \(p.amount); +\(p.pointsEarned) points, balance \(p.pointsBalance); spend \(p.spend); tier \(p.tier ?? "-")"
                      + (p.upgradedTo.map { " (upgraded to \($0))" } ?? ""))
            }
        }
    }
}

struct PointsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "points", abstract: "Points.", subcommands: [Ledger.self])

    struct Ledger: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.PointsLedger.abstract)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The customer's id.") var id: Int64

        func run() throws {
            let lines = try global.call(API.PointsLedger.self, IDArgs(id: id))
            global.output(lines) {
                Table.print(header: ["AT", "KIND", "POINTS", "BALANCE", "PURCHASE"], rows: lines.map {
                    [LocalTimeText.show($0.at), $0.kind, ($0.points > 0 ? "+" : "") + "\($0.points)", "\($0.balance)", $0.purchase.map { "\($0)" } ?? "-"]
                })
            }
        }
    }
}
