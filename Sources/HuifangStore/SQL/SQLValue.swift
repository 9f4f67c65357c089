import Foundation

/// A value bound to a statement or read from a row, the same on SQLite and PostgreSQL (issue
/// 16: one store, two drivers). SQLite's five storage classes; PostgreSQL's booleans read as
/// 0/1 and its numbers as integers or reals, as SQLite stores them.
public enum SQLValue: Sendable, Equatable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    public var int64: Int64? {
        switch self {
        case .integer(let value): value
        case .real(let value): Int64(exactly: value)
        case .text(let text): Int64(text)
        default: nil
        }
    }

    public var double: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .real(let value): value
        case .text(let text): Double(text)
        default: nil
        }
    }

    public var string: String? {
        switch self {
        case .text(let text): text
        case .integer(let value): String(value)
        case .real(let value): String(value)
        default: nil
        }
    }

    public var bool: Bool? { int64.map { $0 != 0 } }
}

extension SQLValue: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral, ExpressibleByNilLiteral {
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(stringLiteral value: String) { self = .text(value) }
    public init(nilLiteral: ()) { self = .null }
}

/// Swift values a statement takes as arguments.
public protocol SQLArgument {
    var sqlValue: SQLValue { get }
}

extension Int: SQLArgument { public var sqlValue: SQLValue { .integer(Int64(self)) } }
extension Int64: SQLArgument { public var sqlValue: SQLValue { .integer(self) } }
extension Double: SQLArgument { public var sqlValue: SQLValue { .real(self) } }
extension String: SQLArgument { public var sqlValue: SQLValue { .text(self) } }
extension Bool: SQLArgument { public var sqlValue: SQLValue { .integer(self ? 1 : 0) } }
extension SQLValue: SQLArgument { public var sqlValue: SQLValue { self } }
extension Data: SQLArgument { public var sqlValue: SQLValue { .blob(Array(self)) } }
extension Optional: SQLArgument where Wrapped: SQLArgument {
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

/// The column names of one result, shared by its rows; found by name once per lookup.
public final class SQLColumns: Sendable {
    public let names: [String]
    private let positions: [String: Int]

    public init(_ names: [String]) {
        self.names = names
        var positions: [String: Int] = [:]
        for (index, name) in names.enumerated() where positions[name] == nil { positions[name] = index }
        self.positions = positions
    }

    public func position(of name: String) -> Int? { positions[name] }
}

/// A column of a row: its position, or its name.
public protocol SQLColumn {
    func position(in row: SQLRow) -> Int
}

extension Int: SQLColumn {
    public func position(in row: SQLRow) -> Int { self }
}

extension String: SQLColumn {
    /// A name the statement did not select is a mistake in the store's own SQL.
    public func position(in row: SQLRow) -> Int {
        guard let position = row.columns?.position(of: self) else {
            preconditionFailure("no column \(self) in \(row.columns?.names ?? [])")
        }
        return position
    }
}

/// One row of a result, by column position or name.
public struct SQLRow: Sendable {
    public let values: [SQLValue]
    public let columns: SQLColumns?

    public init(_ values: [SQLValue], columns: SQLColumns? = nil) {
        self.values = values
        self.columns = columns
    }

    public subscript(_ column: some SQLColumn) -> SQLValue { values[column.position(in: self)] }

    /// A NOT NULL column's value (0 or "" if it is NULL after all).
    public func int64(_ column: some SQLColumn) -> Int64 { self[column].int64 ?? 0 }
    public func int(_ column: some SQLColumn) -> Int { Int(self[column].int64 ?? 0) }
    public func string(_ column: some SQLColumn) -> String { self[column].string ?? "" }
    public func bool(_ column: some SQLColumn) -> Bool { self[column].bool ?? false }

    /// A nullable column's value.
    public func optionalInt64(_ column: some SQLColumn) -> Int64? {
        let value = self[column]
        return value == .null ? nil : value.int64
    }
    public func optionalInt(_ column: some SQLColumn) -> Int? { optionalInt64(column).map { Int($0) } }
    public func optionalString(_ column: some SQLColumn) -> String? {
        let value = self[column]
        return value == .null ? nil : value.string
    }

    public func data(_ column: some SQLColumn) -> Data {
        if case .blob(let bytes) = self[column] { return Data(bytes) }
        return Data()
    }
}

extension SQLRow: Equatable {
    public static func == (a: SQLRow, b: SQLRow) -> Bool { a.values == b.values }
}
