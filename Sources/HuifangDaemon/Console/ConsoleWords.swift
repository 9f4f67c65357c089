import Foundation
import HuifangControl
import HuifangCore

/// The codes the API speaks (statuses, channels, roles, a message's story), as staff read
/// them on a Chinese page: 短信, 待发, 已受理, 不在发送时段. On an English page, and for a code
/// with no Chinese word (a channel the operator named), the code as it is.
enum ConsoleWords {
    typealias Language = ConsoleText.Language

    /// A role, or a person's name as it is: tasks and complaints are owned by either.
    static func owner(_ name: String, _ language: Language) -> String {
        language == .zhHans ? StaffRole.spoken(name) : name
    }

    static func severity(_ value: String, _ language: Language) -> String {
        language == .zhHans ? Complaint.Severity(rawValue: value)?.chineseName ?? value : value
    }

    static func complaintStatus(_ value: String, _ language: Language) -> String {
        language == .zhHans ? Complaint.Status(rawValue: value)?.chineseName ?? value : value
    }

    static func appointmentStatus(_ value: String, _ language: Language) -> String {
        language == .zhHans ? Appointment.Status(rawValue: value)?.chineseName ?? value : value
    }

    static func messageStatus(_ value: String, _ language: Language) -> String {
        language == .zhHans ? MessageStatus(rawValue: value)?.chineseName ?? value : value
    }

    /// An endpoint's circuit or pause.
    static func endpointState(_ state: String, _ language: Language) -> String {
        guard language == .zhHans else { return state }
        return ["closed": "正常", "open": "熔断中", "half-open": "试探中", "paused": "已暂停"][state] ?? state
    }

    /// The channels Huifang ships with by their Chinese names; one the operator named
    /// otherwise (`report-pudong`) as it is.
    static func channel(_ name: String, _ language: Language) -> String {
        guard language == .zhHans else { return name }
        return ["sms": "短信", "email": "邮件", "wechat": "微信", "staff-task": "员工任务", "report": "报表"][name] ?? name
    }

    /// How staff were in touch with a customer (`contact add --channel`).
    static func contactChannel(_ name: String, _ language: Language) -> String {
        guard language == .zhHans else { return name }
        return ["call": "电话", "sms": "短信", "wechat": "微信", "visit": "到店", "other": "其他"][name] ?? name
    }

    /// What came of a contact: a task's close (已完成, 未接通), or what a reply did (written in
    /// Chinese already); a contact staff recorded by hand has none.
    /// A pet's species as the groomer says it; a species the shop wrote itself stays as written.
    static func species(_ code: String, _ language: Language) -> String {
        guard language == .zhHans else { return code }
        return ["dog": "狗", "cat": "猫", "rabbit": "兔", "bird": "鸟"][code] ?? code
    }

    /// How a complaint came in (`Complaint.channels`).
    static func complaintChannel(_ code: String, _ language: Language) -> String {
        guard language == .zhHans else { return code }
        return ["phone": "电话", "email": "邮件", "in-person": "当面", "online": "网上"][code] ?? code
    }

    static func contactOutcome(_ outcome: String, _ language: Language) -> String {
        guard language == .zhHans else { return outcome }
        if outcome == "contact" { return "" }
        return StaffTask.Status(rawValue: outcome)?.chineseName ?? outcome
    }

    static func messageKind(_ kind: String, _ language: Language) -> String {
        guard language == .zhHans else { return kind }
        return [
            MessageKind.birthdayGreeting: "生日祝福", MessageKind.holidayGreeting: "节日问候", MessageKind.followUpDue: "术后回访",
            MessageKind.appointmentReminder: "预约提醒", MessageKind.retentionWinBack: "沉睡唤醒", MessageKind.retentionCare: "关怀",
            MessageKind.pointsExpiryWarning: "积分到期", MessageKind.arrearsReminder: "欠款提醒", MessageKind.courseNextSession: "疗程提醒",
            MessageKind.petRebook: "宠物复约", MessageKind.petBirthday: "宠物生日", MessageKind.complaintSatisfaction: "满意度回访",
            MessageKind.manual: "手动安排", MessageKind.followUpCallBack: "未接通，请客户回电", MessageKind.followUpAbnormal: "异常回访",
            MessageKind.appointmentChanged: "预约变更", MessageKind.appointmentPreparation: "到店须知",
            MessageKind.complaintReceived: "投诉受理", MessageKind.complaintReopened: "投诉重开", MessageKind.complaintUpdate: "投诉进展",
            MessageKind.complaintResolved: "投诉已解决", MessageKind.tierChanged: "会员等级变更", MessageKind.campaign: "活动通知",
            MessageKind.optOutConfirmation: "退订确认",
        ][kind] ?? kind
    }

    // MARK: - a message's story

    /// One line of `message why`: what happened, and why in words staff use. `kind`: the
    /// message's, which says what created it (生成：预约提醒).
    static func event(_ event: MessageEventView, kind: String? = nil, _ language: Language) -> (event: String, detail: String) {
        guard language == .zhHans else { return (event.event, event.detail) }
        let happened: [String: String] = [
            "created": "生成", "held": "暂缓", "skipped": "不发送", "rerouted": "改换渠道", "attempt": "发送",
            "dead": "发送失败", "cancelled": "已取消", "superseded": "已作废", "requeued": "重新排队", "receipt": "回执",
        ]
        // What created it, by the message's kind; its origin's English wording is for operators.
        let created = kind.map { messageKind($0, .zhHans) }.flatMap { word in word.contains { $0.isASCII && $0.isLetter } ? nil : word } ?? ""
        var detail = event.event == "created" ? created : reason(event.detail) ?? event.detail
        // A receipt is the gateway's report already: 回执：未送达（MK:0001）.
        if event.event == "receipt", detail.hasPrefix("网关回报") { detail = String(detail.dropFirst(4)) }
        return (happened[event.event] ?? event.event, detail)
    }

    /// A hold, skip or attempt as `SendDecision`, `Consent` and `MessageStory` word it, in
    /// Chinese; nil for anything else (shown as it is).
    static func reason(_ detail: String) -> String? {
        func after(_ marker: String) -> String? {
            guard let range = detail.range(of: marker) else { return nil }
            let text = String(detail[range.upperBound...].prefix { $0 != "," && $0 != ";" })
            let shown = LocalTimeText.show(text)
            return shown == text ? nil : shown
        }
        func channelNamed(after marker: String) -> String? {
            guard let range = detail.range(of: marker) else { return nil }
            return channel(String(detail[range.upperBound...].prefix { $0 != " " && $0 != ";" }), .zhHans)
        }
        if detail.hasPrefix("window: ") {
            let channelName = channelNamed(after: "outside the ") ?? ""
            return "不在\(channelName)发送时段" + (after("held until ").map { "，顺延到 \($0)" } ?? "")
        }
        if detail.hasPrefix("cap: ") {
            let numbers = detail.dropFirst(5).split(separator: " ").compactMap { Int($0) }
            let said = numbers.count == 2 ? "\(numbers[1]) 天内已发营销消息 \(numbers[0]) 条" : "营销消息已达上限"
            return said + (after("held until ").map { "，顺延到 \($0)" } ?? "")
        }
        if detail.hasPrefix("stale: ") {
            return "已过时效" + (after("expired ").map { "（\($0) 过期）" } ?? "") + "，不再补发"
        }
        if detail.hasPrefix("open complaint: ") { return "客户有未结投诉，暂停营销和祝福" }
        if detail.hasPrefix("consent: ") {
            let from = channelNamed(after: "opted out of ") ?? ""
            if let to = channelNamed(after: "rerouted to ") { return "客户已退订\(from)，改用\(to)发送" }
            return "客户已退订\(from)，也没有其他可用的渠道"
        }
        if detail.hasPrefix("attempt ") { return attempt(detail) }
        if detail.hasPrefix("paused: ") {
            return "\(channelNamed(after: "the ") ?? "")通道被暂停" + (after(" until ").map { "，到 \($0) 恢复" } ?? "")
        }
        if detail.hasPrefix("circuit: ") {
            return "\(channelNamed(after: "the ") ?? "")网关接连出错，暂停发送" + (after(" until ").map { "，到 \($0) 恢复" } ?? "")
        }
        if detail.hasPrefix("superseded by ") { return "已被新的安排取代，不再发送" }
        if detail.hasPrefix("cancelled: ") {
            let why = [
                "the appointment was confirmed": "预约已确认", "the customer checked in": "客户已到店",
                "the appointment was cancelled": "预约已取消", "resolved": "投诉已解决", "answered": "客户已答复",
            ][String(detail.dropFirst(11))]
            return why.map { "\($0)，不再发送" } ?? "已取消，不再发送"
        }
        if detail == "customer erased" { return "客户资料已删除，不再发送" }
        // A dead message's copy on another channel: the reason, then where it goes instead.
        if let range = detail.range(of: "; falling back to ") {
            let to = channelNamed(after: "; falling back to ").map { "，改用\($0)发送" } ?? ""
            return reason(String(detail[..<range.lowerBound])).map { $0 + to }
        }
        if detail.hasPrefix("the gateway reports it ") {
            let rest = detail.dropFirst("the gateway reports it ".count)
            if rest == "delivered to the recipient" { return "网关回报客户已收到" }
            if rest.hasPrefix("undelivered") {
                let why = rest.dropFirst("undelivered".count).trimmingCharacters(in: .whitespaces)
                return "网关回报未送达" + (why.hasPrefix("(") && why.hasSuffix(")") ? "（\(why.dropFirst().dropLast())）" : "")
            }
        }
        if detail.hasPrefix("re-queued by an operator (message "), let was = detail.range(of: "), was ") {
            let replay = detail.contains("(message replay)")
            let status = messageStatus(String(detail[was.upperBound...]), .zhHans)
            return (replay ? "管理员批量重发" : "管理员重新发送") + "（原为\(status)）"
        }
        // The last attempt's reason, and how many there were (`HTTP 503 (after 8 attempts)`).
        if let open = detail.range(of: " (after "), detail.hasSuffix(" attempts)"),
           let count = Int(detail[open.upperBound...].prefix { $0.isNumber }), let last = transport(String(detail[..<open.lowerBound])) {
            return "\(last)，已试 \(count) 次"
        }
        return transport(detail)
    }

    /// Why an attempt failed, as `DeliveryOutcome.classify` words it (also a dead letter's
    /// last error): 连不上网关, 网关超时未应答, 网关答复 HTTP 503.
    static func transport(_ error: String) -> String? {
        if error.hasPrefix("HTTP "), Int(error.dropFirst(5)) != nil { return "网关答复 \(error)" }
        let words: [(String, String)] = [
            ("timeout", "网关超时未应答"), ("no response", "网关没有应答"), ("connect failed", "连不上网关"),
            ("DNS failed", "找不到网关的地址"), ("invalid URL", "网关地址写错了"), ("transport error", "网络出错"),
        ]
        return words.first { error == $0.0 || error.hasPrefix($0.0 + ":") }?.1
    }

    /// `attempt 2 to sms: HTTP 503 in 40 ms, retry: …` → 第 2 次，短信：HTTP 503，40 毫秒，稍后重试.
    private static func attempt(_ detail: String) -> String? {
        let words = detail.split(separator: " ", maxSplits: 4)
        guard words.count == 5, words[2] == "to", let number = Int(words[1]) else { return nil }
        let endpoint = channel(String(words[3].dropLast()), .zhHans)
        let rest = words[4]
        guard let inRange = rest.range(of: " in "), let msRange = rest.range(of: " ms, ", range: inRange.upperBound..<rest.endIndex)
        else { return nil }
        let answer = String(rest[..<inRange.lowerBound])
        let millis = rest[inRange.upperBound..<msRange.lowerBound]
        let outcome = rest[msRange.upperBound...].prefix { $0 != ":" }
        let what = ["delivered": "已送达", "retry": "稍后重试", "permanent": "不再重试"][String(outcome)] ?? String(outcome)
        // Without an answer, why: 没有应答（连不上网关）.
        let error = rest[msRange.upperBound...].dropFirst(outcome.count + 2)
        let heard = answer == "no answer" ? "没有应答" + (transport(String(error)).map { "（\($0)）" } ?? "") : answer
        return "第 \(number) 次，\(endpoint)：\(heard)，\(millis) 毫秒，\(what)"
    }
}
