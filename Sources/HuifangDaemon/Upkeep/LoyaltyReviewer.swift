import Foundation
import HuifangCore
import Logging

/// R-MEM-3 and R-MEM-6, run by the scheduler's periodic upkeep: expires points 2 years
/// after the last purchase (warning 30 days before) and re-evaluates tiers once a quarter
/// on the trailing 12 months, telling the customer of a downgrade.
struct LoyaltyReviewer {
    let store: any Store
    let logger: Logger

    func run(settings: HuifangConfig, now: Date) throws {
        let calendar = ContactWindows.calendar(settings.clinicZone)
        let accounts = try store.loyaltyAccountsToReview()
        guard !accounts.isEmpty else { return }
        let yearAgo = calendar.date(byAdding: .month, value: -12, to: now) ?? now
        let trailing = try store.spendSince(yearAgo)
        let visits = settings.membership.ladder.tiers.contains { $0.visits != nil } ? try store.visitCounts(since: yearAgo) : [:]
        let customers = try store.customers(ids: accounts.map(\.customerId))
        for account in accounts {
            let review = LoyaltyReview.review(account, trailingSpendMinor: trailing[account.customerId] ?? 0,
                                              evaluatedPeriod: account.evaluatedPeriod, ladder: settings.membership.ladder,
                                              now: now, calendar: calendar, reviewMonths: settings.membership.reviewMonths,
                                              trailingVisits: visits[account.customerId] ?? 0)
            guard !review.isEmpty, let customer = customers[account.customerId] else { continue }
            var messages: [Message] = []
            if let expires = review.warnExpiryOn,
               let warning = expiryWarning(customer, account, expires, settings, now, calendar) {
                messages.append(warning)
            }
            if let downgrade = review.downgradeTo, let period = review.period,
               let notice = downgradeNotice(customer, downgrade, period, settings, now) {
                messages.append(notice)
            }
            if try store.applyLoyaltyReview(review, seen: account, messages: messages, now: now) {
                if review.expirePoints > 0 {
                    logger.info("points expired", metadata: ["huifang.customer_id": "\(account.customerId)", "huifang.points": "\(review.expirePoints)"])
                }
                if let downgrade = review.downgradeTo {
                    logger.info("tier lowered on re-evaluation", metadata: ["huifang.customer_id": "\(account.customerId)",
                                                                          "huifang.tier": "\(downgrade?.name ?? "none")"])
                }
            }
        }
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
