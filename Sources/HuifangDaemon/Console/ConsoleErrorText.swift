import HuifangCore

/// What the console says when a command refuses (R-PPL-5). In English, the error's own
/// message. In Chinese, the error's Chinese text where the site that threw it gave one,
/// else a sentence from its code that names the field as the forms label it: a clinic's
/// staff never read an English refusal on a Chinese page.
enum ConsoleErrorText {
    /// A form asked for an action the page does not offer (a stale or hand-made form).
    static let noSuchAction = "没有这项操作，请刷新页面后再试。"

    /// What a member reads: "未能完成：" and why, or only that their role may not.
    static func refusal(_ error: HuifangError, _ language: ConsoleText.Language) -> String {
        let why = text(error, language)
        return why == ConsoleText.text("denied", language) ? why : ConsoleText.text("error", language) + why
    }

    /// Why, without the lead-in.
    static func text(_ error: HuifangError, _ language: ConsoleText.Language) -> String {
        if error.code == .permissionDenied, language == .en || error.chinese == nil { return ConsoleText.text("denied", language) }
        if language == .en { return error.message }
        return error.chinese ?? fallback(error)
    }

    /// The sentence for an error that carries no Chinese text of its own.
    static func fallback(_ error: HuifangError) -> String {
        let label = error.field.flatMap { fieldLabels[$0] }
        switch error.code {
        case .invalidArgument:
            return label.map { "「\($0)」填写有误，请检查后再试。" } ?? "填写的内容有误，请检查后再试。"
        case .notFound:
            return "找不到该\(label ?? "记录")，可能已被删除或合并，请刷新页面。"
        case .conflict:
            return "这条记录刚有变动，现在不能这样操作，请刷新页面看看。"
        case .permissionDenied:
            return ConsoleText.text("denied", .zhHans)
        case .unavailable:
            return "系统暂时无法完成，这次什么都没有改，请稍后再试。"
        case .notConfigured:
            return "这项功能尚未设置好，请联系管理员。"
        case .malformedRequest, .lineTooLong, .unknownCommand, .versionMismatch, .internal:
            return "系统出错，这次什么都没有改，请联系管理员。"
        }
    }

    /// The fields the console's forms and links send, as their labels name them.
    static let fieldLabels: [String: String] = [
        "customer": "客户", "id": "记录", "name": "姓名", "phone": "手机", "email": "邮箱", "notes": "备注",
        "birthday": "生日", "lunar_date": "农历生日", "birth_year": "出生年份", "note": "说明", "channel": "方式",
        "staff": "医生/员工", "service": "项目", "start": "开始时间", "duration": "时长", "place": "地点",
        "date": "日期", "at": "时间", "text": "查找内容", "branch": "分店", "outcome": "结果", "action": "操作",
    ]
}
