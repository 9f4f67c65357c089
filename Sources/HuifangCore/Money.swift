import Foundation

/// Money is integer minor units (fen, cents) everywhere inside; people write decimals.
public enum Money {
    /// An operator's amount, or an error naming `field` with an example of the right form.
    public static func parse(_ text: String, field: String = "amount", example: String = "1234.50") throws(HuifangError) -> Int64 {
        guard let minor = minorUnits(text) else {
            throw .invalid(field, "must be a non-negative amount with at most two decimals, e.g. \(example)")
        }
        return minor
    }

    /// "1234.50" → 123450. Nil for negatives, more than two decimals, or anything else.
    public static func minorUnits(_ text: String) -> Int64? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].allSatisfy({ $0.isASCII && $0.isNumber }),
              parts[0].count <= 15, let whole = Int64(parts[0]) else { return nil }
        var fraction: Int64 = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard (1...2).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            fraction = Int64(digits)! * (digits.count == 1 ? 10 : 1)
        }
        return whole * 100 + fraction
    }

    /// 123450 → "1234.50".
    public static func format(_ minor: Int64) -> String {
        let sign = minor < 0 ? "-" : ""
        let value = minor.magnitude
        let cents = value % 100
        return "\(sign)\(value / 100).\(cents < 10 ? "0" : "")\(cents)"
    }
}

