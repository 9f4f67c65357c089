import ArgumentParser
import HuifangControl

struct ArrearsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "arrears", abstract: "Unpaid balances (R-KEEP-3): reminded weekly, suspended after 3 reminders until paid.",
        subcommands: [Set.self, Pay.self, Show.self])

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record the balance a customer owes (0 clears it).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The customer's id.") var customer: Int64
        @Option(help: "The amount owed, e.g. 1200.00.") var amount: String
        func run() throws { try ArrearsCommand.call("arrears.set", ArrearsArgs(customer: customer, amount: amount), global) }
    }

    struct Pay: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a payment against the balance.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The customer's id.") var customer: Int64
        @Option(help: "The amount paid, e.g. 600.00.") var amount: String
        func run() throws { try ArrearsCommand.call("arrears.pay", ArrearsArgs(customer: customer, amount: amount), global) }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A customer's balance, reminders and suspension.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The customer's id.") var id: Int64
        func run() throws { try ArrearsCommand.call("arrears.show", IDArgs(id: id), global) }
    }

    static func call<A: Encodable>(_ cmd: String, _ args: A, _ global: GlobalOptions) throws {
        let (a, raw) = try global.call(cmd, args, as: ArrearsView.self)
        global.output(raw) {
            print("customer \(a.customer): owes \(a.owed)\(a.since.map { " since \($0)" } ?? ""); \(a.reminders) reminders"
                  + (a.suspended ? "; SUSPENDED until paid" : ""))
        }
    }
}
