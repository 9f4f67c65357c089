import Foundation
import HuifangCore
import Logging

/// The greeting rules (R-TIME-2…4) as a periodic job of `UpkeepService`: every
/// `plan_interval_ms`, and at once when a customer is added or changed, it plans the
/// birthdays and holidays from a day back (what fell due while the daemon was down and is
/// not yet stale, R-TIME-5) to `lookahead_hours` ahead, and stores what is new. Dedupe keys
/// make planning again harmless.
///
/// Incremental: each customer keeps when their next greeting comes within the lookahead
/// (`GreetingStore`). A run reads only the customers whose time has come, plans them, and
/// moves their mark on to their next occasion; an edit (or a new pet, tier, opt-out, first
/// visit) makes a customer's mark due (-1, -2, …: a value no run read) so the next run looks at them again. A run with
/// nothing due reads no customer; a holiday morning reads its whole audience once.
struct GreetingPlanning {
    let store: any Store
    let logger: Logger

    struct Round: Equatable {
        /// Customers read (their day had come, or they changed).
        var read = 0
        /// Messages new in the store.
        var inserted = 0
    }

    /// Plans and stores one round; returns how many messages were new.
    @discardableResult
    func planOnce(settings: HuifangConfig, now: Date) -> Int { plan(settings: settings, now: now).inserted }

    /// How far ahead a run plans.
    static func lookahead(_ settings: HuifangConfig) -> TimeInterval { Double(settings.greetings.lookaheadHours) * 3600 }

    /// Days before a birthday its gift task is due (0: no gift tasks).
    static func leadDays(_ settings: HuifangConfig) -> Int {
        settings.greetings.birthdays && settings.greetings.giftDaysBefore > 0 ? settings.greetings.giftDaysBefore : 0
    }

    /// What the customers' marks are worked out with: the forecast trusts them only while
    /// the store's marks were worked out with the same.
    static func fingerprint(_ settings: HuifangConfig) -> String {
        GreetingPlanner.fingerprint(settings.greetingSettings(), lookahead: lookahead(settings), leadDays: leadDays(settings))
    }

    func plan(settings: HuifangConfig, now: Date) -> Round {
        let greeting = settings.greetingSettings()
        let from = now.addingTimeInterval(-greeting.staleAfter)
        let lookahead = Self.lookahead(settings)
        let through = now.addingTimeInterval(lookahead)
        let consent = settings.consentPolicy
        let leadDays = Self.leadDays(settings)
        let gifts = leadDays > 0
        var round = Round()
        let started = ContinuousClock.now
        do {
            try store.resetOccasions(unlessPlannedWith: Self.fingerprint(settings))
            let due = try store.greetingsDue(now: now)
            for start in stride(from: 0, to: due.count, by: 1000) {
                let marks = Array(due[start..<min(start + 1000, due.count)])
                let found = try store.customers(ids: marks.map(\.customerId))
                round.read += found.count
                let page = marks.compactMap { found[$0.customerId] }.filter { $0.erasedAt == nil }
                let ids = page.map(\.id)
                let tiers = try settings.membership.ladder.tiers(of: store.tierNames(customerIds: ids))
                let pets = try store.pets(customerIds: ids)
                let since = try settings.greetings.anniversary.map { basis in
                    try store.anniversaryStarts(customerIds: ids, basis: basis == .firstVisit ? .firstVisit : .membership)
                } ?? [:]
                let planned = GreetingPlanner.plan(customers: page, settings: greeting, consent: consent,
                                                   from: from, through: through, now: now, tiers: tiers, pets: pets, since: since)
                round.inserted += try store.insertNew(planned.map { $0.message(id: MessageID.generate(now: now), now: now) })
                // R-MEM-7: the birthday gift of a tier that has one, as a front-desk task.
                if gifts {
                    let gifts = BirthdayGifts.plan(customers: page, tiers: tiers, rule: settings.greetings.birthday,
                                                   daysBefore: settings.greetings.giftDaysBefore, from: from,
                                                   through: through.addingTimeInterval(Double(settings.greetings.giftDaysBefore) * 86_400))
                    for customer in page where gifts.contains(where: { $0.customerId == customer.id }) {
                        let mine = gifts.filter { $0.customerId == customer.id }
                        _ = try store.apply(PlannedWork(tasks: StaffNotices.announced(mine, customer: customer, settings: settings, store: store)), now: now)
                    }
                }
                // Each customer's mark moves on to when their next occasion comes within the window.
                let next = marks.map { mark -> (mark: PlanningMark, next: Int64) in
                    guard let customer = found[mark.customerId] else { return (mark, PlanningMark.never) }
                    let enters = GreetingPlanner.nextOccasion(
                        for: customer, settings: greeting, consent: consent, after: now, lookahead: lookahead,
                        leadDays: BirthdayGifts.hasGift(tiers[customer.id]) ? leadDays : 0, tier: tiers[customer.id]?.name,
                        pets: pets[customer.id] ?? [], since: since[customer.id])
                    return (mark, enters?.unixMillis ?? PlanningMark.never)
                }
                try store.setNextOccasions(next)
            }
        } catch {
            logger.error("planning greetings failed: \(error)")
        }
        if round.inserted > 0 { logger.info("greetings planned", metadata: ["huifang.count": "\(round.inserted)", "huifang.read": "\(round.read)"]) }
        logger.debug("greeting planning", metadata: ["huifang.read": "\(round.read)", "huifang.count": "\(round.inserted)",
                                                     "huifang.ms": "\(started.millisecondsAgo)"])
        if round.read >= MemoryRelease.largeRun { MemoryRelease.trim() }
        return round
    }
}
