import Foundation
import HuifangCore
import Logging

/// R-MEM-3 and R-MEM-6, run by the scheduler's periodic upkeep: expires points 2 years
/// after the last purchase (warning 30 days before) and re-evaluates tiers once a quarter
/// on the trailing 12 months, telling the customer of a downgrade.
///
/// Incremental, like greeting planning: each membership keeps when it next needs a look
/// (`LoyaltyReview.nextReview`), and a run reads only the accounts whose time has come, a
/// thousand at a time (it ran every half lease over every member: a chain's million, their
/// customers and all spend, each time). A purchase or a change of points or tier sends an
/// account back at once.
struct LoyaltyReviewer {
    let store: any Store
    let logger: Logger

    /// Reviews what is due; returns how many accounts were read.
    @discardableResult
    func run(settings: HuifangConfig, now: Date) throws -> Int {
        let calendar = ContactWindows.calendar(settings.clinicZone)
        let ladder = settings.membership.ladder
        let months = settings.membership.reviewMonths
        try store.resetLoyaltyReviews(unlessPlannedWith: LoyaltyReview.fingerprint(ladder: ladder, reviewMonths: months,
                                                                                    zone: settings.clinicZone))
        let due = try store.loyaltyReviewsDue(now: now)
        guard !due.isEmpty else { return 0 }
        let yearAgo = calendar.date(byAdding: .month, value: -12, to: now) ?? now
        let byVisits = ladder.tiers.contains { $0.visits != nil }
        for start in stride(from: 0, to: due.count, by: 1000) {
            let marks = Array(due[start..<min(start + 1000, due.count)])
            let ids = marks.map(\.customerId)
            let accounts = try store.loyaltyAccountsToReview(customerIds: ids)
            let tiered = accounts.filter { $0.tier != nil }.map(\.customerId)
            let trailing = try store.spendSince(yearAgo, customerIds: tiered)
            let visits = byVisits ? try store.visitCounts(since: yearAgo, customerIds: tiered) : [:]
            let customers = try store.customers(ids: accounts.map(\.customerId))
            // The page's reviews and its marks in one transaction (one each took half a
            // millisecond); each account's next look is worked out from it as its review left it.
            try store.unitOfWork {
                var byId: [Int64: LoyaltyAccount] = [:]
                for account in accounts {
                    byId[account.customerId] = try review(account, customer: customers[account.customerId],
                                                          trailingSpend: trailing[account.customerId] ?? 0,
                                                          visits: visits[account.customerId] ?? 0, settings: settings, now: now,
                                                          calendar: calendar)
                }
                try store.setNextLoyaltyReviews(marks.map { mark in
                    let next = byId[mark.customerId].flatMap {
                        LoyaltyReview.nextReview($0, after: now, ladder: ladder, reviewMonths: months, calendar: calendar)
                    }
                    return (mark: mark, next: next?.unixMillis ?? PlanningMark.never)
                })
            }
        }
        if due.count >= MemoryRelease.largeRun { MemoryRelease.trim() }
        return due.count
    }

    /// Reviews one account and answers it as the review left it (as it was, when the review
    /// was empty or the account had moved on: the store then sent it back to be looked at again).
    private func review(_ account: LoyaltyAccount, customer: Customer?, trailingSpend: Int64, visits: Int,
                        settings: HuifangConfig, now: Date, calendar: Calendar) throws -> LoyaltyAccount {
        let review = LoyaltyReview.review(account, trailingSpendMinor: trailingSpend, evaluatedPeriod: account.evaluatedPeriod,
                                          ladder: settings.membership.ladder, now: now, calendar: calendar,
                                          reviewMonths: settings.membership.reviewMonths, trailingVisits: visits)
        guard !review.isEmpty, let customer else { return account }
        var messages: [Message] = []
        if let expires = review.warnExpiryOn,
           let warning = expiryWarning(customer, account, expires, settings, now, calendar) {
            messages.append(warning)
        }
        if let downgrade = review.downgradeTo, let period = review.period,
           let notice = downgradeNotice(customer, downgrade, period, settings, now) {
            messages.append(notice)
        }
        // A failure rolls the page back, marks and all: it is read again next run.
        guard try store.applyLoyaltyReview(review, seen: account, messages: messages, now: now) else { return account }
        if review.expirePoints > 0 {
            logger.info("points expired", metadata: ["huifang.customer_id": "\(account.customerId)", "huifang.points": "\(review.expirePoints)"])
        }
        if let downgrade = review.downgradeTo {
            logger.info("tier lowered on re-evaluation", metadata: ["huifang.customer_id": "\(account.customerId)",
                                                                  "huifang.tier": "\(downgrade?.name ?? "none")"])
        }
        return review.applied(to: account)
    }

    private func expiryWarning(_ customer: Customer, _ account: LoyaltyAccount, _ expires: Date, _ settings: HuifangConfig,
                               _ now: Date, _ calendar: Calendar) -> Message? {
        let parts = calendar.dateComponents([.year, .month, .day], from: expires)
        let date = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        let text = settings.notices.render(.pointsExpiry, for: customer, clinic: settings.clinicName(for: customer),
                                           ["points": "\(account.points)", "date": date])
        let key = "points:warn:\(customer.id):\(account.lastPurchaseAt?.unixMillis ?? 0)"
        return StaffNotices.toCustomer(customer, kind: MessageKind.pointsExpiryWarning, text: text, key: key, due: now, settings: settings, now: now)
    }

    private func downgradeNotice(_ customer: Customer, _ tier: Tier?, _ period: String, _ settings: HuifangConfig, _ now: Date) -> Message? {
        let text = tier.map { settings.notices.render(.tierReviewed, for: customer, clinic: settings.clinicName(for: customer), ["tier": $0.name]) }
            ?? settings.notices.render(.tierLapsed, for: customer, clinic: settings.clinicName(for: customer))
        return StaffNotices.toCustomer(customer, kind: MessageKind.tierChanged, text: text,
                                       key: "tier:\(customer.id):\(period):down", due: now, settings: settings, now: now)
    }
}
