import ArgumentParser
import HuifangControl

struct ArrearsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "arrears", abstract: "Unpaid balances: reminded weekly, suspended after 3 reminders until paid.",
        subcommands: [Set.self, Pay.self, Show.self])

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.ArrearsSet.abstract)
        @OptionGroup var global: GlobalOptions
        @Option(help: "The customer's id.") var customer: Int64
        @Option(help: "The amount owed, e.g. 1200.00.") var amount: String
        func run() throws { try ArrearsCommand.call(API.ArrearsSet.self, ArrearsArgs(customer: customer, amount: amount), global) }
    }

    struct Pay: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.ArrearsPay.abstract)
        @OptionGroup var global: GlobalOptions
        @Option(help: "The customer's id.") var customer: Int64
        @Option(help: "The amount paid, e.g. 600.00.") var amount: String
        func run() throws { try ArrearsCommand.call(API.ArrearsPay.self, ArrearsArgs(customer: customer, amount: amount), global) }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.ArrearsShow.abstract)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The customer's id.") var id: Int64
        func run() throws { try ArrearsCommand.call(API.ArrearsShow.self, IDArgs(id: id), global) }
    }

    static func call<M: ControlMethod>(_ method: M.Type, _ args: M.Args, _ global: GlobalOptions) throws
        where M.Result == ArrearsView {
        let a = try global.call(method, args)
        global.output(a) {
            print("customer \(a.customer): owes \(a.owed)\(a.since.map { " since \($0)" } ?? ""); \(a.reminders) reminders"
                  + (a.suspended ? "; SUSPENDED until paid" : ""))
        }
    }
}
