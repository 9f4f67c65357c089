import Foundation

/// Reads CSV (RFC 4180) as operators export it from spreadsheets: UTF-8 with or without a
/// byte-order mark, comma separated, fields optionally in double quotes (a quoted field may
/// hold commas, newlines and doubled quotes), lines ending in LF or CRLF. Each record
/// carries the line it starts on, so errors can name it (R-OPS-4).
public struct CSVReader {
    public struct Record: Equatable, Sendable {
        /// 1-based line of the file where the record starts.
        public var line: Int
        public var fields: [String]

        public init(line: Int, fields: [String]) {
            self.line = line
            self.fields = fields
        }
    }

    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String
        /// The same in Chinese, for the web console.
        public var chinese: String?
        public var description: String { "line \(line): \(message)" }

        public init(line: Int, message: String, chinese: String? = nil) {
            self.line = line
            self.message = message
            self.chinese = chinese
        }
    }

    /// All records of `data`; blank lines are skipped. Fails at the first structural error
    /// (a quote that never closes, text after a closing quote, bytes that are not UTF-8).
    public static func records(_ data: Data) throws(Failure) -> [Record] {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var index = 0
        var quoted = false        // inside a quoted field
        var wasQuoted = false     // the current field was quoted (and closed)

        func text(_ bytes: [UInt8], line: Int) throws(Failure) -> String {
            guard let value = String(validating: bytes, as: UTF8.self) else {
                throw Failure(line: line, message: "the text is not UTF-8 (save the file as UTF-8 CSV)",
                              chinese: "文字不是 UTF-8 编码：请在表格软件里另存为「CSV UTF-8」。")
            }
            return value
        }

        func endRecord() throws(Failure) {
            fields.append(try text(field, line: line))
            field.removeAll(keepingCapacity: true)
            if !(fields.count == 1 && fields[0].isEmpty && !wasQuoted) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields.removeAll(keepingCapacity: true)
            wasQuoted = false
        }

        while index < bytes.count {
            let byte = bytes[index]
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 2
                        continue
                    }
                    quoted = false
                    wasQuoted = true
                } else {
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                }
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: ","):
                fields.append(try text(field, line: line))
                field.removeAll(keepingCapacity: true)
                wasQuoted = false
            case 0x0D where index + 1 < bytes.count && bytes[index + 1] == 0x0A:
                break   // the LF ends the record
            case 0x0A:
                try endRecord()
                line += 1
                recordLine = line
            case UInt8(ascii: "\""):
                guard field.isEmpty, !wasQuoted else {
                    throw Failure(line: line, message: "a quote inside an unquoted field (put the whole field in quotes and double the quote)",
                                  chinese: "一栏中间有引号：请把整栏放在引号里，并把其中的引号写两次。")
                }
                quoted = true
            default:
                if wasQuoted {
                    throw Failure(line: line, message: "text after the closing quote of a field", chinese: "一栏的引号结束后还有文字。")
                }
                field.append(byte)
            }
            index += 1
        }
        if quoted { throw Failure(line: recordLine, message: "a quoted field is never closed", chinese: "有一栏的引号没有结束。") }
        if !field.isEmpty || !fields.isEmpty || wasQuoted { try endRecord() }
        return records
    }
}
