import Foundation
import HuifangControl
import Testing

/// The import's byte path must give the values JSONDecoder gives, and give up (nil) on
/// anything it does not read as JSONDecoder would, so the line goes to JSONDecoder.
@Suite struct JSONByteReaderTests {
    private func read<T: JSONBytesDecodable>(_ type: T.Type, _ text: String) -> T? {
        let bytes = Array(text.utf8)
        var reader = JSONByteReader(bytes)
        guard let value = T(json: &reader), reader.atEnd() else { return nil }
        return value
    }

    private func decoded<T: Decodable>(_ type: T.Type, _ text: String) -> T? {
        try? ControlCoding.decoder().decode(T.self, from: Data(text.utf8))
    }

    private var full: CustomerAddArgs {
        var args = CustomerAddArgs(name: "王芳 \"小芳\" \\ 斜杠/ \u{1F600}\n\t\u{01}")
        args.phone = "+86 139-0000-0001"
        args.email = "wang@example.com"
        args.wechatId = "wx_wang"
        args.birthday = "1990-03-08"
        args.lunarBirthday = true
        args.tz = "Asia/Shanghai"
        args.locale = "zh-CN"
        args.gender = "female"
        args.tags = ["vip", "老客", ""]
        args.notes = "备注, 第1号\r\n第二行"
        args.lunarDate = "三月初八"
        args.birthYear = -1990
        args.allowDuplicate = false
        args.branch = "north"
        return args
    }

    @Test("an import batch written as bytes is what the typed encoder writes, and reads back to the same rows both ways")
    func roundTrip() throws {
        let rows = [ImportLine(line: 2, row: full), ImportLine(line: 3, row: CustomerAddArgs(name: "李雷"))]
        let encoded = ImportFile<CustomerAddArgs>.encoded(rows)
        for (line, row) in zip(encoded, rows) {
            #expect(line.json == (try ControlCoding.encoder().encode(row)), "byte for byte what JSONEncoder writes")
        }
        let batch = String(decoding: ImportBatchArgs<CustomerAddArgs>.json(rows: encoded, dryRun: true, skipInvalid: false), as: UTF8.self)
        let expected = ImportBatchArgs(rows: rows, dryRun: true, skipInvalid: false)
        #expect(decoded(ImportBatchArgs<CustomerAddArgs>.self, batch) == expected)
        #expect(read(ImportBatchArgs<CustomerAddArgs>.self, batch) == expected)
    }

    @Test("escapes, surrogate pairs, nulls for absent values, blanks between tokens and keys in any order read as JSONDecoder reads them")
    func sameValues() {
        let texts = [
            #"{"name":"\u738b\u82b3 \ud83d\ude00 \/ \b\f\n\r\t \"q\" \\","phone":null,"tags":null,"birth_year":0}"#,
            " {\n\t\"tags\" : [ \"a\" , \"\\u00e9\" ] , \"name\" : \"x\" , \"lunar_birthday\" : false , \"birth_year\" : -0 }\r\n",
            #"{"birth_year":9223372036854775807,"name":"","allow_duplicate":true,"email":"a@b.c"}"#,
            #"{"name":"é — 中文","tags":[]}"#,
        ]
        for text in texts {
            let expected = decoded(CustomerAddArgs.self, text)
            #expect(expected != nil, "JSONDecoder reads \(text)")
            #expect(read(CustomerAddArgs.self, text) == expected, "\(text)")
        }
    }

    @Test("anything unusual gives up, so JSONDecoder reads the line and names what is wrong")
    func givesUp() {
        let texts = [
            #"{"phone":"1"}"#,                          // no name
            #"{"name":null}"#,
            #"{"name":"a","name":"b"}"#,                // a key twice
            #"{"name":"a","wechatId":"w"}"#,            // a key this reader does not know (JSONDecoder would map it)
            #"{"name":"a","unknown":1}"#,
            #"{"name":"a","birth_year":1.5}"#,
            #"{"name":"a","birth_year":1e3}"#,
            #"{"name":"a","birth_year":01}"#,
            #"{"name":"a","birth_year":9223372036854775808}"#,
            #"{"name":"a","birth_year":"1990"}"#,
            #"{"name":"a","lunar_birthday":1}"#,
            #"{"name":"\ud83d"}"#,                      // a lone high surrogate
            #"{"name":"\ude00"}"#,                      // a lone low surrogate
            #"{"name":"\x"}"#,
            #"{"name":"\u12G4"}"#,
            "{\"name\":\"tab\there\"}",                 // a raw control character
            #"{"name":"a","tags":["a",1]}"#,
            #"{"name":"a",}"#,
            #"{"name":"a""#,
            #"{"name":"a"} x"#,
            #"["name"]"#,
        ]
        for text in texts {
            #expect(read(CustomerAddArgs.self, text) == nil, "\(text)")
        }
        var bytes = Array(#"{"name":"ok"}"#.utf8)
        bytes[10] = 0xFF  // not UTF-8
        var reader = JSONByteReader(bytes)
        #expect(CustomerAddArgs(json: &reader) == nil)
    }

    @Test("a batch gives up on a missing or repeated flag, a row without its line, or an unknown key")
    func batchGivesUp() {
        let row = #"{"line":2,"row":{"name":"a"}}"#
        #expect(read(ImportBatchArgs<CustomerAddArgs>.self, #"{"dry_run":true,"rows":[\#(row)],"skip_invalid":false}"#) != nil)
        for text in [
            #"{"dry_run":true,"rows":[\#(row)]}"#,
            #"{"dry_run":true,"dry_run":false,"rows":[],"skip_invalid":false}"#,
            #"{"dry_run":true,"rows":[{"row":{"name":"a"}}],"skip_invalid":false}"#,
            #"{"dry_run":true,"rows":[\#(row)],"skip_invalid":false,"more":1}"#,
            #"{"dry_run":"yes","rows":[],"skip_invalid":false}"#,
        ] {
            #expect(read(ImportBatchArgs<CustomerAddArgs>.self, text) == nil, "\(text)")
        }
    }

    @Test("skipping a value spans it exactly, nested, with strings holding brackets and escaped quotes")
    func skipping() {
        let text = #"  {"a":[1,{"b":"}]\""}],"c":null} ,"#
        let bytes = Array(text.utf8)
        var reader = JSONByteReader(bytes)
        let span = reader.skipValue()
        #expect(span.map { String(decoding: bytes[$0], as: UTF8.self) } == #"{"a":[1,{"b":"}]\""}],"c":null}"#)
        var deep = JSONByteReader(Array("[[[[1]]]]".utf8))
        #expect(deep.skipValue(depth: 3) == nil, "deeper than allowed")
    }
}
