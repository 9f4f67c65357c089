import Foundation
import HuifangControl
import HuifangCore
@testable import HuifangDaemon
import Testing

/// The bulk path of the request router: an import batch's frame read from its bytes, and
/// every other line (or anything unusual) left to JSONDecoder.
@Suite struct RequestBytesTests {
    private let table = try! HandlerTable(CommandTable.handlers)

    private func importLine(id: String = "7", extra: String = "") -> [UInt8] {
        var args = CustomerAddArgs(name: "王芳")
        args.phone = "13900000001"
        args.tags = ["vip"]
        let rows = ImportFile<CustomerAddArgs>.encoded([ImportLine(line: 2, row: args)])
        let batch = String(decoding: ImportBatchArgs<CustomerAddArgs>.json(rows: rows, dryRun: true, skipInvalid: false), as: UTF8.self)
        return Array(#"{"args":\#(batch),"cmd":"import.customers","id":\#(id)\#(extra),"v":\#(ControlProtocol.version)}"#.utf8)
    }

    @Test("R-OPS-4 an import batch is read from its bytes to the same arguments and id JSONDecoder gives")
    func importBatch() throws {
        for id in ["7", #""req-1""#, "null"] {
            let line = importLine(id: id)
            let read = try #require(IncomingRequest.read(line, handlers: table))
            let decoder = ControlCoding.decoder()
            decoder.userInfo[IncomingRequest.handlersKey] = table
            let decoded = try decoder.decode(IncomingRequest.self, from: Data(line))
            #expect(read.id == decoded.id)
            let readArgs = try read.parsed.get().1 as? ImportBatchArgs<CustomerAddArgs>
            let decodedArgs = try decoded.parsed.get().1 as? ImportBatchArgs<CustomerAddArgs>
            #expect(readArgs != nil && readArgs == decodedArgs)
            #expect(try read.parsed.get().0.method.name == "import.customers")
        }
    }

    @Test("R-OPS-4 other commands, and frames with anything unusual, go to JSONDecoder (which names what is wrong)")
    func leftToDecoder() {
        #expect(IncomingRequest.read(Array(#"{"cmd":"status","v":\#(ControlProtocol.version)}"#.utf8), handlers: table) == nil)
        #expect(IncomingRequest.read(importLine(id: "1.5"), handlers: table) == nil)
        #expect(IncomingRequest.read(importLine(extra: #","token":"x""#), handlers: table) == nil)
        #expect(IncomingRequest.read(Array(String(decoding: importLine(), as: UTF8.self)
            .replacingOccurrences(of: #""v":\#(ControlProtocol.version)"#, with: #""v":999"#).utf8), handlers: table) == nil)
        #expect(IncomingRequest.read(Array(String(decoding: importLine(), as: UTF8.self)
            .replacingOccurrences(of: #""name":"王芳""#, with: #""name":5"#).utf8), handlers: table) == nil)
    }
}
