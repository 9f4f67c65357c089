import HuifangCore

/// A service as staff say it, to the service as it is recorded (R-BIZ-1): its catalogue id,
/// or, with `unlisted`, the words as typed (and then no protocol starts).
struct Services {
    let context: CommandContext

    init(_ context: CommandContext) { self.context = context }

    func resolve(_ text: String, unlisted: Bool, field: String = "service") throws(HuifangError) -> String {
        let said = text.trimmingCharacters(in: .whitespaces)
        guard !said.isEmpty else { throw .invalid(field, "must not be empty", chinese: "请填写项目。") }
        let catalogue = context.config.snapshot.services
        guard !catalogue.isEmpty, !unlisted else { return said }
        switch catalogue.lookup(said) {
        case .found(let entry): return entry.id
        case .unknown(let suggestions):
            let hint = suggestions.isEmpty
                ? "see service list, or give unlisted to record it without a protocol"
                : "did you mean \(suggestions.map { "\($0.name(.zhHans)) (\($0.id))" }.joined(separator: ", "))?"
            let chineseHint = suggestions.isEmpty
                ? "请按项目表填写。"
                : "您要找的是不是：\(suggestions.map { $0.name(.zhHans) }.joined(separator: "、"))？"
            throw .invalid(field, "no service \(said.prefix(40)); \(hint)", chinese: "项目表里没有「\(said.prefix(40))」。\(chineseHint)")
        }
    }
}
