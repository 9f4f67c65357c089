/// A TOML 1.0 parser that keeps the position of every key and value. It exists instead of
/// a library because the one available here (TOMLKit) reports positions for syntax errors
/// only, and a config error must name the line of an unknown key or a bad value.
public struct TOMLParser {
    private let text: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var lineStart = 0
    private let root: TOMLTable
    private var current: TOMLTable
    /// Paths (joined with NUL) created by `[[header]]`, which later headers may extend.
    private var arrayTablePaths: Set<String> = []
    /// Arrays and inline tables open now: the parser recurses, so the depth is bounded.
    private var depth = 0
    static let maxDepth = 32

    public static func parse(_ source: String) throws(TOMLError) -> TOMLTable {
        var parser = TOMLParser(source)
        return try parser.parseDocument()
    }

    private init(_ source: String) {
        text = Array(source.unicodeScalars)
        root = TOMLTable(position: TOMLPosition(line: 1, column: 1))
        root.explicitlyDefined = true
        current = root
    }

    // MARK: - Positions and errors

    private var position: TOMLPosition { TOMLPosition(line: line, column: index - lineStart + 1) }

    private func fail(_ message: String, at position: TOMLPosition? = nil) -> TOMLError {
        TOMLError(position: position ?? self.position, message: message)
    }

    private var peek: Unicode.Scalar? { index < text.count ? text[index] : nil }

    private func peek(_ offset: Int) -> Unicode.Scalar? {
        index + offset < text.count ? text[index + offset] : nil
    }

    private mutating func advance() {
        if text[index] == "\n" {
            line += 1
            lineStart = index + 1
        }
        index += 1
    }

    private mutating func skipSpaces() {
        while let c = peek, c == " " || c == "\t" { advance() }
    }

    private mutating func skipComment() throws(TOMLError) {
        guard peek == "#" else { return }
        while let c = peek, c != "\n" {
            if c == "\r" && peek(1) == "\n" { break }
            if isControl(c) && c != "\t" { throw fail("control character in a comment") }
            advance()
        }
    }

    /// Whitespace, newlines and comments (inside arrays).
    private mutating func skipBlank() throws(TOMLError) {
        while true {
            skipSpaces()
            if peek == "#" { try skipComment() }
            if peek == "\n" { advance(); continue }
            if peek == "\r" && peek(1) == "\n" { advance(); advance(); continue }
            return
        }
    }

    private mutating func expectLineEnd() throws(TOMLError) {
        skipSpaces()
        try skipComment()
        if peek == nil { return }
        if peek == "\n" { advance(); return }
        if peek == "\r" && peek(1) == "\n" { advance(); advance(); return }
        throw fail("expected the end of the line, found '\(peek!)'")
    }

    private func isControl(_ c: Unicode.Scalar) -> Bool {
        (c.value < 0x20 && c != "\t") || c.value == 0x7F
    }

    // MARK: - Document structure

    private mutating func parseDocument() throws(TOMLError) -> TOMLTable {
        while true {
            try skipBlank()
            guard let c = peek else { return root }
            if c == "[" {
                try parseHeader()
            } else {
                try parseKeyValue(into: current)
                try expectLineEnd()
            }
        }
    }

    private mutating func parseHeader() throws(TOMLError) {
        let start = position
        advance()
        let isArray = peek == "["
        if isArray { advance() }
        skipSpaces()
        let path = try parseKeyPath()
        skipSpaces()
        guard peek == "]" else { throw fail("expected ']' to close the table header") }
        advance()
        if isArray {
            guard peek == "]" else { throw fail("expected ']]' to close the array-of-tables header") }
            advance()
        }
        try expectLineEnd()

        var table = root
        for (offset, (key, _)) in path.dropLast().enumerated() {
            table = try descend(table, key: key, path: path.prefix(offset + 1).map(\.0), at: start)
        }
        let (last, _) = path.last!
        let fullPath = path.map(\.0).joined(separator: "\u{0}")
        let dotted = path.map(\.0).joined(separator: ".")
        if isArray {
            let element = TOMLTable(position: start)
            element.explicitlyDefined = true
            if var node = table[last] {
                guard arrayTablePaths.contains(fullPath), case .array(var items) = node.value else {
                    throw fail("'\(dotted)' is already defined and is not an array of tables", at: start)
                }
                items.append(TOMLNode(value: .table(element), keyPosition: start, valuePosition: start))
                node.value = .array(items)
                table.set(last, node)
            } else {
                arrayTablePaths.insert(fullPath)
                let item = TOMLNode(value: .table(element), keyPosition: start, valuePosition: start)
                table.set(last, TOMLNode(value: .array([item]), keyPosition: start, valuePosition: start))
            }
            current = element
        } else {
            if let node = table[last] {
                guard case .table(let existing) = node.value else {
                    throw fail("'\(dotted)' is already defined as \(node.value.typeName) at \(node.keyPosition)", at: start)
                }
                if existing.explicitlyDefined || existing.sealed || existing.definedByDottedKey {
                    throw fail("table [\(dotted)] is defined more than once (first at \(existing.position))", at: start)
                }
                existing.explicitlyDefined = true
                current = existing
            } else {
                let created = TOMLTable(position: start)
                created.explicitlyDefined = true
                table.set(last, TOMLNode(value: .table(created), keyPosition: start, valuePosition: start))
                current = created
            }
        }
    }

    /// Steps into `key` of `table` for a header path, creating an implicit table if needed;
    /// an array of tables yields its last element.
    private mutating func descend(_ table: TOMLTable, key: String, path: [String], at start: TOMLPosition)
        throws(TOMLError) -> TOMLTable
    {
        if let node = table[key] {
            switch node.value {
            case .table(let child):
                if child.sealed { throw fail("inline table '\(path.joined(separator: "."))' cannot be extended", at: start) }
                return child
            case .array(let items):
                if arrayTablePaths.contains(path.joined(separator: "\u{0}")),
                   case .table(let last)? = items.last?.value {
                    return last
                }
                throw fail("'\(path.joined(separator: "."))' is an array, not a table", at: start)
            default:
                throw fail("'\(path.joined(separator: "."))' is already defined as \(node.value.typeName) at \(node.keyPosition)", at: start)
            }
        }
        let created = TOMLTable(position: start)
        table.set(key, TOMLNode(value: .table(created), keyPosition: start, valuePosition: start))
        return created
    }

    private mutating func parseKeyValue(into table: TOMLTable) throws(TOMLError) {
        let path = try parseKeyPath()
        skipSpaces()
        guard peek == "=" else { throw fail("expected '=' after the key '\(path.map(\.0).joined(separator: "."))'") }
        advance()
        skipSpaces()
        let valuePosition = position
        let value = try parseValue()
        var target = table
        for (offset, (key, keyPosition)) in path.dropLast().enumerated() {
            let dotted = path.prefix(offset + 1).map(\.0).joined(separator: ".")
            if let node = target[key] {
                guard case .table(let child) = node.value, !child.sealed, !child.explicitlyDefined || child === table else {
                    throw fail("'\(dotted)' is already defined at \(node.keyPosition)", at: keyPosition)
                }
                target = child
            } else {
                let created = TOMLTable(position: keyPosition)
                created.definedByDottedKey = true
                target.set(key, TOMLNode(value: .table(created), keyPosition: keyPosition, valuePosition: keyPosition))
                target = created
            }
        }
        let (key, keyPosition) = path.last!
        if let existing = target[key] {
            throw fail("the key '\(path.map(\.0).joined(separator: "."))' is defined twice (first at \(existing.keyPosition))", at: keyPosition)
        }
        target.set(key, TOMLNode(value: value, keyPosition: keyPosition, valuePosition: valuePosition))
    }

    private mutating func parseKeyPath() throws(TOMLError) -> [(String, TOMLPosition)] {
        var path: [(String, TOMLPosition)] = []
        while true {
            let start = position
            path.append((try parseKey(), start))
            skipSpaces()
            guard peek == "." else { return path }
            advance()
            skipSpaces()
        }
    }

    private mutating func parseKey() throws(TOMLError) -> String {
        switch peek {
        case "\"":
            if peek(1) == "\"" && peek(2) == "\"" { throw fail("a key cannot be a multi-line string") }
            return try parseBasicString()
        case "'":
            if peek(1) == "'" && peek(2) == "'" { throw fail("a key cannot be a multi-line string") }
            return try parseLiteralString()
        default:
            var key = ""
            while let c = peek, isBareKeyCharacter(c) {
                key.unicodeScalars.append(c)
                advance()
            }
            if key.isEmpty {
                if let c = peek, c != "\n" { throw fail("expected a key, found '\(c)'") }
                throw fail("expected a key")
            }
            return key
        }
    }

    private func isBareKeyCharacter(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_" || c == "-"
    }

    // MARK: - Values

    private mutating func parseValue() throws(TOMLError) -> TOMLValue {
        guard let c = peek else { throw fail("expected a value") }
        switch c {
        case "\"":
            if peek(1) == "\"" && peek(2) == "\"" { return .string(try parseMultilineBasicString()) }
            return .string(try parseBasicString())
        case "'":
            if peek(1) == "'" && peek(2) == "'" { return .string(try parseMultilineLiteralString()) }
            return .string(try parseLiteralString())
        case "[", "{":
            guard depth < Self.maxDepth else {
                throw fail("arrays and inline tables nest deeper than \(Self.maxDepth) levels")
            }
            depth += 1
            defer { depth -= 1 }
            return c == "[" ? try parseArray() : try parseInlineTable()
        case "\n", "\r", "#":
            throw fail("expected a value after '='")
        default:
            return try parseScalar()
        }
    }

    private mutating func parseArray() throws(TOMLError) -> TOMLValue {
        advance()
        var items: [TOMLNode] = []
        while true {
            try skipBlank()
            if peek == "]" { advance(); return .array(items) }
            guard peek != nil else { throw fail("the array is not closed with ']'") }
            let start = position
            items.append(TOMLNode(value: try parseValue(), keyPosition: start, valuePosition: start))
            try skipBlank()
            if peek == "," { advance(); continue }
            if peek == "]" { advance(); return .array(items) }
            throw fail(peek == nil ? "the array is not closed with ']'" : "expected ',' or ']' in the array")
        }
    }

    private mutating func parseInlineTable() throws(TOMLError) -> TOMLValue {
        let table = TOMLTable(position: position)
        advance()
        skipSpaces()
        if peek == "}" {
            advance()
            table.sealed = true
            return .table(table)
        }
        while true {
            skipSpaces()
            try parseKeyValue(into: table)
            skipSpaces()
            if peek == "," { advance(); continue }
            if peek == "}" { advance(); break }
            throw fail("expected ',' or '}' in the inline table (it must stay on one line)")
        }
        table.sealed = true
        return .table(table)
    }

    private mutating func parseBasicString() throws(TOMLError) -> String {
        advance()
        var result = String.UnicodeScalarView()
        while true {
            guard let c = peek, c != "\n" else { throw fail("the string is not closed with '\"'") }
            if c == "\"" { advance(); return String(result) }
            if c == "\\" {
                result.append(try parseEscape())
                continue
            }
            if isControl(c) { throw fail("control character U+\(String(c.value, radix: 16, uppercase: true)) in a string") }
            result.append(c)
            advance()
        }
    }

    private mutating func parseMultilineBasicString() throws(TOMLError) -> String {
        advance(); advance(); advance()
        if peek == "\n" { advance() } else if peek == "\r" && peek(1) == "\n" { advance(); advance() }
        var result = String.UnicodeScalarView()
        while true {
            guard let c = peek else { throw fail("the multi-line string is not closed with '\"\"\"'") }
            if c == "\"" && peek(1) == "\"" && peek(2) == "\"" {
                advance(); advance(); advance()
                // Up to two quotes may directly precede the closing delimiter.
                var extra = 0
                while peek == "\"" && extra < 2 { result.append("\""); advance(); extra += 1 }
                return String(result)
            }
            if c == "\\" {
                // A line-ending backslash trims the newline and the whitespace after it.
                var look = index + 1
                while look < text.count && (text[look] == " " || text[look] == "\t") { look += 1 }
                if look < text.count && (text[look] == "\n" || text[look] == "\r") {
                    advance()
                    while let w = peek, w == " " || w == "\t" || w == "\n" || w == "\r" { advance() }
                    continue
                }
                result.append(try parseEscape())
                continue
            }
            if isControl(c) && c != "\n" && !(c == "\r" && peek(1) == "\n") {
                throw fail("control character U+\(String(c.value, radix: 16, uppercase: true)) in a string")
            }
            result.append(c)
            advance()
        }
    }

    private mutating func parseLiteralString() throws(TOMLError) -> String {
        advance()
        var result = String.UnicodeScalarView()
        while true {
            guard let c = peek, c != "\n" else { throw fail("the string is not closed with \"'\"") }
            if c == "'" { advance(); return String(result) }
            if isControl(c) { throw fail("control character in a string") }
            result.append(c)
            advance()
        }
    }

    private mutating func parseMultilineLiteralString() throws(TOMLError) -> String {
        advance(); advance(); advance()
        if peek == "\n" { advance() } else if peek == "\r" && peek(1) == "\n" { advance(); advance() }
        var result = String.UnicodeScalarView()
        while true {
            guard let c = peek else { throw fail("the multi-line string is not closed with \"'''\"") }
            if c == "'" && peek(1) == "'" && peek(2) == "'" {
                advance(); advance(); advance()
                var extra = 0
                while peek == "'" && extra < 2 { result.append("'"); advance(); extra += 1 }
                return String(result)
            }
            if isControl(c) && c != "\n" && !(c == "\r" && peek(1) == "\n") { throw fail("control character in a string") }
            result.append(c)
            advance()
        }
    }

    private mutating func parseEscape() throws(TOMLError) -> Unicode.Scalar {
        let start = position
        advance()
        guard let c = peek else { throw fail("unfinished escape sequence", at: start) }
        advance()
        switch c {
        case "b": return "\u{08}"
        case "t": return "\t"
        case "n": return "\n"
        case "f": return "\u{0C}"
        case "r": return "\r"
        case "e": return "\u{1B}"
        case "\"": return "\""
        case "\\": return "\\"
        case "u", "U":
            let count = c == "u" ? 4 : 8
            var hex = ""
            for _ in 0..<count {
                guard let h = peek, h.properties.isASCIIHexDigit else {
                    throw fail("\\\(c) needs \(count) hexadecimal digits", at: start)
                }
                hex.unicodeScalars.append(h)
                advance()
            }
            guard let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) else {
                throw fail("\\\(c)\(hex) is not a Unicode scalar value", at: start)
            }
            return scalar
        default:
            throw fail("unknown escape sequence '\\\(c)'", at: start)
        }
    }

    private mutating func parseScalar() throws(TOMLError) -> TOMLValue {
        let start = position
        var token = ""
        while let c = peek, isBareKeyCharacter(c) || c == "+" || c == "." || c == ":" {
            token.unicodeScalars.append(c)
            advance()
        }
        // A date and a time may be separated by one space: 1979-05-27 07:32:00.
        if TOMLScalars.isDate(token), peek == " ", let d = peek(1), ("0"..."9").contains(d) {
            advance()
            token += "T"
            while let c = peek, isBareKeyCharacter(c) || c == "+" || c == "." || c == ":" {
                token.unicodeScalars.append(c)
                advance()
            }
        }
        if token.isEmpty { throw fail("expected a value, found '\(peek.map(String.init) ?? "end of file")'", at: start) }
        switch token {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        if let integer = TOMLScalars.integer(token) { return .integer(integer) }
        if let float = TOMLScalars.float(token) { return .float(float) }
        if TOMLScalars.isDateTime(token) { return .datetime(token) }
        if token.first.map({ $0.isLetter }) == true {
            throw fail("'\(token)' is not a value; strings need quotes", at: start)
        }
        throw fail("'\(token)' is not a valid number or date", at: start)
    }
}

/// Number and date shapes.
enum TOMLScalars {
    static func digitsWithUnderscores(_ s: Substring, allowed: (Character) -> Bool) -> String? {
        guard let first = s.first, let last = s.last, first != "_", last != "_", !s.contains("__") else { return nil }
        guard s.allSatisfy({ $0 == "_" || allowed($0) }) else { return nil }
        return String(s.filter { $0 != "_" })
    }

    static func integer(_ token: String) -> Int64? {
        var body = Substring(token)
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where body.hasPrefix(prefix) {
            let rest = body.dropFirst(2)
            guard let digits = digitsWithUnderscores(rest, allowed: { Int(String($0), radix: radix) != nil }) else { return nil }
            return Int64(digits, radix: radix)
        }
        var sign = ""
        if body.first == "+" || body.first == "-" {
            sign = body.first == "-" ? "-" : ""
            body = body.dropFirst()
        }
        guard let digits = digitsWithUnderscores(body, allowed: { $0.isASCII && $0.isNumber }) else { return nil }
        if digits.count > 1 && digits.hasPrefix("0") { return nil }
        return Int64(sign + digits)
    }

    static func float(_ token: String) -> Double? {
        var body = Substring(token)
        if body.first == "+" || body.first == "-" { body = body.dropFirst() }
        guard body.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) else { return nil }
        guard let first = body.first, first.isNumber, let last = body.last, last.isNumber else { return nil }
        if body.count > 1 && body.hasPrefix("0") && body.dropFirst().first?.isNumber == true { return nil }
        guard !body.contains("_.") && !body.contains("._") && !body.contains("__") else { return nil }
        return Double(String(token.filter { $0 != "_" }))
    }

    static func isDate(_ token: String) -> Bool {
        let parts = token.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0].count == 4 && parts[1].count == 2 && parts[2].count == 2
            && parts.allSatisfy { $0.allSatisfy(\.isNumber) }
    }

    static func isTime(_ token: Substring) -> Bool {
        let parts = token.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 2, parts[1].count == 2, parts[2].count >= 2 else { return false }
        let seconds = parts[2].split(separator: ".", maxSplits: 1)
        return parts[0].allSatisfy(\.isNumber) && parts[1].allSatisfy(\.isNumber)
            && seconds[0].count == 2 && seconds.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
    }

    static func isDateTime(_ token: String) -> Bool {
        if isDate(token) { return true }
        if isTime(Substring(token)) { return true }
        let halves = token.split(separator: "T", maxSplits: 1)
        guard halves.count == 2, isDate(String(halves[0])) else { return false }
        var time = halves[1]
        if time.hasSuffix("Z") {
            time = time.dropLast()
        } else if let sign = time.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let offset = time[time.index(after: sign)...]
            guard offset.count == 5, offset.dropFirst(2).first == ":" else { return false }
            time = time[..<sign]
        }
        return isTime(time)
    }
}
