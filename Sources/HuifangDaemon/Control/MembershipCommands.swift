import Foundation
import HuifangControl
import HuifangCore

/// purchase.add and points.ledger (R-MEM-1, 2, 4, 5): the socket's side of `Membership`.
enum MembershipCommands {
    static let all = [purchaseAdd, pointsLedger]

    static let purchaseAdd = CommandHandler(API.PurchaseAdd.self) { (args: PurchaseAddArgs, context) throws(HuifangError) in
        var at = context.clock.now()
        if let text = args.at {
            at = try context.time(text, field: "at")
        }
        let customer = try liveCustomer(args.customer, field: "customer", context)
        let recorded = try Membership(context).purchase(customer: customer, amount: args.amount, category: args.category,
                                                        pointsUsed: args.pointsUsed ?? 0, at: at)
        let account = recorded.outcome.account
        return PurchaseView(id: recorded.purchase.id, customer: customer.id, amount: Money.format(recorded.purchase.amountMinor),
                            pointsEarned: recorded.outcome.entries.filter { $0.kind == .earn }.reduce(0) { $0 + $1.points },
                            pointsBalance: account.points, spend: Money.format(account.spendMinor), tier: account.tier,
                            upgradedTo: recorded.outcome.upgradedTo?.name)
    }

    static let pointsLedger = CommandHandler(API.PointsLedger.self) { (args: IDArgs, context) throws(HuifangError) in
        _ = try visibleCustomer(args.id, field: "id", context)
        return try storeCall(context, "reading the points ledger") { try context.store.pointsLedger(customerId: args.id) }.map {
            PointsEntryView(at: ControlCoding.timestamp($0.at), kind: $0.kind.rawValue, points: $0.points, balance: $0.balance,
                            purchase: $0.purchaseId)
        }
    }
}
