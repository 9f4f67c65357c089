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
        let calendar = ContactWindows.calendar(TimeZone(identifier: settings.service.defaultTimeZone) ?? .gmt)
        let accounts = try store.loyaltyAccountsToReview()
        guard !accounts.isEmpty else { return }
        let yearAgo = calendar.date(byAdding: .month, value: -12, to: now) ?? now
        let trailing = try store.spendSince(yearAgo)
        let customers = try store.customers(ids: accounts.map(\.customerId))
        for account in accounts {
            let review = LoyaltyReview.review(account, trailingSpendMinor: trailing[account.customerId] ?? 0,
                                              evaluatedPeriod: account.evaluatedPeriod, ladder: settings.membership.ladder,
                                              now: now, calendar: calendar, reviewMonths: settings.membership.reviewMonths)
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
        let who = Salutation.values(for: customer)["salutation"] ?? customer.name
        let parts = calendar.dateComponents([.year, .month, .day], from: expires)
        let date = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        let text: String
        switch customer.locale {
        case .en: text = "Hello \(who), your \(account.points) points at \(settings.service.name) expire on \(date). Visit us to keep them."
        case .zhHant: text = "\(who)您好，您在\(settings.service.name)的\(account.points)積分將於\(date)到期，歡迎到店使用。"
        case .zhHans: text = "\(who)您好，您在\(settings.service.name)的\(account.points)积分将于\(date)到期，欢迎到店使用。"
        }
        let key = "points:warn:\(customer.id):\(account.lastPurchaseAt?.unixMillis ?? 0)"
        return StaffNotices.toCustomer(customer, kind: MessageKind.pointsExpiryWarning, text: text, key: key, due: now, settings: settings, now: now)
    }

    private func downgradeNotice(_ customer: Customer, _ tier: Tier?, _ period: String, _ settings: HuifangConfig, _ now: Date) -> Message? {
        let who = Salutation.values(for: customer)["salutation"] ?? customer.name
        let clinic = settings.service.name
        let text: String
        switch (customer.locale, tier) {
        case (.en, let tier?): text = "Hello \(who), after this quarter's review your \(clinic) membership is now \(tier.name)."
        case (.en, nil): text = "Hello \(who), after this quarter's review your \(clinic) membership tier has lapsed. We hope to see you soon."
        case (.zhHant, let tier?): text = "\(who)您好，經本季度評定，您在\(clinic)的會員等級調整為\(tier.name)。"
        case (.zhHant, nil): text = "\(who)您好，經本季度評定，您在\(clinic)的會員等級已到期，期待您再次光臨。"
        case (.zhHans, let tier?): text = "\(who)您好，经本季度评定，您在\(clinic)的会员等级调整为\(tier.name)。"
        case (.zhHans, nil): text = "\(who)您好，经本季度评定，您在\(clinic)的会员等级已到期，期待您再次光临。"
        }
        return StaffNotices.toCustomer(customer, kind: MessageKind.tierChanged, text: text,
                                       key: "tier:\(customer.id):\(period):down", due: now, settings: settings, now: now)
    }
}
