/// Hides phone numbers and e-mail addresses in log text (issue "Security, privacy and
/// operations": logs redact them by default). A phone keeps its last four digits
/// (`+8613812345678` → `***5678`), an address its domain (`***@example.com`), so a support engineer can still
/// tell two apart. Dates, times and ids are left alone: a phone is 7 or more digits in a row
/// (an optional `+` first), or 10 or more in groups split by single spaces or by single
/// dashes (not both: that is a date and a time), not touching letters or a `:`, and not
/// part of a file name.
public enum Redaction {
    public static func redact(_ text: String) -> String {
        guard text.contains(where: { $0.isASCII && ($0.isNumber || $0 == "@") }) else { return text }
        return redactPhones(redactEmails(text))
    }

    private static func isLocalPart(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || "._%+-".contains(c))
    }

    private static func isDomainPart(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || ".-".contains(c))
    }

    private static func redactEmails(_ text: String) -> String {
        guard text.contains("@") else { return text }
        let chars = Array(text)
        var out: [Character] = []
        out.reserveCapacity(chars.count)
        var i = 0
        while i < chars.count {
            guard chars[i] == "@" else {
                out.append(chars[i])
                i += 1
                continue
            }
            var start = out.count
            while start > 0, isLocalPart(out[start - 1]) { start -= 1 }
            var end = i + 1
            while end < chars.count, isDomainPart(chars[end]) { end += 1 }
            let domain = String(chars[(i + 1)..<end])
            if start < out.count, domain.contains("."), !domain.hasPrefix("."), domain.count >= 3 {
                out.removeSubrange(start...)
                out.append(contentsOf: "***@" + domain)
                i = end
            } else {
                out.append("@")
                i += 1
            }
        }
        return String(out)
    }

    private static func redactPhones(_ text: String) -> String {
        let chars = Array(text)
        var out: [Character] = []
        out.reserveCapacity(chars.count)
        func isDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }
        func touchesWord(_ c: Character?) -> Bool { c.map { $0.isLetter || $0.isNumber || $0 == "_" } ?? false }
        // Digits inside a file name or path (`huifang-20261123-120443.sqlite`) are not a phone.
        func inName(_ c: Character?) -> Bool { c.map { "-_/.".contains($0) } ?? false }
        var i = 0
        while i < chars.count {
            let previous = i > 0 ? chars[i - 1] : nil
            let startsHere = (isDigit(chars[i]) || (chars[i] == "+" && i + 1 < chars.count && isDigit(chars[i + 1])))
                && !touchesWord(previous) && previous != "+" && !inName(previous)
            guard startsHere else {
                out.append(chars[i])
                i += 1
                continue
            }
            var j = chars[i] == "+" ? i + 1 : i
            var digits: [Character] = []
            var separator: Character?
            var mixed = false
            while j < chars.count {
                if isDigit(chars[j]) {
                    digits.append(chars[j])
                    j += 1
                } else if (chars[j] == " " || chars[j] == "-"), j + 1 < chars.count, isDigit(chars[j + 1]), !digits.isEmpty {
                    if let separator, separator != chars[j] { mixed = true }
                    separator = chars[j]
                    j += 1
                } else {
                    break
                }
            }
            let next = j < chars.count ? chars[j] : nil
            let extendsName = next == "." && j + 1 < chars.count && touchesWord(chars[j + 1])
            let isPhone = !touchesWord(next) && next != ":" && !mixed && !extendsName
                && (separator != nil ? digits.count >= 10 : digits.count >= 7) && digits.count <= 20
            if isPhone {
                out.append(contentsOf: "***" + String(digits.suffix(4)))
            } else {
                out.append(contentsOf: chars[i..<j])
            }
            i = j
        }
        return String(out)
    }
}
