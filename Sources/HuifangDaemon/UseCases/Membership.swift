import Foundation
import HuifangCore

/// Membership (R-MEM-1, 2, 4, 5): a purchase moves spend, points and tier together, decided
/// on the account as it stands inside the purchase's unit of work; an upgrade tells the
/// customer at once.
struct Membership {
    let context: CommandContext

    init(_ context: CommandContext) { self.context = context }

    /// Records a purchase of `amount` at `at` (no later than now, a minute of skew allowed).
    func purchase(customer: Customer, amount: String, category: String?, pointsUsed: Int64, at: Date)
        throws(HuifangError) -> (purchase: Purchase, outcome: LoyaltyRules.Outcome)
    {
        let now = context.clock.now()
        let amountMinor = try Money.parse(amount, example: "12800.00")
        guard at <= now.addingTimeInterval(60) else { throw .invalid("at", "must not lie in the future") }
        let category = category?.trimmingCharacters(in: .whitespaces).lowercased()
        let settings = context.config.snapshot
        let purchase = Purchase(id: 0, customerId: customer.id, amountMinor: amountMinor,
                                category: category?.isEmpty == true ? nil : category, pointsUsed: pointsUsed, at: at)
        let recorded = try storeCall(context, "recording a purchase") {
            try context.store.unitOfWork {
                let account = try context.store.loyaltyAccount(customerId: customer.id)
                let outcome = try LoyaltyRules.apply(purchase, to: account, ladder: settings.membership.ladder,
                                                     policy: settings.membership.points)
                let notice = outcome.upgradedTo.flatMap { Self.tierNotice(customer, $0, settings, now) }
                if let tier = outcome.upgradedTo {
                    // A tier notice still queued is no longer true: only the latest tier is told.
                    try context.store.apply(PlannedWork(cancelPrefixes: ["tier:\(customer.id):"],
                                                        reason: "superseded by a purchase that reached \(tier.name)"), now: now)
                }
                return try context.store.recordPurchase(purchase, outcome: outcome, message: notice)
            }
        }
        if recorded.outcome.upgradedTo != nil { context.wakeup.signal() }
        return recorded
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
