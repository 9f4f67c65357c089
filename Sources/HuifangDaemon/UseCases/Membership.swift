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
                                                     policy: settings.membership.points, visits12m: try visitsThisYear(customer.id, now))
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

    /// Visits in the last 12 months, when a tier counts them.
    private func visitsThisYear(_ customerId: Int64, _ now: Date) throws -> Int {
        guard context.config.snapshot.membership.ladder.tiers.contains(where: { $0.visits != nil }) else { return 0 }
        return try context.store.visits(customerId: customerId, since: now.addingTimeInterval(-365 * 86_400)).count
    }

    /// A visit may reach a tier earned by visits: the upgrade and its notice, in the visit's
    /// unit of work (call inside it).
    func afterVisit(_ customer: Customer, now: Date) throws {
        let settings = context.config.snapshot
        let ladder = settings.membership.ladder
        guard ladder.tiers.contains(where: { $0.visits != nil }) else { return }
        let account = try context.store.loyaltyAccount(customerId: customer.id)
        guard let review = LoyaltyReview.visitUpgrade(account, visits12m: try visitsThisYear(customer.id, now), ladder: ladder),
              let tier = review.upgradeTo else { return }
        try context.store.apply(PlannedWork(cancelPrefixes: ["tier:\(customer.id):"], reason: "superseded by visits that reached \(tier.name)"), now: now)
        let notice = Self.tierNotice(customer, tier, settings, now)
        if try context.store.applyLoyaltyReview(review, seen: account, messages: notice.map { [$0] } ?? [], now: now) {
            context.logger.info("tier reached by visits", metadata: ["huifang.customer_id": "\(customer.id)", "huifang.tier": "\(tier.name)"])
        }
    }

    /// R-MEM-2: the customer hears of the new tier and its benefits, in their language.
    static func tierNotice(_ customer: Customer, _ tier: Tier, _ settings: HuifangConfig, _ now: Date) -> Message? {
        let text = settings.notices.render(.tierUpgraded, for: customer, clinic: settings.clinicName(for: customer), [
            "tier": tier.name, "benefits": CustomerNotice.benefits(tier.benefits, locale: customer.locale),
        ])
        return StaffNotices.toCustomer(customer, kind: MessageKind.tierChanged, text: text,
                                       key: "tier:\(customer.id):\(tier.name):up:\(now.unixMillis)", due: now, settings: settings, now: now)
    }
}
