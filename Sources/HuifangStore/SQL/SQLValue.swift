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

/// One row of a result, by column position.
public struct SQLRow: Sendable, Equatable {
    public let values: [SQLValue]

    public init(_ values: [SQLValue]) { self.values = values }

    public subscript(_ index: Int) -> SQLValue { values[index] }

    /// A NOT NULL column's value (0 or "" if it is NULL after all).
    public func int64(_ index: Int) -> Int64 { values[index].int64 ?? 0 }
    public func string(_ index: Int) -> String { values[index].string ?? "" }

    /// A nullable column's value.
    public func optionalInt64(_ index: Int) -> Int64? { values[index] == .null ? nil : values[index].int64 }
    public func optionalString(_ index: Int) -> String? { values[index] == .null ? nil : values[index].string }

    public func data(_ index: Int) -> Data {
        if case .blob(let bytes) = values[index] { return Data(bytes) }
        return Data()
    }
}
