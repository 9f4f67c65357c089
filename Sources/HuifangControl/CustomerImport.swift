import Foundation

/// Importing customers from CSV (R-OPS-4): which column holds which field, and one row
/// turned into the arguments of `customer.add`. Shared by huifangctl (which reads the
/// file) and tests; the daemon validates the fields as it does for `customer.add`.
public struct CustomerImportMapping: Sendable, Equatable {
    /// Field → the header names that mean it (compared trimmed and case-insensitively).
    public static let aliases: [(field: String, names: [String])] = [
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
    ]

    public static var fields: [String] { aliases.map(\.field) }

    /// Column index → field; nil for a column that is ignored.
    public var columns: [String?]

    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Maps a header row. `overrides` maps a header name to a field, or to "-" to ignore
    /// the column (`--map 'Kundennummer=-'`). An unknown column, a field named twice, or no
    /// name column is an error that says how to fix it.
    public init(header: [String], overrides: [String: String] = [:]) throws(Failure) {
        let normalizedOverrides = Dictionary(overrides.map { (Self.normalize($0.key), $0.value) }, uniquingKeysWith: { _, last in last })
        var columns: [String?] = []
        var seen: [String: String] = [:]
        for name in header {
            let key = Self.normalize(name)
            let field: String?
            if let target = normalizedOverrides[key] {
                guard target == "-" || Self.fields.contains(target) else {
                    throw Failure(message: "--map \(name)=\(target): '\(target)' is not a field (fields: \(Self.fields.joined(separator: ", ")), or - to ignore)")
                }
                field = target == "-" ? nil : target
            } else if let known = Self.aliases.first(where: { $0.names.contains(key) }) {
                field = known.field
            } else {
                throw Failure(message: "column '\(name)' is not a customer field (fields: \(Self.fields.joined(separator: ", "))); use --map '\(name)=FIELD' or --map '\(name)=-' to ignore it")
            }
            if let field {
                if let earlier = seen[field] {
                    throw Failure(message: "columns '\(earlier)' and '\(name)' both map to \(field)")
                }
                seen[field] = name
            }
            columns.append(field)
        }
        guard seen["name"] != nil else {
            throw Failure(message: "no name column (姓名); the header must name one")
        }
        self.columns = columns
    }

    private static func normalize(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// One data row as `customer.add` arguments; a row-level problem names its field.
    public func arguments(for record: CSVReader.Record) throws(ImportRowError) -> CustomerAddArgs {
        guard record.fields.count == columns.count else {
            throw ImportRowError(line: record.line, field: nil,
                                 message: "has \(record.fields.count) fields; the header has \(columns.count)")
        }
        var args = CustomerAddArgs(name: "")
        for (field, raw) in zip(columns, record.fields) {
            guard let field else { continue }
            let value = raw.trimmingCharacters(in: .whitespaces)
            if value.isEmpty { continue }
            switch field {
            case "name": args.name = value
            case "phone": args.phone = value
            case "email": args.email = value
            case "wechat_id": args.wechatId = value
            case "birthday": args.birthday = value
            case "lunar_birthday":
                switch value.lowercased() {
                case "1", "true", "yes", "y", "是", "农历", "農曆": args.lunarBirthday = true
                case "0", "false", "no", "n", "否", "公历", "阳历": args.lunarBirthday = false
                default: throw ImportRowError(line: record.line, field: field, message: "must be yes or no (是/否), not '\(value.prefix(40))'")
                }
            case "gender":
                switch value.lowercased() {
                case "女", "f": args.gender = "female"
                case "男", "m": args.gender = "male"
                default: args.gender = value.lowercased()
                }
            case "tz": args.tz = value
            case "locale": args.locale = value
            case "tags":
                let tags = value.split(whereSeparator: { ";|、，".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                args.tags = tags
            case "notes": args.notes = value
            default: break
            }
        }
        return args
    }
}

/// A row that cannot be imported, with its line in the file.
public struct ImportRowError: Error, Codable, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var field: String?
    public var message: String

    public init(line: Int, field: String?, message: String) {
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String { "line \(line): \(field.map { "\($0): " } ?? "")\(message)" }
}

/// One row sent to `import.customers`.
public struct ImportedCustomer: Codable, Sendable, Equatable {
    public var line: Int
    public var customer: CustomerAddArgs

    public init(line: Int, customer: CustomerAddArgs) {
        self.line = line
        self.customer = customer
    }
}

public struct ImportCustomersArgs: Codable, Sendable, Equatable {
    public var rows: [ImportedCustomer]
    /// Check only; write nothing.
    public var dryRun: Bool
    /// Write the valid rows of this batch even if others are invalid.
    public var skipInvalid: Bool

    enum CodingKeys: String, CodingKey {
        case rows
        case dryRun = "dry_run"
        case skipInvalid = "skip_invalid"
    }

    public init(rows: [ImportedCustomer], dryRun: Bool, skipInvalid: Bool) {
        self.rows = rows
        self.dryRun = dryRun
        self.skipInvalid = skipInvalid
    }
}

/// A row whose phone belongs to a customer already: skipped, so an import can run again.
public struct ImportDuplicate: Codable, Sendable, Equatable {
    public var line: Int
    public var existing: Int64

    public init(line: Int, existing: Int64) {
        self.line = line
        self.existing = existing
    }
}

public struct ImportCustomersResult: Codable, Sendable, Equatable {
    public var checked: Int
    /// How many were written (0 on a dry run or when the batch was refused).
    public var imported: Int
    public var errors: [ImportRowError]
    public var duplicates: [ImportDuplicate]

    public init(checked: Int, imported: Int, errors: [ImportRowError], duplicates: [ImportDuplicate]) {
        self.checked = checked
        self.imported = imported
        self.errors = errors
        self.duplicates = duplicates
    }
}

/// A customers CSV file made ready to send: rows as `customer.add` arguments, and the rows
/// that are wrong already in the file (field count, yes/no values, a phone repeated).
public struct CustomerImportFile: Sendable {
    public struct Failure: Error, Equatable, CustomStringConvertible {
        /// The line the problem is on; nil when it concerns the whole file.
        public var line: Int?
        public var message: String
        public var description: String { line.map { "line \($0): \(message)" } ?? message }
    }

    public var rows: [ImportedCustomer]
    public var errors: [ImportRowError]

    /// Reads `data`; a file that cannot be read as CSV, or whose header does not map, fails.
    public init(_ data: Data, overrides: [String: String] = [:]) throws(Failure) {
        let records: [CSVReader.Record]
        do {
            records = try CSVReader.records(data)
        } catch {
            throw Failure(line: error.line, message: error.message)
        }
        guard let header = records.first else { throw Failure(line: nil, message: "the file is empty") }
        let mapping: CustomerImportMapping
        do {
            mapping = try CustomerImportMapping(header: header.fields, overrides: overrides)
        } catch {
            throw Failure(line: header.line, message: error.message)
        }
        var rows: [ImportedCustomer] = []
        var errors: [ImportRowError] = []
        var phoneLines: [String: Int] = [:]
        rows.reserveCapacity(records.count - 1)
        for record in records.dropFirst() {
            do throws(ImportRowError) {
                let args = try mapping.arguments(for: record)
                if let phone = args.phone {
                    let key = phone.filter { $0 != " " && $0 != "-" }
                    if let first = phoneLines[key] {
                        throw ImportRowError(line: record.line, field: "phone", message: "repeats the phone of line \(first)")
                    }
                    phoneLines[key] = record.line
                }
                rows.append(ImportedCustomer(line: record.line, customer: args))
            } catch {
                errors.append(error)
            }
        }
        self.rows = rows
        self.errors = errors
    }

    /// Splits rows into batches whose request stays under `maxBytes` (the daemon's line
    /// limit is 64 KiB by default) and `maxRows`.
    public static func batches(_ rows: [ImportedCustomer], maxBytes: Int = 48 * 1024, maxRows: Int = 2000) -> [[ImportedCustomer]] {
        var batches: [[ImportedCustomer]] = []
        var current: [ImportedCustomer] = []
        var size = 0
        for row in rows {
            let rowSize = ((try? ControlCoding.encode(row))?.count ?? 0) + 1
            if !current.isEmpty && (size + rowSize > maxBytes || current.count >= maxRows) {
                batches.append(current)
                current = []
                size = 0
            }
            current.append(row)
            size += rowSize
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }
}
