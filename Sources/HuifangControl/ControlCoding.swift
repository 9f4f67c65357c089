import Foundation
import HuifangCore
#if canImport(Glibc)
import Glibc
#endif

/// Encoding and decoding shared by both ends, and the mapping of decoding failures to
/// errors that name the offending field.
public enum ControlCoding {
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    /// Decodes `T` from a JSON value; a missing or mistyped field becomes an
    /// `invalid_argument` naming it.
    public static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws(HuifangError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: try encode(value))
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty,
               let field = fractionInsteadOfInteger(T.self, in: value) {
                throw .invalid(field, "must be a whole number between -9223372036854775808 and 9223372036854775807")
            }
            throw describe(error)
        } catch {
            throw HuifangError(.malformedRequest, "could not read the arguments")
        }
    }

    /// Foundation on Linux reports a fraction, or a number too large, where an integer belongs
    /// (`"id": 1.5`, `"id": 1e30`) as corrupt data without a path; find the top-level field
    /// by trying it as a small whole number.
    private static func fractionInsteadOfInteger<T: Decodable>(_ type: T.Type, in value: JSONValue) -> String? {
        guard case .object(let fields) = value else { return nil }
        for (key, field) in fields.sorted(by: { $0.key < $1.key }) {
            guard case .number(let number) = field, number.isFinite,
                  number.rounded(.towardZero) != number || abs(number) >= 9.2e18 else { continue }
            var whole = fields
            whole[key] = .number(0)
            guard let data = try? encode(JSONValue.object(whole)) else { continue }
            do {
                _ = try JSONDecoder().decode(T.self, from: data)
                return key
            } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
                continue
            } catch {
                return key
            }
        }
        return nil
    }

    static func describe(_ error: DecodingError) -> HuifangError {
        func path(_ context: DecodingError.Context, extra: CodingKey? = nil) -> String {
            let keys = context.codingPath + (extra.map { [$0] } ?? [])
            return keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
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

    /// Instants on the wire: ISO-8601 in UTC with milliseconds, e.g. 2026-11-23T02:00:00.000Z.
    public static func timestamp(_ date: Date) -> String {
        let millis = date.unixMillis
        var seconds = time_t(millis >= 0 ? millis / 1000 : (millis - 999) / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let fraction = Int32(((millis % 1000) + 1000) % 1000)
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(fraction, 3))Z"
    }

    /// Accepts ISO-8601 with a zone (`Z` or `±hh:mm`) and optional fractional seconds.
    public static func parseTimestamp(_ text: String) -> Date? {
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        return withFraction.date(from: text) ?? plain.date(from: text)
    }
}
