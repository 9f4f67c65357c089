/// Reads typed values out of one TOML table and remembers which keys it used, so that any
/// key left over is reported as unknown with its position.
struct ConfigReader {
    let table: TOMLTable
    /// The table's name for messages, e.g. `[channels.sms]`.
    let name: String
    let file: String
    private var used: Set<String> = []

    init(table: TOMLTable, name: String, file: String) {
        self.table = table
        self.name = name
        self.file = file
    }

    func error(_ message: String, at position: TOMLPosition?) -> ConfigError {
        ConfigError(file: file, position: position, message: message)
    }

    private mutating func node(_ key: String) -> TOMLNode? {
        used.insert(key)
        return table[key]
    }

    private func wrongType(_ key: String, _ node: TOMLNode, expected: String) -> ConfigError {
        error("\(name) \(key) must be \(expected), not \(node.value.typeName)", at: node.valuePosition)
    }

    mutating func string(_ key: String, default value: String? = nil) throws(ConfigError) -> String {
        guard let node = node(key) else {
            if let value { return value }
            throw error("\(name) needs the key '\(key)'", at: table.position)
        }
        guard case .string(let text) = node.value else { throw wrongType(key, node, expected: "a string") }
        return text
    }

    mutating func optionalString(_ key: String) throws(ConfigError) -> (String, TOMLPosition)? {
        guard let node = node(key) else { return nil }
        guard case .string(let text) = node.value else { throw wrongType(key, node, expected: "a string") }
        return (text, node.valuePosition)
    }

    mutating func int(_ key: String, default value: Int, range: ClosedRange<Int>) throws(ConfigError) -> Int {
        guard let node = node(key) else { return value }
        guard case .integer(let number) = node.value else { throw wrongType(key, node, expected: "an integer") }
        guard range.contains(Int(number)) else {
            throw error("\(name) \(key) must lie between \(range.lowerBound) and \(range.upperBound), not \(number)",
                        at: node.valuePosition)
        }
        return Int(number)
    }

    /// A positive number (integer or float); nil when absent.
    mutating func positiveNumber(_ key: String) throws(ConfigError) -> Double? {
        guard let node = node(key) else { return nil }
        let value: Double
        switch node.value {
        case .integer(let number): value = Double(number)
        case .float(let number): value = number
        default: throw wrongType(key, node, expected: "a number")
        }
        guard value > 0, value.isFinite else {
            throw error("\(name) \(key) must be a positive number, not \(value)", at: node.valuePosition)
        }
        return value
    }

    /// An array of strings; nil when absent.
    mutating func stringArray(_ key: String) throws(ConfigError) -> [(String, TOMLPosition)]? {
        guard let node = node(key) else { return nil }
        guard case .array(let items) = node.value else { throw wrongType(key, node, expected: "an array of strings") }
        var strings: [(String, TOMLPosition)] = []
        for item in items {
            guard case .string(let text) = item.value else {
                throw error("\(name) \(key) must hold only strings, not \(item.value.typeName)", at: item.valuePosition)
            }
            strings.append((text, item.valuePosition))
        }
        return strings
    }

    /// An array's items as they are; nil when absent.
    mutating func array(_ key: String) throws(ConfigError) -> [TOMLNode]? {
        guard let node = node(key) else { return nil }
        guard case .array(let items) = node.value else { throw wrongType(key, node, expected: "an array") }
        return items
    }

    /// The position of a key's value, for checks made after reading it.
    func position(of key: String) -> TOMLPosition? { table[key]?.valuePosition }

    /// A sub-table; nil when absent.
    mutating func table(_ key: String) throws(ConfigError) -> ConfigReader? {
        guard let node = node(key) else { return nil }
        guard case .table(let child) = node.value else { throw wrongType(key, node, expected: "a table") }
        let childName = name == "" ? "[\(key)]" : "[\(name.dropFirst().dropLast()).\(key)]"
        return ConfigReader(table: child, name: childName, file: file)
    }

    /// An array of tables (`[[key]]`); empty when absent.
    mutating func tables(_ key: String) throws(ConfigError) -> [ConfigReader] {
        guard let node = node(key) else { return [] }
        guard case .array(let items) = node.value else { throw wrongType(key, node, expected: "an array of tables") }
        var readers: [ConfigReader] = []
        for (index, item) in items.enumerated() {
            guard case .table(let table) = item.value else {
                throw error("\(key) must hold tables, not \(item.value.typeName)", at: item.valuePosition)
            }
            readers.append(ConfigReader(table: table, name: "[[\(key)]] #\(index + 1)", file: file))
        }
        return readers
    }

    /// A boolean with a default.
    mutating func bool(_ key: String, default value: Bool) throws(ConfigError) -> Bool {
        guard let node = node(key) else { return value }
        guard case .bool(let flag) = node.value else { throw wrongType(key, node, expected: "true or false") }
        return flag
    }

    /// Fails on the first key that was never read.
    func rejectUnknownKeys(allowed hint: [String]) throws(ConfigError) {
        for key in table.keys where !used.contains(key) {
            let node = table[key]!
            let place = name.isEmpty ? "at the top level" : "in \(name)"
            let known = hint.isEmpty ? "" : " (known keys: \(hint.joined(separator: ", ")))"
            throw error("unknown key '\(key)' \(place)\(known)", at: node.keyPosition)
        }
    }
}
