import Foundation
import HuifangControl
import HuifangCore

/// arrears.set, arrears.pay, arrears.show (R-KEEP-3): the socket's side of `ArrearsLedger`.
enum ArrearsCommands {
    static let all = [set, pay, show]

    static let set = CommandHandler(API.ArrearsSet.self) { (args: ArrearsArgs, context) throws(HuifangError) in
        let customer = try liveCustomer(args.customer, field: "customer", context)
        return view(customer.id, try ArrearsLedger(context).set(customer: customer, amount: args.amount))
    }

    static let pay = CommandHandler(API.ArrearsPay.self) { (args: ArrearsArgs, context) throws(HuifangError) in
        let customer = try liveCustomer(args.customer, field: "customer", context)
        return view(customer.id, try ArrearsLedger(context).pay(customer: customer, amount: args.amount))
    }

    static let show = CommandHandler(API.ArrearsShow.self) { (args: IDArgs, context) throws(HuifangError) in
        let customer = try visibleCustomer(args.id, field: "id", context)
        return view(customer.id, try storeCall(context, "reading arrears") { try context.store.arrears(customerId: customer.id) })
    }

    static func view(_ customer: Int64, _ a: Arrears?) -> ArrearsView {
        ArrearsView(customer: customer, owed: Money.format(a?.owedMinor ?? 0), since: a.map { ControlCoding.timestamp($0.since) },
                    reminders: a?.remindersSent ?? 0, suspended: a?.suspended ?? false)
    }
}
