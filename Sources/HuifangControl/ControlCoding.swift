import Foundation
import HuifangCore

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
            throw describe(error)
        } catch {
            throw HuifangError(.malformedRequest, "could not read the arguments")
        }
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
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: true).timeSeparator(.colon).timeZone(separator: .omitted))
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
