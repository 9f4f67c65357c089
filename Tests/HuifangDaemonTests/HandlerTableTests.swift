import HuifangControl
import HuifangCore
@testable import HuifangDaemon
import Testing

@Suite struct HandlerTableTests {
    @Test("R-OPS-4 every declared command has a handler and every handler a declaration")
    func coverage() throws {
        let table = try HandlerTable(CommandTable.handlers)
        let (unhandled, undeclared) = table.coverage(of: API.all)
        #expect(unhandled.isEmpty, "declared without a handler: \(unhandled)")
        #expect(undeclared.isEmpty, "handled without a declaration: \(undeclared)")
        #expect(table.byName.count == API.all.count)
        _ = try CommandTable.checked()
    }

    @Test("R-OPS-4 registering a command twice is an error at start, and so is a declaration left without a handler")
    func duplicatesAndGaps() throws {
        let again = CommandHandler(API.Status.self) { (_: NoArgs, _) throws(HuifangError) in
            throw HuifangError(.internal, "never run")
        }
        #expect(throws: HuifangError.self) { try HandlerTable(CommandTable.handlers + [again]) }
        let partial = try HandlerTable(CommandTable.handlers.filter { $0.method.name != "arrears.pay" })
        #expect(partial.coverage(of: API.all).unhandled == ["arrears.pay"])
    }
}
