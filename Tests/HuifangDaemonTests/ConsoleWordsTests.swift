import Foundation
import HuifangControl
import HuifangCore
@testable import HuifangDaemon
import Testing

/// The console's Chinese words for the API's codes, and for a message's story as the code
/// that decides it words it: the reasons here come from `SendDecision`, `Consent` and
/// `MessageStory` themselves, so a change of their wording shows here.
@Suite struct ConsoleWordsTests {
    // 2026-09-21 14:13:20 UTC = 22:13 in Shanghai, outside 09:00–21:00.
    let now = Date(timeIntervalSince1970: 1_790_000_000)
    let shanghai = TimeZone(identifier: "Asia/Shanghai")!

    func message(_ category: MessageCategory = .transactional, windowed: Bool = false, expires: Date? = nil) -> Message {
        var m = Message(id: "msg_1", dedupeKey: "k", kind: MessageKind.manual, customerId: 7, channel: "sms", text: "你好",
                        locale: .zhHans, dueAt: now.addingTimeInterval(-60), expiresAt: expires, createdAt: now)
        m.category = category
        m.windowed = windowed
        return m
    }

    func reason(_ m: Message, optedOut: Set<String> = [], email: String? = nil, facts: SendFacts = SendFacts(), cap: Int = 2) -> String {
        var customer = Customer(id: 7, name: "王小梅", phone: "13800000000", createdAt: now)
        customer.optedOut = optedOut
        customer.email = email
        customer.timeZone = "Asia/Shanghai"
        let rules = SendRules(windows: .defaultMessages, marketingCap: cap, marketingWindow: 7 * 86_400,
                              consent: ConsentPolicy(configured: ["sms", "email"], order: ["sms", "email"]), readerZone: shanghai)
        switch SendDecision.decide(m, customer: customer, facts: facts, rules: rules, now: now) {
        case .skip(let reason), .hold(_, let reason), .reroute(_, let reason): return reason
        case .send: return "sent"
        }
    }

    @Test("R-PPL-5 R-DLV-7 why a message waits or was not sent, in Chinese: window, cap, staleness, open complaint, consent, each attempt")
    func reasons() {
        #expect(ConsoleWords.reason(reason(message(windowed: true))) == "不在短信发送时段，顺延到 09-22 周二 09:00")
        let recent = SendFacts(marketingDeliveries: [7: [now.addingTimeInterval(-3600), now.addingTimeInterval(-7200)]])
        #expect(ConsoleWords.reason(reason(message(.marketing), facts: recent)) == "7 天内已发营销消息 2 条，顺延到 09-28 周一 21:13")
        #expect(ConsoleWords.reason(reason(message(expires: now))) == "已过时效（09-21 周一 22:13 过期），不再补发")
        #expect(ConsoleWords.reason(reason(message(.marketing), facts: SendFacts(openComplaints: [7]))) == "客户有未结投诉，暂停营销和祝福")
        #expect(ConsoleWords.reason(reason(message(.marketing), optedOut: ["sms"])) == "客户已退订短信，也没有其他可用的渠道")
        #expect(ConsoleWords.reason(reason(message(), optedOut: ["sms"], email: "wang@example.com")) == "客户已退订短信，改用邮件发送")

        let attempts = [
            DeliveryAttempt(messageId: "msg_1", number: 1, startedAt: now, finishedAt: now.addingTimeInterval(0.04), httpStatus: 503,
                            error: "HTTP 503", outcome: .retry, endpoint: "sms"),
            DeliveryAttempt(messageId: "msg_1", number: 2, startedAt: now, finishedAt: now.addingTimeInterval(0.003), httpStatus: nil,
                            error: "connect failed: Couldn't connect to server", outcome: .retry, endpoint: "wechat"),
            DeliveryAttempt(messageId: "msg_1", number: 3, startedAt: now, finishedAt: now.addingTimeInterval(0.012), httpStatus: 200,
                            error: nil, outcome: .delivered, endpoint: "report-pudong"),
        ]
        let said = MessageStory.merge(events: [], attempts: attempts).map { ConsoleWords.reason($0.detail) }
        #expect(said == ["第 1 次，短信：HTTP 503，40 毫秒，稍后重试", "第 2 次，微信：没有应答（连不上网关），3 毫秒，稍后重试",
                         "第 3 次，report-pudong：HTTP 200，12 毫秒，已送达"])
        #expect(ConsoleWords.reason("customer erased") == "客户资料已删除，不再发送")
        #expect(ConsoleWords.reason("a wording it does not know") == nil, "anything else is shown as it is")
        // A lane's hold, as the scheduler notes it in the story of each message it held.
        let since = now.addingTimeInterval(-600)
        let paused = Scheduler.note(LaneMachine.Hold(cause: .paused, since: since, until: now), channel: "sms", zone: shanghai)
        #expect(ConsoleWords.reason(paused?.reason ?? "") == "短信通道被暂停，到 09-21 周一 22:13 恢复")
        let open = Scheduler.note(LaneMachine.Hold(cause: .circuitOpen(until: now), since: since, until: now), channel: "wechat", zone: shanghai)
        #expect(ConsoleWords.reason(open?.reason ?? "") == "微信网关接连出错，暂停发送，到 09-21 周一 22:13 恢复")
        // The last attempt's reason when no more are left.
        let policy = RetryPolicy(maxAttempts: 3)
        if case .dead(let reason) = policy.decide(outcome: .retry(reason: "HTTP 503", retryAfter: nil), attempt: 3, now: now, jitter: 0) {
            #expect(ConsoleWords.reason(reason) == "网关答复 HTTP 503，已试 3 次")
        } else {
            Issue.record("the third of three attempts should end it")
        }
        #expect(ConsoleWords.reason("superseded by task 7 closed (done)") == "已被新的安排取代，不再发送")
        #expect(ConsoleWords.reason("cancelled: the customer checked in") == "客户已到店，不再发送")
        // A dead letter's last error, as the delivery's classification words it.
        let now = self.now
        func lastError(_ response: WebhookResponse) -> String? { ConsoleWords.reason(DeliveryOutcome.classify(response, now: now).reason ?? "") }
        #expect(lastError(WebhookResponse(status: 404)) == "网关答复 HTTP 404")
        #expect(lastError(WebhookResponse(status: nil, transportError: .timeout)) == "网关超时未应答")
        #expect(lastError(WebhookResponse(status: nil, transportError: .connectFailed("Couldn't connect to server"))) == "连不上网关")
        #expect(lastError(WebhookResponse(status: nil, transportError: .invalidURL("x"))) == "网关地址写错了")
    }

    @Test("R-PPL-5 R-IN-1 R-DLV-3 what the store writes in a story, in Chinese: the gateway's receipt, a dead message's copy on another channel, an operator's retry and replay")
    func storeEvents() {
        #expect(ConsoleWords.reason(MessageEvent.receiptDetail(delivered: true, error: nil)) == "网关回报客户已收到")
        let undelivered = MessageEvent.receiptDetail(delivered: false, error: "MK:0001")
        #expect(ConsoleWords.reason(undelivered) == "网关回报未送达（MK:0001）")
        #expect(ConsoleWords.reason(MessageEvent.receiptDetail(delivered: false, error: nil)) == "网关回报未送达")
        let receipt = MessageEventView(at: "2026-09-21T22:13:20+08:00", event: "receipt", detail: undelivered)
        #expect(ConsoleWords.event(receipt, .zhHans) == ("回执", "未送达（MK:0001）"), "a receipt is the gateway's report already")
        let copy = Message(id: "msg_2", dedupeKey: "k:email", kind: MessageKind.manual, customerId: 7, channel: "email", text: "你好",
                           locale: .zhHans, dueAt: now, createdAt: now)
        #expect(ConsoleWords.reason(undelivered + MessageEvent.fallingBack(to: copy)) == "网关回报未送达（MK:0001），改用邮件发送")
        let dead = DeliveryOutcome.classify(WebhookResponse(status: 404), now: now).reason ?? ""
        #expect(ConsoleWords.reason(dead + MessageEvent.fallingBack(to: copy)) == "网关答复 HTTP 404，改用邮件发送")
        #expect(ConsoleWords.reason(MessageEvent.requeuedDetail(replay: false, was: .dead)) == "管理员重新发送（原为发送失败）")
        #expect(ConsoleWords.reason(MessageEvent.requeuedDetail(replay: true, was: .skipped)) == "管理员批量重发（原为未发送）")
    }

    @Test("R-PPL-5 a message's story on a Chinese page: each event by its Chinese name, what created it by the message's kind; English keeps the codes")
    func events() {
        let held = MessageEventView(at: "2026-09-21T22:13:20+08:00", event: "held",
                                    detail: "window: outside the sms contact window; held until 2026-09-22T09:00:00+08:00")
        #expect(ConsoleWords.event(held, .zhHans) == ("暂缓", "不在短信发送时段，顺延到 09-22 周二 09:00"))
        #expect(ConsoleWords.event(held, .en) == ("held", held.detail))
        let created = MessageEventView(at: "2026-09-21T22:13:20+08:00", event: "created", detail: "scheduled by an operator (message schedule)")
        #expect(ConsoleWords.event(created, .zhHans) == ("生成", ""))
        #expect(ConsoleWords.event(created, kind: MessageKind.appointmentReminder, .zhHans) == ("生成", "预约提醒"))
        #expect(ConsoleWords.event(created, kind: "x.unknown", .zhHans) == ("生成", ""), "no English kind on a Chinese page")
        for kind in MessageEvent.Kind.allCases {
            let (word, _) = ConsoleWords.event(MessageEventView(at: "", event: kind.rawValue, detail: ""), .zhHans)
            #expect(!word.contains { $0.isASCII && $0.isLetter }, "\(kind) has a Chinese name")
        }
    }

    @Test("R-PPL-5 codes by their Chinese names: channels, statuses, roles, contact outcomes; a channel the operator named stays as named")
    func codes() {
        #expect(["sms", "email", "wechat", "staff-task", "report", "report-pudong"].map { ConsoleWords.channel($0, .zhHans) }
                == ["短信", "邮件", "微信", "员工任务", "报表", "report-pudong"])
        #expect(ConsoleWords.channel("sms", .en) == "sms")
        for status in MessageStatus.allCases {
            #expect(!ConsoleWords.messageStatus(status.rawValue, .zhHans).contains { $0.isASCII }, "\(status)")
        }
        for status in Complaint.Status.allCases {
            #expect(!ConsoleWords.complaintStatus(status.rawValue, .zhHans).contains { $0.isASCII }, "\(status)")
        }
        for status in Appointment.Status.allCases {
            #expect(!ConsoleWords.appointmentStatus(status.rawValue, .zhHans).contains { $0.isASCII }, "\(status)")
        }
        for channel in ContactAddArgs.channels {
            #expect(!ConsoleWords.contactChannel(channel, .zhHans).contains { $0.isASCII }, "\(channel)")
        }
        #expect(ConsoleWords.owner("consultant", .zhHans) == "咨询师" && ConsoleWords.owner("王医生", .zhHans) == "王医生")
        #expect(ConsoleWords.contactOutcome("no-answer", .zhHans) == "未接通" && ConsoleWords.contactOutcome("contact", .zhHans) == "")
        #expect(ConsoleWords.contactOutcome("满意（5分），投诉 #3", .zhHans) == "满意（5分），投诉 #3")
    }
}
