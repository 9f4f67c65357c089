/// The one answer to an opt-out by reply (R-CUS-4): what the customer left, and how to
/// come back. No rule ids, no English in Chinese texts.
public enum OptOutConfirmation {
    public static func text(channel: String, locale: MessageLocale) -> String {
        switch locale {
        case .zhHans:
            let what = ["sms": "短信", "email": "邮件", "wechat": "微信消息"][channel] ?? "消息"
            return "您已退订我们的\(what)，今后不再收到营销和问候\(what)。预约提醒等必要通知仍会发送。如需恢复，请致电或到店告知。"
        case .zhHant:
            let what = ["sms": "簡訊", "email": "郵件", "wechat": "微信訊息"][channel] ?? "訊息"
            return "您已退訂我們的\(what)，今後不再收到行銷和問候\(what)。預約提醒等必要通知仍會發送。如需恢復，請致電或到店告知。"
        case .en:
            let what = ["sms": "text messages", "email": "e-mails", "wechat": "WeChat messages"][channel] ?? "messages"
            return "You have unsubscribed from our \(what) and will receive no more offers or greetings this way. Appointment reminders still come. To resubscribe, call us or tell us at the front desk."
        }
    }
}
