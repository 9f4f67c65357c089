import Foundation
import HuifangControl
import HuifangCore

/// arrears.set, arrears.pay, arrears.show (R-KEEP-3): a balance owed is reminded every
/// `arrears_every_days`; after `arrears_suspend_after` reminders the account is suspended
/// until paid.
enum ArrearsCommands {
    static let all = [set, pay, show]

    static let set = ControlCommand.make(
        "arrears.set", access: .frontLine, mutates: true, usage: "arrears.set {customer, amount}",
        summary: "the balance the customer owes (0 clears it)"
    ) { (args: ArrearsArgs, context) throws(HuifangError) in
        let amount = try minor(args.amount)
        let customer = try liveCustomer(args.customer, field: "customer", context)
        let arrears = try storeCall(context, "saving arrears") {
            try context.store.setArrears(customerId: customer.id, owedMinor: amount, now: context.clock.now())
        }
        return view(customer.id, arrears)
    }

    static let pay = ControlCommand.make(
        "arrears.pay", access: .frontLine, mutates: true, usage: "arrears.pay {customer, amount}",
        summary: "a payment against the balance; paid in full clears it and lifts a suspension"
    ) { (args: ArrearsArgs, context) throws(HuifangError) in
        let amount = try minor(args.amount)
        let customer = try liveCustomer(args.customer, field: "customer", context)
        let owed = try storeCall(context, "reading arrears") { try context.store.arrears(customerId: customer.id) }?.owedMinor ?? 0
        guard amount <= owed else { throw .invalid("amount", "is more than the \(Money.format(owed)) owed") }
        let arrears = try storeCall(context, "saving arrears") {
            try context.store.setArrears(customerId: customer.id, owedMinor: owed - amount, now: context.clock.now())
        }
        return view(customer.id, arrears)
    }

    static let show = ControlCommand.make(
        "arrears.show", access: .frontLine, usage: "arrears.show {id}", summary: "a customer's balance, reminders and suspension"
    ) { (args: IDArgs, context) throws(HuifangError) in
        view(args.id, try storeCall(context, "reading arrears") { try context.store.arrears(customerId: args.id) })
    }

    private static func minor(_ text: String) throws(HuifangError) -> Int64 {
        try Money.parse(text, example: "1200.00")
    }

    static func view(_ customer: Int64, _ a: Arrears?) -> ArrearsView {
        ArrearsView(customer: customer, owed: Money.format(a?.owedMinor ?? 0), since: a.map { ControlCoding.timestamp($0.since) },
                    reminders: a?.remindersSent ?? 0, suspended: a?.suspended ?? false)
    }
}
