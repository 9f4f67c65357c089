import Foundation
import HuifangControl
import HuifangTestSupport
import Testing

@Suite struct CSVImportTests {
    private func records(_ text: String) throws -> [CSVReader.Record] { try CSVReader.records(Data(text.utf8)) }

    private func customersFile(_ data: Data, _ overrides: [String: String] = [:]) throws(ImportFile<CustomerAddArgs>.Failure) -> ImportFile<CustomerAddArgs> {
        try ImportFile(data, schema: .customers, overrides: overrides, convert: CustomerAddArgs.importRow,
                       uniqueKey: CustomerAddArgs.importKey)
    }

    @Test("R-OPS-4 CSV: a BOM, quoted commas, newlines and doubled quotes, CRLF and blank lines; records know their first line")
    func reading() throws {
        let text = "\u{FEFF}name,notes\r\n王芳,\"说, \"\"好\"\"\"\r\n\r\n李雷,\"第一行\n第二行\"\nlast,\n"
        let read = try records(text)
        #expect(read == [
            CSVReader.Record(line: 1, fields: ["name", "notes"]),
            CSVReader.Record(line: 2, fields: ["王芳", "说, \"好\""]),
            CSVReader.Record(line: 4, fields: ["李雷", "第一行\n第二行"]),
            CSVReader.Record(line: 6, fields: ["last", ""]),
        ])
        #expect(try records("a,b\n1,2") == [CSVReader.Record(line: 1, fields: ["a", "b"]), CSVReader.Record(line: 2, fields: ["1", "2"])],
                "a last line without a newline counts")
        #expect(try records("a\n\"\"\n").last == CSVReader.Record(line: 2, fields: [""]), "a quoted empty field is a record")
    }

    @Test("R-OPS-4 CSV errors name the line: a quote never closed, text after a closing quote, a stray quote, bytes that are not UTF-8")
    func structuralErrors() {
        func failure(_ data: Data) -> CSVReader.Failure? {
            do { _ = try CSVReader.records(data); return nil } catch { return error }
        }
        #expect(failure(Data("a,b\n1,\"open\n2,3\n".utf8)) == .init(line: 2, message: "a quoted field is never closed", chinese: "有一栏的引号没有结束。"))
        #expect(failure(Data("a\n\"x\"y\n".utf8))?.line == 2)
        #expect(failure(Data("a\nx\"y\n".utf8))?.message.contains("quote inside an unquoted field") == true)
        #expect(failure(Data("a\nok\n".utf8) + Data([0xC3, 0x28, 0x0A])) == .init(line: 3, message: "the text is not UTF-8 (save the file as UTF-8 CSV)",
                                                                                 chinese: "文字不是 UTF-8 编码：请在表格软件里另存为「CSV UTF-8」。"))
    }

    @Test("R-OPS-4 customer import: Chinese and English headers, --map, yes/no and gender words, tags; row errors name line and field")
    func mapping() throws {
        let csv = """
            姓名,手机,Email,农历,性别,标签,会员号,生日
            王芳,139 0000 0001,wf@example.com,是,女,vip;老客,A1,1990-05-01
            李雷,13900000002,,否,男,,A2,
            韩梅,13900000003,,maybe,女,,A3,
            缺列,13900000004
            重复,139-0000-0001,,,,,A5,

            """
        let file = try customersFile(Data(csv.utf8), ["会员号": "-"])
        #expect(file.rows.map(\.line) == [2, 3])
        let first = try #require(file.rows.first?.row)
        #expect(first.name == "王芳" && first.phone == "139 0000 0001" && first.email == "wf@example.com")
        #expect(first.lunarBirthday == true && first.gender == "female" && first.tags == ["vip", "老客"] && first.birthday == "1990-05-01")
        #expect(file.rows.last?.row.lunarBirthday == false && file.rows.last?.row.email == nil)
        #expect(file.errors == [
            ImportRowError(line: 4, field: "lunar_birthday", message: "must be yes or no (是/否), not 'maybe'", chinese: "农历一栏须填 是 或 否，不是「maybe」。"),
            ImportRowError(line: 5, field: nil, message: "has 2 fields; the header has 8", chinese: "这一行有 2 栏，表头有 8 栏。"),
            ImportRowError(line: 6, field: "phone", message: "repeats the phone of line 2", chinese: "与第 2 行重复。"),
        ])
    }

    @Test("R-OPS-4 customer import: an unknown column, a field twice or no name column is refused with how to fix it")
    func headerErrors() {
        func failure(_ header: String, _ overrides: [String: String] = [:]) -> String? {
            do { _ = try customersFile(Data((header + "\nx\n").utf8), overrides); return nil } catch { return "\(error)" }
        }
        #expect(failure("name,会员号")?.contains("column '会员号' is not a customer field") == true)
        #expect(failure("name,会员号")?.contains("--map '会员号=-'") == true)
        #expect(failure("name,姓名") == "line 1: columns 'name' and '姓名' both map to name")
        #expect(failure("phone") == "line 1: no name (姓名) column; the header must name one")
        #expect(failure("name,x", ["x": "height"])?.contains("'height' is not a field") == true)
        #expect(failure("") != nil)
        #expect(try! customersFile(Data("Full Name\nx\n".utf8), ["full name": "name"]).rows.count == 1)
    }

    @Test("R-OPS-4 a 2 MB field, or a row too big for one request, is a row error naming its line and field, not a refused request")
    func oversizedFields() throws {
        let big = String(repeating: "备", count: 700_000)   // 2.1 MB of UTF-8
        let many = (0..<4).map { _ in String(repeating: "x", count: 12_000) }
        let text = "姓名,手机,备注,标签,邮箱,微信\n王小梅,13800000000,\(big),,,\n李娜,13900000001,好,,,\n张伟,13700000002,\(many[0]),\(many[1]),\(many[2])@x.com,\(many[3])\n"
        let file = try customersFile(Data(text.utf8))
        #expect(file.rows.map(\.line) == [3], "the good row stays")
        #expect(file.errors.count == 2)
        #expect(file.errors.first == ImportRowError(line: 2, field: "notes", message: "is 2.0 MB long; a field may be at most 16 KB",
                                                    chinese: "太长（2.0 MB），一栏最多 16 KB。"),
                "\(file.errors)")
        #expect(file.errors.last?.line == 4 && file.errors.last?.field == nil && file.errors.last?.message.contains("a row may be at most 40 KB") == true,
                "\(file.errors)")
    }

    @Test("R-OPS-4 import batches stay under the byte and row limits and keep every row in order")
    func batching() {
        let rows = (1...500).map { ImportLine(line: $0 + 1, row: CustomerAddArgs(name: String(repeating: "名", count: 50))) }
        let batches = EncodedImportLine.batches(ImportFile.encoded(rows), maxBytes: 8 * 1024, maxRows: 100)
        #expect(batches.flatMap { $0 }.map(\.line) == rows.map(\.line))
        #expect(batches.count > 5)
        for batch in batches {
            #expect(batch.count <= 100)
            let size = batch.reduce(0) { $0 + ((try? ControlCoding.encode(rows[$1.line - 2]))?.count ?? 0) + 1 }
            #expect(size <= 8 * 1024)
        }
    }

    @Test("R-OPS-4 a batch's arguments spliced from rows encoded once are the typed encoding, byte for byte")
    func splicedArguments() throws {
        var first = CustomerAddArgs(name: "王小梅")
        first.phone = "13800000001"
        first.tags = ["vip", "老客"]
        first.lunarBirthday = true
        var second = CustomerAddArgs(name: "李雷 \"小李\" a/b")
        second.notes = "两行\n备注"
        let rows = [ImportLine(line: 2, row: first), ImportLine(line: 3, row: second)]
        for (dryRun, skipInvalid) in [(true, false), (false, true)] {
            let typed = try ControlCoding.encode(ImportBatchArgs(rows: rows, dryRun: dryRun, skipInvalid: skipInvalid))
            let spliced = ImportBatchArgs<CustomerAddArgs>.json(rows: ImportFile.encoded(rows), dryRun: dryRun, skipInvalid: skipInvalid)
            #expect(String(decoding: spliced, as: UTF8.self) == String(decoding: typed, as: UTF8.self))
        }
        #expect(try ControlCoding.decoder().decode(ImportBatchArgs<CustomerAddArgs>.self,
                                                   from: ImportBatchArgs<CustomerAddArgs>.json(rows: ImportFile.encoded(rows), dryRun: true, skipInvalid: false)).rows == rows)
    }

    @Test("R-OPS-4 20,000 mutated CSV files: each reads or fails naming a line inside the file, never a crash")
    func fuzz() throws {
        let source = Array(#"""
            \#u{FEFF}姓名,手机,邮箱,生日,农历,性别,标签,备注
            王芳,13900000001,wf@example.com,1990-05-01,是,女,"vip;老客","备注, ""引号"""
            李雷,13900000002,,1988-02-29,否,男,,"两行
            备注"
            韩梅,+8613900000003,hm@example.com,,,,,

            """#.utf8)
        var rng = SeededRandom(seed: 4)
        var failed = 0
        for _ in 0..<20_000 {
            var bytes = source
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: bytes[at] = [0x22, 0x2C, 0x0A, 0x0D, 0xFF, 0xE5, 0x3B, 0x00].randomElement(using: &rng)!
                case 1: bytes.remove(at: at)
                case 2: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: at)
                default: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...20, using: &rng)))
                }
            }
            let lines = bytes.filter { $0 == 0x0A }.count + 1
            do {
                let file = try customersFile(Data(bytes))
                for row in file.rows { #expect(row.line >= 2 && row.line <= lines) }
                for error in file.errors { #expect(error.line >= 2 && error.line <= lines) }
            } catch {
                failed += 1
                if let line = error.line { #expect(line >= 1 && line <= lines, "\(error)") }
                #expect(!error.message.isEmpty)
            }
        }
        #expect(failed > 100, "some mutations break the file")
    }
}
