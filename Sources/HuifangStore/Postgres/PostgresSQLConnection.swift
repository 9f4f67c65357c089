import Foundation

/// `SQLConnection` on a libpq connection (PostgreSQL). The store's statements keep SQLite's
/// `?` placeholders; they are rewritten to `$1`, `$2`, … once per text. Values travel as text
/// and come back typed by their column's type.
public final class PostgresSQLConnection: SQLConnection {
    public let connection: PostgresConnection
    private var rewritten: [String: String] = [:]
    private var depth = 0
    public var dialect: SQLDialect { .postgres }

    public init(_ connection: PostgresConnection) { self.connection = connection }

    public func execute(_ sql: String, _ arguments: [SQLValue]) throws(SQLError) -> Int {
        try run(sql, arguments).affected
    }

    public func query(_ sql: String, _ arguments: [SQLValue]) throws(SQLError) -> [SQLRow] {
        let result = try run(sql, arguments)
        let columns = SQLColumns(result.columns)
        return result.rows.map { row in
            SQLRow(zip(row, result.types).map { text, type in Self.value(text, type: type) }, columns: columns)
        }
    }

    /// Rows arrive one at a time (libpq's single-row mode): a million are never held at once.
    public func forEach(_ sql: String, _ arguments: [SQLValue], _ body: (SQLRow) throws -> Void) throws {
        var columns: SQLColumns?
        do {
            try connection.stream(text(of: sql), arguments.map(Self.text), prepare: true) { result in
                let names = columns ?? SQLColumns(result.columns)
                columns = names
                for row in result.rows {
                    try body(SQLRow(zip(row, result.types).map { text, type in Self.value(text, type: type) }, columns: names))
                }
            }
        } catch let error as PostgresError {
            throw Self.mapped(error)
        }
    }

    public func inTransaction<T>(_ body: () throws -> T) throws -> T {
        let level = depth
        try run(level == 0 ? "BEGIN" : "SAVEPOINT s\(level)", [])
        depth += 1
        defer { depth -= 1 }
        do {
            let value = try body()
            try run(level == 0 ? "COMMIT" : "RELEASE SAVEPOINT s\(level)", [])
            return value
        } catch {
            _ = try? run(level == 0 ? "ROLLBACK" : "ROLLBACK TO SAVEPOINT s\(level)", [])
            if level > 0 { _ = try? run("RELEASE SAVEPOINT s\(level)", []) }
            throw error
        }
    }

    private func run(_ sql: String, _ arguments: [SQLValue]) throws(SQLError) -> PostgresRows {
        do {
            return try connection.execute(text(of: sql), arguments.map(Self.text), prepare: true)
        } catch {
            throw Self.mapped(error)
        }
    }

    /// The statement as PostgreSQL takes it (`$n` placeholders), rewritten once per text.
    private func text(of sql: String) -> String {
        if let known = rewritten[sql] { return known }
        let text = Self.numberedPlaceholders(sql)
        rewritten[sql] = text
        return text
    }

    private static func mapped(_ error: PostgresError) -> SQLError {
        switch error.sqlState {
        case "23505": SQLError(.uniqueViolation, error.message)
        case "40001", "40P01", "55P03": SQLError(.busy, error.message)
        default: SQLError(.other, error.description)
        }
    }

    /// `?` → `$1`, `$2`, … in order, and `?N` → `$N`; not inside quoted strings,
    /// quoted identifiers or comments.
    static func numberedPlaceholders(_ sql: String) -> String {
        var out = ""
        out.reserveCapacity(sql.utf8.count + 16)
        var next = 1
        var chars = Array(sql.unicodeScalars)[...]
        while let c = chars.popFirst() {
            switch c {
            case "'", "\"":
                out.unicodeScalars.append(c)
                while let d = chars.popFirst() {
                    out.unicodeScalars.append(d)
                    if d == c {
                        // A doubled quote is an escaped one: stay inside.
                        if chars.first == c { out.unicodeScalars.append(chars.removeFirst()) } else { break }
                    }
                }
            case "-" where chars.first == "-":
                out.unicodeScalars.append(c)
                while let d = chars.popFirst() {
                    out.unicodeScalars.append(d)
                    if d == "\n" { break }
                }
            case "/" where chars.first == "*":
                out.unicodeScalars.append(c)
                out.unicodeScalars.append(chars.removeFirst())
                while let d = chars.popFirst() {
                    out.unicodeScalars.append(d)
                    if d == "*", chars.first == "/" {
                        out.unicodeScalars.append(chars.removeFirst())
                        break
                    }
                }
            case "?":
                var digits = ""
                while let d = chars.first, d.properties.numericType == .decimal, d.isASCII {
                    digits.unicodeScalars.append(chars.removeFirst())
                }
                if digits.isEmpty {
                    out += "$\(next)"
                    next += 1
                } else {
                    out += "$" + digits
                }
            default:
                out.unicodeScalars.append(c)
            }
        }
        return out
    }

    private static func text(_ value: SQLValue) -> String? {
        switch value {
        case .null: nil
        case .integer(let v): String(v)
        case .real(let v): String(v)
        case .text(let v): v
        case .blob(let v): "\\x" + v.map { String(format: "%02x", $0) }.joined()
        }
    }

    private static func value(_ text: String?, type: UInt32) -> SQLValue {
        guard let text else { return .null }
        switch type {
        case 16: return .integer(text == "t" ? 1 : 0)                        // boolean
        case 20, 21, 23, 26: return Int64(text).map(SQLValue.integer) ?? .text(text)   // integers, oid
        case 700, 701: return Double(text).map(SQLValue.real) ?? .text(text)  // real, double precision
        case 1700: return Int64(text).map(SQLValue.integer) ?? Double(text).map(SQLValue.real) ?? .text(text)  // numeric
        case 17: return .blob(hexBytes(text))                                // bytea, hex output
        default: return .text(text)
        }
    }

    private static func hexBytes(_ text: String) -> [UInt8] {
        let digits = Array(text.utf8.dropFirst(2))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index + 1 < digits.count {
            if let byte = UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) { bytes.append(byte) }
            index += 2
        }
        return bytes
    }
}
