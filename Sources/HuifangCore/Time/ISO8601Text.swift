import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// ISO-8601 instants as text, in a zone's offset: `2026-11-28T09:00:00+08:00`, with
/// milliseconds when asked (`2026-11-28T09:00:00.000+08:00`), `Z` in UTC. Written from the
/// calendar fields `gmtime_r` gives for the local wall time, with no formatter made per call
/// (a formatter each time cost more than the rest of a held message's decision).
public enum ISO8601Text {
    public static func string(_ date: Date, in zone: TimeZone, milliseconds: Bool) -> String {
        let offset = zone.secondsFromGMT(for: date)
        let millis = date.unixMillis + Int64(offset) * 1000
        var seconds = time_t(millis >= 0 ? millis / 1000 : (millis - 999) / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var text = "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))"
        if milliseconds { text += ".\(pad(Int32(((millis % 1000) + 1000) % 1000), 3))" }
        if offset == 0 { return text + "Z" }
        return text + "\(offset < 0 ? "-" : "+")\(pad(Int32(abs(offset) / 3600), 2)):\(pad(Int32(abs(offset) % 3600 / 60), 2))"
    }

    /// Reads an instant with or without fractional seconds, with `Z` or an offset
    /// (`2026-11-28T09:00:00+08:00`, `2026-11-28T01:00:00.250Z`); nothing before or after it.
    /// To the millisecond, as instants are kept: the parser's own fraction can be a hair
    /// off the millisecond written (`.123` read as `.12299990654`).
    public static func date(_ text: String) -> Date? {
        guard isInstant(Array(text.utf8)),
              let date = (try? withFraction.parse(text)) ?? (try? plain.parse(text)) else { return nil }
        return Date(unixMillis: Int64((date.timeIntervalSince1970 * 1000).rounded()))
    }

    /// `YYYY-MM-DDTHH:MM:SS`, an optional fraction, then `Z` or `±HH:MM` (or `±HHMM`), and
    /// nothing else: Foundation's parsers accept text trailing after the instant.
    private static func isInstant(_ bytes: [UInt8]) -> Bool {
        func digits(_ range: Range<Int>) -> Bool { range.upperBound <= bytes.count && range.allSatisfy { (0x30...0x39).contains(bytes[$0]) } }
        func byte(_ index: Int, _ char: Character) -> Bool { index < bytes.count && bytes[index] == char.asciiValue }
        guard digits(0..<4), byte(4, "-"), digits(5..<7), byte(7, "-"), digits(8..<10), byte(10, "T"),
              digits(11..<13), byte(13, ":"), digits(14..<16), byte(16, ":"), digits(17..<19) else { return false }
        var index = 19
        if byte(index, ".") {
            index += 1
            let start = index
            while digits(index..<index + 1) { index += 1 }
            guard index > start else { return false }
        }
        if byte(index, "Z") { return index + 1 == bytes.count }
        guard byte(index, "+") || byte(index, "-"), digits(index + 1..<index + 3) else { return false }
        index += 3
        if byte(index, ":") { index += 1 }
        return digits(index..<index + 2) && index + 2 == bytes.count
    }

    private static let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    private static let plain = Date.ISO8601FormatStyle()

    private static func pad(_ value: Int32, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
