import Foundation
import HuifangCore
import Logging

/// The greeting rules (R-TIME-2…4) as a periodic job of `UpkeepService`: every
/// `plan_interval_ms`, and at once when a customer is added, it plans the birthdays and
/// holidays from a day back (what fell due while the daemon was down and is not yet stale,
/// R-TIME-5) to `lookahead_hours` ahead, and stores what is new. Dedupe keys make planning
/// again harmless.
struct GreetingPlanning {
    let store: any Store
    let logger: Logger

    /// Plans and stores one round; returns how many messages were new.
    @discardableResult
    func planOnce(settings: HuifangConfig, now: Date) -> Int {
        let greeting = settings.greetingSettings()
        let from = now.addingTimeInterval(-greeting.staleAfter)
        let through = now.addingTimeInterval(Double(settings.greetings.lookaheadHours) * 3600)
        let consent = settings.consentPolicy
        var afterId: Int64 = 0
        var inserted = 0
        do {
            while true {
                let page = try store.customers(afterId: afterId, limit: 1000)
                guard let last = page.last else { break }
                afterId = last.id
                let tiers = try settings.membership.ladder.tiers(of: store.tierNames(customerIds: page.map(\.id)))
                let pets = try store.pets(customerIds: page.map(\.id))
                let since = try settings.greetings.anniversary.map { basis in
                    try store.anniversaryStarts(customerIds: page.map(\.id), basis: basis == .firstVisit ? .firstVisit : .membership)
                } ?? [:]
                let planned = GreetingPlanner.plan(customers: page, settings: greeting, consent: consent,
                                                   from: from, through: through, now: now, tiers: tiers, pets: pets, since: since)
                inserted += try store.insertNew(planned.map { $0.message(id: MessageID.generate(now: now), now: now) })
                // R-MEM-7: the birthday gift of a tier that has one, as a front-desk task.
                if settings.greetings.birthdays, settings.greetings.giftDaysBefore > 0 {
                    let gifts = BirthdayGifts.plan(customers: page, tiers: tiers, rule: settings.greetings.birthday,
                                                   daysBefore: settings.greetings.giftDaysBefore, from: from,
                                                   through: through.addingTimeInterval(Double(settings.greetings.giftDaysBefore) * 86_400))
                    for customer in page where gifts.contains(where: { $0.customerId == customer.id }) {
                        let mine = gifts.filter { $0.customerId == customer.id }
                        _ = try store.apply(PlannedWork(tasks: StaffNotices.announced(mine, customer: customer, settings: settings, store: store)), now: now)
                    }
                }
            }
        } catch {
            logger.error("planning greetings failed: \(error)")
        }
        if inserted > 0 { logger.info("greetings planned", metadata: ["huifang.count": "\(inserted)"]) }
        return inserted
    }
}
