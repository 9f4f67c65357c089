import Foundation
import HuifangControl
import HuifangCore

/// purchase.add and points.ledger (R-MEM-1, 2, 4, 5): spend, points and tier move together,
/// in one transaction per purchase; an upgrade tells the customer at once.
enum MembershipCommands {
    static let all = [purchaseAdd, pointsLedger]

    static let purchaseAdd = CommandHandler(API.PurchaseAdd.self) { (args: PurchaseAddArgs, context) throws(HuifangError) in
        let now = context.clock.now()
        let amount = try Money.parse(args.amount, example: "12800.00")
        var at = now
        if let text = args.at {
            guard let parsed = ControlCoding.parseTimestamp(text) else {
                throw .invalid("at", "must be ISO-8601 with a zone, e.g. 2026-11-23T15:00:00+08:00")
            }
            guard parsed <= now.addingTimeInterval(60) else { throw .invalid("at", "must not lie in the future") }
            at = parsed
        }
        let category = args.category?.trimmingCharacters(in: .whitespaces).lowercased()
        let customer = try liveCustomer(args.customer, field: "customer", context)
        let settings = context.config.snapshot
        let purchase = Purchase(id: 0, customerId: customer.id, amountMinor: amount, category: category?.isEmpty == true ? nil : category,
                                pointsUsed: args.pointsUsed ?? 0, at: at)
        let recorded = try storeCall(context, "recording a purchase") {
            try context.store.recordPurchase(purchase) { account in
                let outcome = try LoyaltyRules.apply(purchase, to: account, ladder: settings.membership.ladder,
                                                     policy: settings.membership.points)
                return (outcome, outcome.upgradedTo.flatMap { tierNotice(customer, $0, settings, now) })
            }
        }
        if recorded.outcome.upgradedTo != nil { context.wakeup.signal() }
        let account = recorded.outcome.account
        return PurchaseView(id: recorded.purchase.id, customer: customer.id, amount: Money.format(amount),
                            pointsEarned: recorded.outcome.entries.filter { $0.kind == .earn }.reduce(0) { $0 + $1.points },
                            pointsBalance: account.points, spend: Money.format(account.spendMinor), tier: account.tier,
                            upgradedTo: recorded.outcome.upgradedTo?.name)
    }

    static let pointsLedger = CommandHandler(API.PointsLedger.self) { (args: IDArgs, context) throws(HuifangError) in
        guard try storeCall(context, "reading a customer", { try context.store.customer(id: args.id) }) != nil else {
            throw HuifangError(.notFound, "no customer with id \(args.id)", field: "id")
        }
        return try storeCall(context, "reading the points ledger") { try context.store.pointsLedger(customerId: args.id) }.map {
            PointsEntryView(at: ControlCoding.timestamp($0.at), kind: $0.kind.rawValue, points: $0.points, balance: $0.balance,
                            purchase: $0.purchaseId)
        }
    }

    /// R-MEM-2: the customer hears of the new tier and its benefits, in their language.
    static func tierNotice(_ customer: Customer, _ tier: Tier, _ settings: HuifangConfig, _ now: Date) -> Message? {
        let text = settings.notices.render(.tierUpgraded, for: customer, clinic: settings.service.name, [
            "tier": tier.name, "benefits": CustomerNotice.benefits(tier.benefits, locale: customer.locale),
        ])
        return StaffNotices.toCustomer(customer, kind: MessageKind.tierChanged, text: text,
                                       key: "tier:\(customer.id):\(tier.name):up:\(now.unixMillis)", due: now, settings: settings, now: now)
    }
}
