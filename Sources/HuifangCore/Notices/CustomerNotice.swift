/// The notices Huifang sends a customer about their account and their complaints, each a
/// template with defaults in the three languages (R-CUS-1), overridable in the config as
/// `[templates."KIND"]`. Every one may use `{salutation}` and `{clinic}`; the others are
/// listed per notice. Values that carry their own lead-in (`{detail}`, `{benefits}`) are
/// empty when there is nothing to say.
public enum CustomerNotice: String, CaseIterable, Sendable {
    /// R-KEEP-2: a dormant customer is invited back.
    case winBack = "retention.winback"
    /// R-KEEP-3: `{amount}` is still owed.
    case arrearsReminder = "arrears.reminder"
    /// R-MEM-3: `{points}` points expire on `{date}`.
    case pointsExpiry = "points.expiry_warning"
    /// R-MEM-2: a purchase lifted the customer to `{tier}`; `{benefits}` lists what it brings.
    case tierUpgraded = "membership.tier_changed"
    /// R-MEM-6: the quarterly review set the tier to `{tier}`.
    case tierReviewed = "membership.tier_reviewed"
    /// R-MEM-6: the quarterly review found no tier any more.
    case tierLapsed = "membership.tier_lapsed"
    /// R-CMP-4: the complaint was received.
    case complaintReceived = "complaint.received"
    /// R-CMP-4: the complaint is being handled; `{detail}` is the note.
    case complaintUpdate = "complaint.update"
    /// R-CMP-4: the complaint was resolved; `{detail}` is the resolution.
    case complaintResolved = "complaint.resolved"
    /// R-CMP-5: was the customer satisfied?
    case complaintSatisfaction = "complaint.satisfaction"
    /// R-APT-5: the `{service}` appointment at `{time}` moved to `{new_time}`.
    case appointmentMoved = "appointment.moved"
    /// R-APT-5: the `{service}` appointment at `{time}` was cancelled.
    case appointmentCancelled = "appointment.cancelled"
    /// R-PPL-4: `{pet}` is due for its next `{service}` (a groomer's rebooking interval).
    case petRebook = "pet.rebook"
    /// R-PPL-4: it is `{pet}`'s birthday; to the owner.
    case petBirthday = "pet.birthday"

    /// The variables its template may use.
    public var variables: [String] {
        let common = ["salutation", "clinic"]
        switch self {
        case .winBack, .tierLapsed, .complaintReceived, .complaintSatisfaction: return common
        case .arrearsReminder: return common + ["amount"]
        case .pointsExpiry: return common + ["points", "date"]
        case .tierUpgraded: return common + ["tier", "benefits"]
        case .tierReviewed: return common + ["tier"]
        case .complaintUpdate, .complaintResolved: return common + ["detail"]
        case .appointmentMoved: return common + ["service", "time", "new_time"]
        case .appointmentCancelled: return common + ["service", "time"]
        case .petRebook: return common + ["pet", "service"]
        case .petBirthday: return common + ["pet"]
        }
    }

    /// The text used when the configuration gives none.
    public var defaultTemplate: LocalizedTemplate {
        let (hans, hant, en) = Self.defaults[self]!
        return LocalizedTemplate([
            .zhHans: try! MessageTemplate(hans, allowed: variables),
            .zhHant: try! MessageTemplate(hant, allowed: variables),
            .en: try! MessageTemplate(en, allowed: variables),
        ])
    }

    private static let defaults: [CustomerNotice: (String, String, String)] = [
        .winBack: ("{salutation}您好，{clinic}好久不见，期待您再次光临。",
                   "{salutation}您好，{clinic}好久不見，期待您再次光臨。",
                   "Hello {salutation}, we have missed you at {clinic}. We would be glad to see you again soon."),
        .arrearsReminder: ("{salutation}您好，{clinic}提醒您：您的账户尚有{amount}元未结清。",
                           "{salutation}您好，{clinic}提醒您：您的賬戶尚有{amount}元未結清。",
                           "Hello {salutation}, a reminder from {clinic}: {amount} remains unpaid on your account."),
        .pointsExpiry: ("{salutation}您好，您在{clinic}的{points}积分将于{date}到期，欢迎到店使用。",
                        "{salutation}您好，您在{clinic}的{points}積分將於{date}到期，歡迎到店使用。",
                        "Hello {salutation}, your {points} points at {clinic} expire on {date}. Visit us to keep them."),
        .tierUpgraded: ("{salutation}您好，恭喜您成为{clinic}{tier}会员{benefits}。",
                        "{salutation}您好，恭喜您成為{clinic}{tier}會員{benefits}。",
                        "Congratulations, {salutation}! You are now a {tier} member of {clinic}{benefits}."),
        .tierReviewed: ("{salutation}您好，经本季度评定，您在{clinic}的会员等级调整为{tier}。",
                        "{salutation}您好，經本季度評定，您在{clinic}的會員等級調整為{tier}。",
                        "Hello {salutation}, after this quarter's review your {clinic} membership is now {tier}."),
        .tierLapsed: ("{salutation}您好，经本季度评定，您在{clinic}的会员等级已到期，期待您再次光临。",
                      "{salutation}您好，經本季度評定，您在{clinic}的會員等級已到期，期待您再次光臨。",
                      "Hello {salutation}, after this quarter's review your {clinic} membership tier has lapsed. We hope to see you soon."),
        .complaintReceived: ("{salutation}您好，我们已收到您的反馈，将尽快与您联系。",
                             "{salutation}您好，我們已收到您的反饋，將盡快與您聯繫。",
                             "Hello {salutation}, we have received your feedback and will contact you soon."),
        .complaintUpdate: ("{salutation}您好，您反馈的问题我们正在处理{detail}",
                           "{salutation}您好，您反饋的問題我們正在處理{detail}",
                           "Hello {salutation}, an update on your feedback{detail}"),
        .complaintResolved: ("{salutation}您好，您反馈的问题已处理{detail}。感谢您的耐心。",
                             "{salutation}您好，您反饋的問題已處理{detail}。感謝您的耐心。",
                             "Hello {salutation}, your feedback has been resolved{detail}. Thank you for your patience."),
        .complaintSatisfaction: ("{salutation}您好，您对我们处理您反馈问题的结果满意吗？请回复“满意”或“不满意”。",
                                 "{salutation}您好，您對我們處理您反饋問題的結果滿意嗎？請回覆「滿意」或「不滿意」。",
                                 "Hello {salutation}, are you satisfied with how we resolved your feedback? Please reply yes or no."),
        .appointmentMoved: ("{salutation}您好，您在{clinic}原定{time}的{service}预约已改至{new_time}，如有疑问请与我们联系。",
                            "{salutation}您好，您在{clinic}原定{time}的{service}預約已改至{new_time}，如有疑問請與我們聯繫。",
                            "Hello {salutation}, your {service} appointment at {clinic} on {time} has moved to {new_time}. Please contact us with any questions."),
        .appointmentCancelled: ("{salutation}您好，您在{clinic}原定{time}的{service}预约已取消，如需重新预约请与我们联系。",
                                "{salutation}您好，您在{clinic}原定{time}的{service}預約已取消，如需重新預約請與我們聯繫。",
                                "Hello {salutation}, your {service} appointment at {clinic} on {time} has been cancelled. Contact us to book again."),
        .petRebook: ("{salutation}您好，{pet}上次{service}已有一段时间了，{clinic}提醒您为它预约下一次{service}。",
                     "{salutation}您好，{pet}上次{service}已有一段時間了，{clinic}提醒您為牠預約下一次{service}。",
                     "Hello {salutation}, it is time for {pet}'s next {service} at {clinic}. Book whenever suits you."),
        .petBirthday: ("{salutation}您好，今天是{pet}的生日，{clinic}祝{pet}生日快乐、健康活泼！",
                       "{salutation}您好，今天是{pet}的生日，{clinic}祝{pet}生日快樂、健康活潑！",
                       "Hello {salutation}, happy birthday to {pet} from all of us at {clinic}!"),
    ]

    /// A lead-in and a value in the customer's language (`：note`, `: note`), or "" for none.
    public static func detail(_ value: String?, locale: MessageLocale) -> String {
        guard let value, !value.isEmpty else { return "" }
        return (locale == .en ? ": " : "：") + value
    }

    /// The benefits of a tier with their lead-in (`，尊享：A、B`, `: A, B`), or "" for none.
    public static func benefits(_ list: [String], locale: MessageLocale) -> String {
        guard !list.isEmpty else { return "" }
        return locale == .en ? ": " + list.joined(separator: ", ") : "，尊享：" + list.joined(separator: "、")
    }
}

/// The notice templates in force: the defaults, with whatever the configuration overrides.
public struct NoticeTemplates: Sendable, Hashable {
    public var overrides: [CustomerNotice: LocalizedTemplate]

    public init(overrides: [CustomerNotice: LocalizedTemplate] = [:]) { self.overrides = overrides }

    /// The notice's text for `customer`, with `{salutation}` and `{clinic}` filled in.
    public func render(_ notice: CustomerNotice, for customer: Customer, clinic: String, _ values: [String: String] = [:]) -> String {
        let template = (overrides[notice] ?? notice.defaultTemplate).template(for: customer.locale)
            ?? notice.defaultTemplate.template(for: customer.locale)!
        var all = values
        all["salutation"] = Salutation.values(for: customer)["salutation"] ?? customer.name
        all["clinic"] = clinic
        return template.render(all)
    }
}
