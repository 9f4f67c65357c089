import Foundation
import HuifangCore

/// One request line: `{"id":1,"cmd":"task.list","args":{…}}`.
public struct ControlRequest: Codable, Sendable {
    public var id: JSONValue?
    public var cmd: String
    public var args: JSONValue?

    public init(id: Int, cmd: String, args: JSONValue?) {
        self.id = .number(Double(id))
        self.cmd = cmd
        self.args = args
    }
}

/// The error object of a failed response.
public struct ControlErrorBody: Codable, Sendable, Equatable {
    public var code: String
    public var message: String
    public var field: String?

    public init(_ error: HuifangError) {
        code = error.code.rawValue
        message = error.message
        field = error.field
    }

    public var huifangError: HuifangError {
        HuifangError(HuifangError.Code(rawValue: code) ?? .internal, message, field: field)
    }
}

/// One response line: `{"id":1,"ok":true,"result":…}` or `{"id":1,"ok":false,"error":{…}}`.
public struct ControlResponse: Codable, Sendable {
    public var id: JSONValue?
    public var ok: Bool
    public var result: JSONValue?
    public var error: ControlErrorBody?

    public static func success(id: JSONValue?, result: JSONValue) -> ControlResponse {
        ControlResponse(id: id, ok: true, result: result, error: nil)
    }

    public static func failure(id: JSONValue?, _ error: HuifangError) -> ControlResponse {
        ControlResponse(id: id, ok: false, result: nil, error: ControlErrorBody(error))
    }

    /// The response as one line of JSON, newline included.
    public func line() -> Data {
        var data = (try? ControlCoding.encode(self)) ?? Data(#"{"ok":false,"error":{"code":"internal","message":"encoding failed"}}"#.utf8)
        data.append(0x0A)
        return data
    }
}

/// Limits that both ends apply to a line.
public enum ControlLimits {
    /// The default largest request line, in bytes; `[control] max_line_bytes` changes it.
    public static let defaultMaxLineBytes = 64 * 1024
    /// The largest response line a client accepts (lists can be long).
    public static let maxResponseBytes = 64 * 1024 * 1024
    /// The deepest nesting of arrays and objects a request may have. No command needs more
    /// than three; Foundation's decoder takes time growing with the square of the depth,
    /// so a line of 500 brackets would otherwise cost the daemon a second of CPU.
    public static let maxRequestDepth = 32

    /// Whether `line` nests arrays or objects deeper than `limit`, counting only brackets
    /// outside strings. A single pass over the bytes; it does not check the JSON otherwise.
    public static func nestsDeeper(_ line: some Sequence<UInt8>, than limit: Int) -> Bool {
        var depth = 0
        var inString = false
        var escaped = false
        for byte in line {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > limit { return true }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return false
    }
}
