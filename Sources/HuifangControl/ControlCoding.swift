import Foundation
import HuifangCore

/// Encoding and decoding shared by both ends, and the mapping of decoding failures to
/// errors that name the offending field.
public enum ControlCoding {
    /// Wire names are the Swift property names in snake_case (`wechatId` → `wechat_id`),
    /// for every argument and result type; dictionary keys (data) are left as they are.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }

    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        try encoder().encode(value)
    }

    /// Decodes `T` from JSON bytes; a missing or mistyped field becomes an
    /// `invalid_argument` naming it.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws(HuifangError) -> T {
        do {
            return try decoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw describe(error, decoding: T.self, value: try? JSONDecoder().decode(JSONValue.self, from: data))
        } catch {
            throw HuifangError(.malformedRequest, "could not read the arguments")
        }
    }

    /// Decodes `T` from a JSON value (tests and the import planner's dry runs).
    public static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws(HuifangError) -> T {
        guard let data = try? encode(value) else { throw HuifangError(.malformedRequest, "could not read the arguments") }
        return try decode(T.self, from: data)
    }

    /// The error for a failed decoding of `T` from `data`. Foundation on Linux reports a
    /// fraction, or a number too large, where an integer belongs (`"id": 1.5`, `"id": 1e30`)
    /// as corrupt data without a path; on that (rare) path the field is found by trying
    /// each top-level number as a small whole one.
    /// `value` is the JSON that was decoded as `T`, parsed only on this path.
    public static func describe<T: Decodable>(_ error: DecodingError, decoding type: T.Type,
                                              value: @autoclosure () -> JSONValue?) -> HuifangError {
        if case .dataCorrupted(let context) = error, context.codingPath.isEmpty, let value = value(),
           let field = fractionInsteadOfInteger(T.self, in: value) {
            return .invalid(field, "must be a whole number between -9223372036854775808 and 9223372036854775807")
        }
        return describe(error)
    }

    private static func fractionInsteadOfInteger<T: Decodable>(_ type: T.Type, in value: JSONValue) -> String? {
        guard case .object(let fields) = value else { return nil }
        for (key, field) in fields.sorted(by: { $0.key < $1.key }) {
            guard case .number(let number) = field, number.isFinite,
                  number.rounded(.towardZero) != number || abs(number) >= 9.2e18 else { continue }
            var whole = fields
            whole[key] = .number(0)
            guard let data = try? encode(JSONValue.object(whole)) else { continue }
            do {
                _ = try decoder().decode(T.self, from: data)
                return key
            } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
                continue
            } catch {
                return key
            }
        }
        return nil
    }

    /// `wechatId` → `wechat_id`, as the encoder's key strategy spells it.
    public static func snakeCase(_ key: String) -> String {
        var out = ""
        for character in key {
            if character.isUppercase {
                if !out.isEmpty { out.append("_") }
                out += character.lowercased()
            } else {
                out.append(character)
            }
        }
        return out
    }

    /// The dotted path of a decoding error's field, in wire spelling (`rows.[3].wechat_id`).
    static func path(_ keys: [CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? snakeCase($0.stringValue) }.joined(separator: ".")
    }

    public static func describe(_ error: DecodingError) -> HuifangError {
        func path(_ context: DecodingError.Context, extra: CodingKey? = nil) -> String {
            ControlCoding.path(context.codingPath + (extra.map { [$0] } ?? []))
        }
        switch error {
        case .keyNotFound(let key, let context):
            return .invalid(path(context, extra: key), "is required")
        case .typeMismatch(let type, let context):
            return .invalid(path(context), "must be \(describe(type))")
        case .valueNotFound(let type, let context):
            return .invalid(path(context), "must be \(describe(type)), not null")
        case .dataCorrupted(let context):
            let field = path(context)
            return field.isEmpty
                ? HuifangError(.malformedRequest, "arguments are not valid JSON")
                : .invalid(field, context.debugDescription)
        @unknown default:
            return HuifangError(.malformedRequest, "could not read the arguments")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "an integer"
        case is Bool.Type: "true or false"
        case is Double.Type: "a number"
        default: "\(type)".lowercased().hasPrefix("array") ? "an array" : "an object"
        }
    }

    /// The zone instants are written in: the daemon binds the clinic's for each request.
    @TaskLocal public static var zone = TimeZone(identifier: "UTC")!

    /// Instants on the wire: ISO-8601 with milliseconds in `zone`'s offset, e.g.
    /// 2026-11-23T10:00:00.000+08:00 (`Z` in UTC). One format in every answer.
    public static func timestamp(_ date: Date) -> String {
        ISO8601Text.string(date, in: zone, milliseconds: true)
    }

    public static func parseTimestamp(_ text: String) -> Date? {
        ISO8601Text.date(text)
    }
}
