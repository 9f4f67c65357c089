/// Phone numbers kept one way (R-PPL-2): E.164, `+8613800000000`, whatever was typed:
/// `13800000000`, `138-0000-0000`, `+86 138 0000 0000`, `0086 138…` and `(021) 6888 8888`
/// are read in the clinic's region (`[service] default_region`), so one number is one
/// customer.
public enum PhoneNumber {
    /// Country calling codes of the regions a clinic may name.
    public static let callingCodes: [String: String] = [
        "CN": "86", "HK": "852", "MO": "853", "TW": "886", "SG": "65", "MY": "60", "JP": "81", "KR": "82",
        "US": "1", "CA": "1", "GB": "44", "AU": "61", "NZ": "64", "TH": "66", "VN": "84", "PH": "63", "ID": "62",
    ]

    private static let separators: Set<Unicode.Scalar> = [" ", "-", "(", ")", ".", "\u{3000}"]

    public static func normalize(_ raw: String, region: String) throws(HuifangError) -> String {
        // Spaces, dashes, brackets, dots and the ideographic space are dropped (by scalar:
        // cheaper than by Character, and the same for these marks).
        var scalars = String.UnicodeScalarView()
        for scalar in raw.unicodeScalars where !Self.separators.contains(scalar) { scalars.append(scalar) }
        let kept = String(scalars)
        var digits: Substring
        var international: Bool
        if kept.hasPrefix("+") {
            digits = kept.dropFirst()
            international = true
        } else if kept.hasPrefix("00") {
            digits = kept.dropFirst(2)
            international = true
        } else {
            digits = Substring(kept)
            international = false
        }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            throw .invalid("phone", "'\(raw.prefix(30))' is not a phone number: digits, with spaces, dashes or a leading + allowed",
                           chinese: "「\(raw.prefix(30))」不是电话号码：只能写数字，可以带空格、横线或开头的 +。")
        }
        if !international {
            guard let code = callingCodes[region] else {
                throw .invalid("phone", "the region \(region) has no known calling code; write the number with +",
                               chinese: "不知道地区 \(region) 的国家代码，请在号码前写上 + 和国家代码。")
            }
            // A national number drops its trunk 0 (021… → +8621…); a Chinese mobile is 11 digits from 1.
            if region == "CN", digits.count == 13, digits.hasPrefix("86"), digits.dropFirst(2).first == "1" {
                digits = digits.dropFirst(2)
            }
            let trunk = digits.first == "0"
            if trunk { digits = digits.dropFirst() }
            if region == "CN", !trunk, digits.first == "1", digits.count != 11 {
                throw .invalid("phone", "a mobile number in China has 11 digits, not \(digits.count)",
                               chinese: "手机号应为 11 位，这里是 \(digits.count) 位。")
            }
            digits = Substring(code) + digits
        }
        // After +86 a 1 starts a mobile, but 10 is Beijing's area code (010 6888 8888).
        if digits.hasPrefix("86"), digits.dropFirst(2).first == "1", digits.dropFirst(3).first != "0", digits.count != 13 {
            throw .invalid("phone", "a mobile number in China has 11 digits after +86, not \(digits.count - 2)",
                           chinese: "+86 后的手机号应为 11 位，这里是 \(digits.count - 2) 位。")
        }
        guard (8...15).contains(digits.count) else {
            throw .invalid("phone", "an international number has 8 to 15 digits with its country code, not \(digits.count)",
                           chinese: "国际号码连国家代码应为 8 到 15 位，这里是 \(digits.count) 位。")
        }
        return "+" + digits
    }

    /// A phone kept as E.164, written the way people there read it: a number of the
    /// clinic's own region nationally (`138 0000 0002`, `021-6888 8888`; Hong Kong, Macau
    /// and Singapore `9123 4567`), any other with its country code apart
    /// (`+852 9123 4567`, `+86 138 0000 0002`, `+44 2079460000`). A number that is not
    /// E.164, or whose country code is not one of `callingCodes`, is shown as kept. Links
    /// (`tel:`) and the gateways' data keep E.164.
    public static func readable(_ e164: String, region: String) -> String {
        guard e164.hasPrefix("+"), e164.count > 4, e164.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) else { return e164 }
        let digits = e164.dropFirst()
        // Country codes are a prefix code: at most one of the 1 to 3 first digits is one.
        guard let code = (1...3).lazy.map({ String(digits.prefix($0)) }).first(where: knownCodes.contains) else { return e164 }
        let national = digits.dropFirst(code.count)
        let domestic = callingCodes[region] == code
        let written: String
        if code == "86", national.first == "1", national.count == 11 {
            written = grouped(national, [3, 4, 4])
        } else if code == "86", domestic, national.count >= 9 {
            // A landline's area code: 10 and 2x are two digits (010, 021), the others three (0755).
            let area = national.first == "1" || national.first == "2" ? 2 : 3
            let local = national.dropFirst(area)
            return "0" + national.prefix(area) + "-" + (local.count == 8 ? grouped(local, [4, 4]) : String(local))
        } else if ["852", "853", "65"].contains(code), national.count == 8 {
            written = grouped(national, [4, 4])
        } else {
            return "+\(code) " + national
        }
        return domestic ? written : "+\(code) " + written
    }

    private static let knownCodes = Set(callingCodes.values)

    private static func grouped(_ digits: Substring, _ sizes: [Int]) -> String {
        var rest = digits
        var parts: [Substring] = []
        for size in sizes where !rest.isEmpty {
            parts.append(rest.prefix(size))
            rest = rest.dropFirst(size)
        }
        if !rest.isEmpty { parts.append(rest) }
        return parts.joined(separator: " ")
    }

    /// The digits of a phone as typed, for matching a suffix (`customer find 0000`).
    public static func digits(_ text: String) -> String { text.filter { $0.isASCII && $0.isNumber } }
}
