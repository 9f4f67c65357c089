import Foundation
import HuifangCore

/// What one kind of import file holds: its fields, the header names that mean each
/// (compared trimmed and case-insensitively), and the fields a header must name.
public struct ImportSchema: Sendable {
    public var kind: String
    public var aliases: [(field: String, names: [String])]
    /// Each entry: the header must name at least one of these fields.
    public var required: [[String]]

    public var fields: [String] { aliases.map(\.field) }

    public static let customers = ImportSchema(kind: "customer", aliases: [
        ("name", ["name", "姓名", "客户姓名", "名字", "客戶姓名"]),
        ("phone", ["phone", "mobile", "手机", "手机号", "手机号码", "电话", "手機", "電話"]),
        ("email", ["email", "e-mail", "邮箱", "电子邮件", "電子郵件"]),
        ("wechat_id", ["wechat_id", "wechat", "微信", "微信号"]),
        ("birthday", ["birthday", "生日", "出生日期"]),
        ("lunar_birthday", ["lunar_birthday", "lunar", "农历", "农历生日", "農曆"]),
        ("gender", ["gender", "性别", "性別"]),
        ("tz", ["tz", "time_zone", "timezone", "时区"]),
        ("locale", ["locale", "language", "语言", "語言"]),
        ("tags", ["tags", "标签", "標籤"]),
        ("notes", ["notes", "备注", "備註"]),
    ], required: [["name"]])

    /// The customer is named by id or by phone (a customer imported before).
    public static let visits = ImportSchema(kind: "visit", aliases: [
        ("customer", ["customer", "customer_id", "客户编号", "客户id"]),
        ("phone", ["phone", "mobile", "手机", "手机号", "电话"]),
        ("service", ["service", "项目", "服务", "服务项目"]),
        ("staff", ["staff", "员工", "医生", "技师", "负责人"]),
        ("at", ["at", "time", "date", "ended_at", "时间", "日期", "就诊时间"]),
        ("amount", ["amount", "金额", "消费金额"]),
    ], required: [["customer", "phone"], ["service"], ["staff"], ["at"]])

    public static let appointments = ImportSchema(kind: "appointment", aliases: [
        ("customer", ["customer", "customer_id", "客户编号", "客户id"]),
        ("phone", ["phone", "mobile", "手机", "手机号", "电话"]),
        ("service", ["service", "项目", "服务", "服务项目"]),
        ("staff", ["staff", "员工", "医生", "技师", "负责人"]),
        ("start", ["start", "time", "预约时间", "开始时间"]),
        ("duration", ["duration", "时长", "分钟"]),
        ("place", ["place", "门店", "地点"]),
    ], required: [["customer", "phone"], ["service"], ["staff"], ["start"]])

    static func normalize(_ name: String) -> String { name.trimmingCharacters(in: .whitespaces).lowercased() }

    /// Whether a header name means one of the schema's fields.
    public func knows(_ header: String) -> Bool {
        let key = Self.normalize(header)
        return aliases.contains { $0.names.contains(key) }
    }
}

/// Which column of a CSV header holds which field of a schema.
public struct CSVColumnMapping: Sendable, Equatable {
    /// Column index → field; nil for an ignored column.
    public var columns: [String?]

    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var message: String
        /// The same in Chinese, for the web console.
        public var chinese: String?
        public var description: String { message }
    }

    /// `overrides` maps a header name to a field, or to "-" to ignore the column
    /// (`--map '会员号=-'`). An unknown column, a field named twice, or a required field
    /// missing is an error that says how to fix it.
    public init(header: [String], schema: ImportSchema, overrides: [String: String] = [:]) throws(Failure) {
        let normalizedOverrides = Dictionary(overrides.map { (ImportSchema.normalize($0.key), $0.value) }, uniquingKeysWith: { _, last in last })
        var columns: [String?] = []
        var seen: [String: String] = [:]
        for name in header {
            let key = ImportSchema.normalize(name)
            let field: String?
            if let target = normalizedOverrides[key] {
                guard target == "-" || schema.fields.contains(target) else {
                    throw Failure(message: "--map \(name)=\(target): '\(target)' is not a field (fields: \(schema.fields.joined(separator: ", ")), or - to ignore)")
                }
                field = target == "-" ? nil : target
            } else if let known = schema.aliases.first(where: { $0.names.contains(key) }) {
                field = known.field
            } else {
                throw Failure(message: "column '\(name)' is not a \(schema.kind) field (fields: \(schema.fields.joined(separator: ", "))); use --map '\(name)=FIELD' or --map '\(name)=-' to ignore it")
            }
            if let field {
                if let earlier = seen[field] {
                    throw Failure(message: "columns '\(earlier)' and '\(name)' both map to \(field)",
                                  chinese: "「\(earlier)」和「\(name)」两栏是同一项，请删去一栏。")
                }
                seen[field] = name
            }
            columns.append(field)
        }
        for fields in schema.required where !fields.contains(where: { seen[$0] != nil }) {
            let names = fields.map { field in
                let alias = schema.aliases.first { $0.field == field }?.names.first { $0.unicodeScalars.contains { $0.value > 0x2E80 } }
                return alias.map { "\(field) (\($0))" } ?? field
            }
            throw Failure(message: "no \(names.joined(separator: " or ")) column; the header must name one",
                          chinese: "表头里没有「\(fields.map { field in schema.aliases.first { $0.field == field }?.names.first { $0.unicodeScalars.contains { $0.value > 0x2E80 } } ?? field }.joined(separator: "」或「"))」一栏。")
        }
        self.columns = columns
    }

    /// The row's non-empty values by field, trimmed.
    public func values(for record: CSVReader.Record) throws(ImportRowError) -> [String: String] {
        guard record.fields.count == columns.count else {
            throw ImportRowError(line: record.line, field: nil, message: "has \(record.fields.count) fields; the header has \(columns.count)",
                                 chinese: "这一行有 \(record.fields.count) 栏，表头有 \(columns.count) 栏。")
        }
        var values: [String: String] = [:]
        for (field, raw) in zip(columns, record.fields) {
            guard let field else { continue }
            let value = raw.trimmingBlanks()
            if !value.isEmpty { values[field] = value }
        }
        return values
    }
}

/// A row that cannot be imported, with its line in the file.
public struct ImportRowError: Error, Codable, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var field: String?
    public var message: String
    /// The same in Chinese, for the web console (nil: said from the field's label).
    public var chinese: String?

    public init(line: Int, field: String?, message: String, chinese: String? = nil) {
        self.line = line
        self.field = field
        self.message = message
        self.chinese = chinese
    }

    public var description: String { "line \(line): \(field.map { "\($0): " } ?? "")\(message)" }
}

/// One row as sent to an `import.*` command, with its line in the file.
public struct ImportLine<Row: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    public var line: Int
    public var row: Row

    public init(line: Int, row: Row) {
        self.line = line
        self.row = row
    }
}

public struct ImportBatchArgs<Row: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    public var rows: [ImportLine<Row>]
    /// Check only; write nothing.
    public var dryRun: Bool
    /// Write the valid rows of this batch even if others are invalid.
    public var skipInvalid: Bool

    public init(rows: [ImportLine<Row>], dryRun: Bool, skipInvalid: Bool) {
        self.rows = rows
        self.dryRun = dryRun
        self.skipInvalid = skipInvalid
    }
}

/// A CSV file read for import a row at a time: the file is parsed and its header mapped
/// when this is made, and each row is converted (and held against the rows before it) when
/// asked for, so that an import's first batches can be on their way while the rest is read.
public struct ImportReading<Row: Codable & Sendable & Equatable> {
    private let records: [CSVReader.Record]
    private let mapping: CSVColumnMapping
    private let convert: ([String: String], Int) throws(ImportRowError) -> Row
    private let uniqueKey: ((Row) -> (field: String, key: String)?)?
    private var position = 1
    private var firstLines: [String: Int] = [:]

    /// See `ImportFile.init`.
    public init(_ data: Data, schema: ImportSchema, overrides: [String: String] = [:],
                convert: @escaping ([String: String], Int) throws(ImportRowError) -> Row,
                uniqueKey: ((Row) -> (field: String, key: String)?)? = nil) throws(ImportFile<Row>.Failure) {
        do {
            records = try CSVReader.records(data)
        } catch {
            throw ImportFile<Row>.Failure(line: error.line, message: error.message, chinese: error.chinese)
        }
        guard let header = records.first else { throw ImportFile<Row>.Failure(line: nil, message: "the file is empty", chinese: "文件是空的。") }
        do {
            mapping = try CSVColumnMapping(header: header.fields, schema: schema, overrides: overrides)
        } catch {
            throw ImportFile<Row>.Failure(line: header.line, message: error.message, chinese: error.chinese)
        }
        self.convert = convert
        self.uniqueKey = uniqueKey
    }

    /// How many rows the file has under its header.
    public var count: Int { records.count - 1 }

    /// The next row, or why it cannot be imported; nil after the last.
    public mutating func next() -> Result<ImportLine<Row>, ImportRowError>? {
        guard position < records.count else { return nil }
        let record = records[position]
        position += 1
        do throws(ImportRowError) {
            let values = try mapping.values(for: record)
            try ImportFile<Row>.checkSize(values, line: record.line)
            let row = try convert(values, record.line)
            if let (field, key) = uniqueKey?(row) {
                if let first = firstLines[key] {
                    throw ImportRowError(line: record.line, field: field, message: "repeats the \(field) of line \(first)",
                                         chinese: "与第 \(first) 行重复。")
                }
                firstLines[key] = record.line
            }
            return .success(ImportLine(line: record.line, row: row))
        } catch {
            return .failure(error)
        }
    }
}

/// One row of an import, encoded (`ImportFile.encoded`), with its line in the file.
public struct EncodedImportLine: Sendable, Equatable {
    public var line: Int
    public var json: Data

    /// Splits encoded rows into batches whose request stays under `maxBytes` (the daemon's
    /// line limit is 64 KiB by default) and `maxRows`.
    public static func batches(_ rows: [EncodedImportLine], maxBytes: Int = ImportBatcher.maxBytes,
                               maxRows: Int = ImportBatcher.maxRows) -> [[EncodedImportLine]] {
        var batcher = ImportBatcher(maxBytes: maxBytes, maxRows: maxRows)
        var batches = rows.compactMap { batcher.add($0) }
        if let last = batcher.finish() { batches.append(last) }
        return batches
    }
}

/// Gathers encoded rows into batches as they come (see `EncodedImportLine.batches`).
public struct ImportBatcher {
    public static let maxBytes = 48 * 1024
    public static let maxRows = 2000
    private let maxBytes: Int
    private let maxRows: Int
    private var current: [EncodedImportLine] = []
    private var size = 0

    public init(maxBytes: Int = Self.maxBytes, maxRows: Int = Self.maxRows) {
        self.maxBytes = maxBytes
        self.maxRows = maxRows
    }

    /// Adds a row; answers the batch it closes when it does not fit the one being gathered.
    public mutating func add(_ row: EncodedImportLine) -> [EncodedImportLine]? {
        let rowSize = row.json.count + 1
        var closed: [EncodedImportLine]?
        if !current.isEmpty && (size + rowSize > maxBytes || current.count >= maxRows) {
            closed = current
            current = []
            size = 0
        }
        current.append(row)
        size += rowSize
        return closed
    }

    /// The last batch, if any rows are left.
    public mutating func finish() -> [EncodedImportLine]? {
        defer { current = [] }
        return current.isEmpty ? nil : current
    }
}

extension ImportBatchArgs {
    /// The arguments as JSON from rows encoded once: the same bytes the typed encoding gives
    /// (keys sorted, snake case), with each row spliced in instead of encoded again.
    public static func json(rows: [EncodedImportLine], dryRun: Bool, skipInvalid: Bool) -> Data {
        var out = Data(#"{"dry_run":\#(dryRun),"rows":["#.utf8)
        out.reserveCapacity(rows.reduce(64) { $0 + $1.json.count + 1 })
        for (index, row) in rows.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(row.json)
        }
        out.append(contentsOf: #"],"skip_invalid":\#(skipInvalid)}"#.utf8)
        return out
    }
}

/// A customer row whose phone belongs to a customer already: skipped, so an import can run again.
public struct ImportDuplicate: Codable, Sendable, Equatable {
    public var line: Int
    public var existing: Int64

    public init(line: Int, existing: Int64) {
        self.line = line
        self.existing = existing
    }
}

public struct ImportResult: Codable, Sendable, Equatable {
    public var checked: Int
    /// How many were written (0 on a dry run or when the batch was refused).
    public var imported: Int
    public var errors: [ImportRowError]
    public var duplicates: [ImportDuplicate]

    public init(checked: Int, imported: Int, errors: [ImportRowError], duplicates: [ImportDuplicate] = []) {
        self.checked = checked
        self.imported = imported
        self.errors = errors
        self.duplicates = duplicates
    }
}

/// A CSV file made ready to send: rows converted for their command, and the rows that are
/// wrong already in the file (field count, a yes/no value, a phone repeated, …).
public struct ImportFile<Row: Codable & Sendable & Equatable>: Sendable {
    public struct Failure: Error, Equatable, CustomStringConvertible {
        /// The line the problem is on; nil when it concerns the whole file.
        public var line: Int?
        public var message: String
        /// The same in Chinese, for the web console.
        public var chinese: String?
        public var description: String { line.map { "line \($0): \(message)" } ?? message }
    }

    public var rows: [ImportLine<Row>]
    public var errors: [ImportRowError]

    /// Reads `data`; a file that cannot be read as CSV, or whose header does not map, fails.
    /// `convert` turns one row's values into the command's row; `uniqueKey`, when given,
    /// names what may appear only once in the file.
    public init(_ data: Data, schema: ImportSchema, overrides: [String: String] = [:],
                convert: @escaping ([String: String], Int) throws(ImportRowError) -> Row,
                uniqueKey: ((Row) -> (field: String, key: String)?)? = nil) throws(Failure) {
        var reading = try ImportReading(data, schema: schema, overrides: overrides, convert: convert, uniqueKey: uniqueKey)
        var rows: [ImportLine<Row>] = []
        var errors: [ImportRowError] = []
        rows.reserveCapacity(reading.count)
        while let next = reading.next() {
            switch next {
            case .success(let row): rows.append(row)
            case .failure(let error): errors.append(error)
            }
        }
        self.rows = rows
        self.errors = errors
    }

    /// A field, and a whole row, must fit a request line with room to spare (the daemon's
    /// limit is 64 KiB by default): a 2 MB field is refused here, naming its line and field.
    public static var maxFieldBytes: Int { 16 * 1024 }
    public static var maxRowBytes: Int { 40 * 1024 }

    static func checkSize(_ values: [String: String], line: Int) throws(ImportRowError) {
        let total = values.values.reduce(0) { $0 + $1.utf8.count }
        guard total > maxFieldBytes else { return }
        // Named in a stable order when several fields are too long.
        if let (field, value) = values.sorted(by: { $0.key < $1.key }).first(where: { $0.value.utf8.count > maxFieldBytes }) {
            throw ImportRowError(line: line, field: field, message: "is \(kb(value.utf8.count)) long; a field may be at most \(kb(maxFieldBytes))",
                                 chinese: "太长（\(kb(value.utf8.count))），一栏最多 \(kb(maxFieldBytes))。")
        }
        if total > maxRowBytes {
            throw ImportRowError(line: line, field: nil, message: "the row is \(kb(total)) long; a row may be at most \(kb(maxRowBytes))",
                                 chinese: "这一行太长（\(kb(total))），一行最多 \(kb(maxRowBytes))。")
        }
    }

    private static func kb(_ bytes: Int) -> String { bytes >= 1 << 20 ? String(format: "%.1f MB", Double(bytes) / 1_048_576) : "\((bytes + 1023) / 1024) KB" }

    /// Each row as the request carries it, encoded once: an import sends every row twice
    /// (check, then write) and sizes its batches by these bytes.
    public static func encoded(_ rows: [ImportLine<Row>]) -> [EncodedImportLine] {
        if ImportLine<Row>.self is any JSONBytesEncodable.Type {
            var out: [UInt8] = []
            return rows.map { row in
                out.removeAll(keepingCapacity: true)
                (row as! any JSONBytesEncodable).appendJSON(to: &out)
                return EncodedImportLine(line: row.line, json: Data(out))
            }
        }
        let encoder = ControlCoding.encoder()
        return rows.map { EncodedImportLine(line: $0.line, json: (try? encoder.encode($0)) ?? Data("{}".utf8)) }
    }
}
