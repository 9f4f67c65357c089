/// A parsed TOML document that remembers where every key and value was written, so that
/// configuration errors can name the line and column (DESIGN rule 12).
public struct TOMLPosition: Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}

public indirect enum TOMLValue {
    case string(String)
    case integer(Int64)
    case float(Double)
    case bool(Bool)
    /// A date, time or date-time, kept as written (validated for shape).
    case datetime(String)
    case array([TOMLNode])
    case table(TOMLTable)

    public var typeName: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .float: "a float"
        case .bool: "a boolean"
        case .datetime: "a date-time"
        case .array: "an array"
        case .table: "a table"
        }
    }
}

/// A value with the position of its key (or, in arrays, of itself) and of the value.
public struct TOMLNode {
    public var value: TOMLValue
    public var keyPosition: TOMLPosition
    public var valuePosition: TOMLPosition
}

/// A table: keys in the order written, each with its node.
public final class TOMLTable {
    public private(set) var keys: [String] = []
    private var entries: [String: TOMLNode] = [:]
    /// Where the table was opened (its `[header]`, or its first key for implicit tables).
    public let position: TOMLPosition
    /// Opened by its own `[header]` (not only implied by `[a.b]` or dotted keys).
    var explicitlyDefined = false
    /// Inline tables and arrays' tables are closed for later additions.
    var sealed = false
    /// Tables created by dotted keys may not be reopened by a `[header]`.
    var definedByDottedKey = false

    init(position: TOMLPosition) { self.position = position }

    public subscript(key: String) -> TOMLNode? { entries[key] }

    func set(_ key: String, _ node: TOMLNode) {
        if entries[key] == nil { keys.append(key) }
        entries[key] = node
    }
}

public struct TOMLError: Error, Equatable, CustomStringConvertible {
    public var position: TOMLPosition
    public var message: String

    public var description: String { "\(position): \(message)" }
}
