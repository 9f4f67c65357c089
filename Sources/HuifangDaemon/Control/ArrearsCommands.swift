import Foundation
import HuifangControl
import HuifangCore

/// arrears.set, arrears.pay, arrears.show (R-KEEP-3): a balance owed is reminded every
/// `arrears_every_days`; after `arrears_suspend_after` reminders the account is suspended
/// until paid.
enum ArrearsCommands {
    static let all = [set, pay, show]

    static let set = CommandHandler(API.ArrearsSet.self) { (args: ArrearsArgs, context) throws(HuifangError) in
        let amount = try minor(args.amount)
        let customer = try liveCustomer(args.customer, field: "customer", context)
        let arrears = try storeCall(context, "saving arrears") {
            try context.store.setArrears(customerId: customer.id, owedMinor: amount, now: context.clock.now())
        }
        return view(customer.id, arrears)
    }

    static let pay = CommandHandler(API.ArrearsPay.self) { (args: ArrearsArgs, context) throws(HuifangError) in
        let amount = try minor(args.amount)
        let customer = try liveCustomer(args.customer, field: "customer", context)
        let payment = try storeCall(context, "saving a payment") {
            try context.store.payArrears(customerId: customer.id, amountMinor: amount)
        }
        switch payment {
        case .paid(let remaining):
            return view(customer.id, remaining)
        case .exceedsBalance(let owed):
            throw .invalid("amount", "is more than the \(Money.format(owed)) owed")
        }
    }

    static let show = CommandHandler(API.ArrearsShow.self) { (args: IDArgs, context) throws(HuifangError) in
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
