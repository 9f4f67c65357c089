@testable import HuifangDaemon
import Testing

@Suite struct TOMLParserTests {
    private func parse(_ text: String) throws -> TOMLTable { try TOMLParser.parse(text) }

    private func error(_ text: String) -> TOMLError? {
        do {
            _ = try TOMLParser.parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test("R-OPS-4 values of every kind parse, with the positions of keys and values")
    func valuesAndPositions() throws {
        let doc = try parse("""
            # comment
            title = "回访 \\u00e9\\t" # trailing
            literal = 'C:\\path'
            int = -1_000
            hex = 0xff
            oct = 0o17
            bin = 0b101
            float = 6.02e23
            neg = -0.5
            yes = true
            when = 1979-05-27T07:32:00Z
            day = 1979-05-27
            spaced = 1979-05-27 07:32:00
            list = [1, 2,
              3, # three
            ]
            inline = { a = 1, b.c = "x" }
            "quoted key" = 1
            dotted.key = "v"
            multi = \"\"\"
            line one
            line \\
               two\"\"\"
            raw = '''
            keep \\n as is'''
            """)
        func value(_ key: String) -> TOMLValue? { doc[key]?.value }
        guard case .string("回访 é\t")? = value("title") else { Issue.record("title"); return }
        guard case .string("C:\\path")? = value("literal") else { Issue.record("literal"); return }
        guard case .integer(-1000)? = value("int"), case .integer(255)? = value("hex"),
              case .integer(15)? = value("oct"), case .integer(5)? = value("bin") else { Issue.record("ints"); return }
        guard case .float(6.02e23)? = value("float"), case .float(-0.5)? = value("neg") else { Issue.record("floats"); return }
        guard case .bool(true)? = value("yes") else { Issue.record("bool"); return }
        guard case .datetime("1979-05-27T07:32:00Z")? = value("when"), case .datetime("1979-05-27")? = value("day"),
              case .datetime("1979-05-27T07:32:00")? = value("spaced") else { Issue.record("dates"); return }
        guard case .array(let items)? = value("list") else { Issue.record("list"); return }
        #expect(items.count == 3)
        guard case .table(let inline)? = value("inline"), case .table(let b)? = inline["b"]?.value,
              case .string("x")? = b["c"]?.value else { Issue.record("inline"); return }
        #expect(doc["quoted key"] != nil)
        guard case .table(let dotted)? = value("dotted"), case .string("v")? = dotted["key"]?.value else { Issue.record("dotted"); return }
        guard case .string("line one\nline two")? = value("multi") else { Issue.record("multi \(String(describing: value("multi")))"); return }
        guard case .string("keep \\n as is")? = value("raw") else { Issue.record("raw"); return }
        #expect(doc["title"]?.keyPosition == TOMLPosition(line: 2, column: 1))
        #expect(doc["title"]?.valuePosition == TOMLPosition(line: 2, column: 9))
        #expect(doc["int"]?.valuePosition == TOMLPosition(line: 4, column: 7))
    }

    @Test("R-OPS-4 tables, sub-tables and arrays of tables nest as written")
    func tables() throws {
        let doc = try parse("""
            [channels.sms]
            url = "a"
            [channels.email]
            url = "b"
            [[protocol]]
            name = "laser"
            [[protocol.step]]
            day = 1
            [[protocol.step]]
            day = 3
            [[protocol]]
            name = "injectables"
            """)
        guard case .table(let channels)? = doc["channels"]?.value else { Issue.record("channels"); return }
        #expect(channels.keys == ["sms", "email"])
        #expect(channels["email"]?.keyPosition.line == 3)
        guard case .array(let protocols)? = doc["protocol"]?.value, protocols.count == 2,
              case .table(let laser) = protocols[0].value, case .array(let steps)? = laser["step"]?.value else {
            Issue.record("protocols"); return
        }
        #expect(steps.count == 2)
        guard case .table(let second) = protocols[1].value else { Issue.record("second"); return }
        #expect(second["step"] == nil)
    }

    @Test("R-OPS-4 syntax errors name line and column", arguments: [
        ("a = \"open\n", 1, "not closed"),
        ("a = 1\nb = \n", 2, "expected a value"),
        ("[t]\nx = 1\n[t]\n", 3, "defined more than once"),
        ("a = 1\na = 2\n", 2, "defined twice"),
        ("a = 1 2\n", 1, "end of the line"),
        ("a = fast\n", 1, "strings need quotes"),
        ("a = 01\n", 1, "not a valid number"),
        ("a = [1, 2\n", 2, "not closed"),
        ("a = \"\\q\"\n", 1, "unknown escape"),
        ("[x\n", 1, "expected ']'"),
        ("a = { b = 1\n", 1, "inline table"),
        ("a.b = 1\n[a.b]\n", 2, "already defined"),
        ("= 1\n", 1, "expected a key"),
    ] as [(String, Int, String)])
    func syntaxErrors(text: String, line: Int, fragment: String) throws {
        let failure = try #require(error(text))
        #expect(failure.position.line == line, "\(failure)")
        #expect(failure.message.contains(fragment), "\(failure)")
    }
}
