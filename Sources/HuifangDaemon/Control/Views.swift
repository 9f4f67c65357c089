import HuifangControl
import HuifangCore

/// Domain values as the control protocol shows them.
extension CustomerView {
    init(_ c: Customer) {
        self.init(id: c.id, name: c.name, gender: c.gender.rawValue, birthday: c.birthday?.description,
                  lunarBirthday: c.lunarBirthday, phone: c.phone, email: c.email, wechatId: c.wechatId,
                  locale: c.locale.rawValue, tz: c.timeZone, tags: c.tags, notes: c.notes,
                  createdAt: ControlCoding.timestamp(c.createdAt), optedOut: c.optedOut.sorted(),
                  erasedAt: c.erasedAt.map(ControlCoding.timestamp))
        address = c.address
        occupation = c.occupation
        preferredChannel = c.preferredChannel
        consultant = c.consultant
        branch = c.branch
        if c.lunarBirthday, let birthday = c.birthday {
            lunarDate = LunarInput.chinese(ChineseCalendar.lunar(of: birthday))
        } else if let lunar = c.lunarDate {
            lunarDate = LunarInput.chinese(lunar)
        }
    }
}

extension AttemptView {
    init(_ a: DeliveryAttempt) {
        self.init(attempt: a.number, startedAt: ControlCoding.timestamp(a.startedAt), latencyMs: a.latencyMillis,
                  httpStatus: a.httpStatus, outcome: a.outcome.rawValue, error: a.error, endpoint: a.endpoint)
    }
}

extension MessageEventView {
    init(_ e: MessageEvent) {
        self.init(at: ControlCoding.timestamp(e.at), event: e.kind.rawValue, detail: e.detail, related: e.related)
    }
}

extension MessageView {
    init(_ m: Message, attempts: [DeliveryAttempt]?) {
        self.init(id: m.id, kind: m.kind, customer: m.customerId, channel: m.channel, text: m.text,
                  locale: m.locale.rawValue, status: m.status.rawValue, dueAt: ControlCoding.timestamp(m.dueAt),
                  expiresAt: m.expiresAt.map(ControlCoding.timestamp), attemptCount: m.attempts,
                  lastError: m.lastError, createdAt: ControlCoding.timestamp(m.createdAt),
                  deliveredAt: m.deliveredAt.map(ControlCoding.timestamp), fallbackOf: m.fallbackOf,
                  attempts: attempts?.map(AttemptView.init))
    }
}
