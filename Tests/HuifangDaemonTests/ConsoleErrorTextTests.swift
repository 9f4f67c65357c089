import HuifangCore
@testable import HuifangDaemon
import Testing

@Suite struct ConsoleErrorTextTests {
    static func latinLetters(_ text: String) -> Bool { text.unicodeScalars.contains { ("a"..."z").contains($0) || ("A"..."Z").contains($0) } }

    @Test("R-PPL-5 a refusal with no Chinese text of its own is said from its code, naming the field as the form labels it; never in English")
    func fallbackPerCode() {
        let codes: [HuifangError.Code] = [.invalidArgument, .notFound, .conflict, .malformedRequest, .lineTooLong, .unknownCommand,
                                          .versionMismatch, .permissionDenied, .unavailable, .notConfigured, .internal]
        for code in codes {
            for field in [nil, "start", "preferred_channel"] {
                let said = ConsoleErrorText.text(HuifangError(code, "must lie in the future", field: field), .zhHans)
                #expect(!said.isEmpty && !Self.latinLetters(said), "\(code) \(field ?? "-"): \(said)")
            }
        }
        #expect(ConsoleErrorText.text(.invalid("start", "must lie in the future"), .zhHans) == "「开始时间」填写有误，请检查后再试。")
        #expect(ConsoleErrorText.text(.invalid("preferred_channel", "is not a configured channel"), .zhHans) == "填写的内容有误，请检查后再试。")
        #expect(ConsoleErrorText.text(HuifangError(.notFound, "no customer with id 9", field: "customer"), .zhHans)
            == "找不到该客户，可能已被删除或合并，请刷新页面。")
    }

    @Test("R-PPL-5 the error's own Chinese text wins; English pages keep the English message; a bare refusal by role says only that")
    func ownTextAndEnglish() {
        let past = HuifangError.invalid("start", "must lie in the future", chinese: "开始时间须晚于现在。")
        #expect(ConsoleErrorText.refusal(past, .zhHans) == "未能完成：开始时间须晚于现在。")
        #expect(ConsoleErrorText.refusal(past, .en) == "Not done: must lie in the future")
        let role = HuifangError(.permissionDenied, "front-desk may not run endpoint.list")
        #expect(ConsoleErrorText.refusal(role, .zhHans) == "您的角色无权查看或操作此处。")
        #expect(ConsoleErrorText.refusal(role, .en) == "Your role may not see or do this.")
        let branch = HuifangError(.permissionDenied, "customer 3 belongs to pudong", field: "id", chinese: "编号为 3 的客户属于浦东店，您只能处理静安店的客户。")
        #expect(ConsoleErrorText.refusal(branch, .zhHans) == "未能完成：编号为 3 的客户属于浦东店，您只能处理静安店的客户。")
    }

    @Test("R-PPL-1 R-PPL-5 a time or phone staff mistyped is refused in Chinese, quoting what they typed")
    func typedInput() throws {
        guard case .failure(let error) = TimeInput.parse("下周三", zone: .current, now: .now) else {
            Issue.record("下周三 was read as a time")
            return
        }
        #expect(error.chinese == "「下周三」不是时间：请写成 2026-11-28 15:00、11-28 15:00、15:00 或 明天 15:00。")
        #expect(throws: HuifangError.invalid("phone", "a mobile number in China has 11 digits, not 7", chinese: "手机号应为 11 位，这里是 7 位。")) {
            try PhoneNumber.normalize("1381234", region: "CN")
        }
    }
}
