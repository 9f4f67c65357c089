/// Reads JSON straight from the bytes of a request line, for the few shapes the bulk path
/// carries (an import batch: a few hundred rows of strings, whole numbers and booleans).
///
/// It is a fast path, not a second parser of record: every read answers nil on anything it
/// does not take as JSONDecoder would (an exponent, a lone surrogate, a duplicate or
/// unexpected key, bytes that are not UTF-8), and the caller then decodes the line with
/// `ControlCoding.decoder()`, which also names what is wrong. So a value read here is the
/// value JSONDecoder would give, and every error message still comes from one place.
public struct JSONByteReader {
    // Internal for the inlinable reads, which the daemon specializes for its rows.
    @usableFromInline let bytes: [UInt8]
    @usableFromInline var index: Int
    @usableFromInline let end: Int

    /// A reader of `bytes[range]`.
    public init(_ bytes: [UInt8], range: Range<Int>? = nil) {
        self.bytes = bytes
        index = range?.lowerBound ?? 0
        end = range?.upperBound ?? bytes.count
    }

    /// Whether only blanks are left.
    public mutating func atEnd() -> Bool {
        skipBlanks()
        return index == end
    }

    // MARK: - Values

    /// A string, its escapes resolved.
    public mutating func string() -> String? {
        skipBlanks()
        guard peek() == quote else { return nil }
        index += 1
        let start = index
        while index < end {
            let byte = bytes[index]
            if byte == quote {
                let text = String(validating: bytes[start..<index], as: UTF8.self)
                index += 1
                return text
            }
            if byte == backslash { return escapedString(from: start) }
            if byte < 0x20 { return nil }  // a raw control character: not JSON
            index += 1
        }
        return nil
    }

    /// A string or null.
    public mutating func optionalString() -> String?? {
        if null() { return .some(nil) }
        return string().map { .some($0) }
    }

    /// A whole number as JSON writes one (no fraction, no exponent), within `Int`.
    public mutating func int() -> Int? {
        skipBlanks()
        var negative = false
        if peek() == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        let start = index
        var value = 0
        while index < end, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            let digit = Int(bytes[index] - UInt8(ascii: "0"))
            let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowSum) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            guard !overflowTimes, !overflowSum else { return nil }
            value = sum
            index += 1
        }
        let digits = index - start
        guard digits > 0, digits == 1 || bytes[start] != UInt8(ascii: "0") else { return nil }
        if let next = peek(), next == UInt8(ascii: ".") || next == UInt8(ascii: "e") || next == UInt8(ascii: "E") { return nil }
        return value
    }

    /// A whole number or null.
    public mutating func optionalInt() -> Int?? {
        if null() { return .some(nil) }
        return int().map { .some($0) }
    }

    public mutating func bool() -> Bool? {
        if literal("true") { return true }
        if literal("false") { return false }
        return nil
    }

    /// A boolean or null.
    public mutating func optionalBool() -> Bool?? {
        if null() { return .some(nil) }
        return bool().map { .some($0) }
    }

    /// Reads `null` if it is next.
    public mutating func null() -> Bool { literal("null") }

    /// An array, each element read by `element`; nil if any is.
    @inlinable
    public mutating func array<Element>(_ element: (inout JSONByteReader) -> Element?) -> [Element]? {
        guard consume(UInt8(ascii: "[")) else { return nil }
        var elements: [Element] = []
        if consume(UInt8(ascii: "]")) { return elements }
        repeat {
            guard let value = element(&self) else { return nil }
            elements.append(value)
        } while consume(comma)
        return consume(UInt8(ascii: "]")) ? elements : nil
    }

    /// An object: `member` is called with each key and reads its value; it answers false
    /// (a key it does not know, or a value it cannot read) to give up.
    public mutating func object(_ member: (String, inout JSONByteReader) -> Bool) -> Bool {
        guard consume(UInt8(ascii: "{")) else { return false }
        if consume(UInt8(ascii: "}")) { return true }
        repeat {
            guard let key = string(), consume(UInt8(ascii: ":")), member(key, &self) else { return false }
        } while consume(comma)
        return consume(UInt8(ascii: "}"))
    }

    /// Skips one value of any kind, nested at most `depth` levels, and answers the bytes it
    /// spanned; nil if it is not JSON this reader takes. Strings are only scanned for their
    /// end (the value is to be read again from the range, which checks them).
    public mutating func skipValue(depth: Int = 64) -> Range<Int>? {
        skipBlanks()
        let start = index
        guard depth > 0, let first = peek() else { return nil }
        switch first {
        case quote:
            guard skipString() else { return nil }
        case UInt8(ascii: "{"):
            guard object({ _, reader in reader.skipValue(depth: depth - 1) != nil }) else { return nil }
        case UInt8(ascii: "["):
            guard array({ reader in reader.skipValue(depth: depth - 1) }) != nil else { return nil }
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            guard bool() != nil else { return nil }
        case UInt8(ascii: "n"):
            guard null() else { return nil }
        default:
            guard int() != nil else { return nil }
        }
        return start..<index
    }

    // MARK: - Bytes

    private let quote = UInt8(ascii: "\"")
    private let backslash = UInt8(ascii: "\\")
    @usableFromInline var comma: UInt8 { UInt8(ascii: ",") }

    @inlinable
    func peek() -> UInt8? { index < end ? bytes[index] : nil }

    private mutating func skipString() -> Bool {
        index += 1
        while index < end {
            switch bytes[index] {
            case quote:
                index += 1
                return true
            case backslash: index += 2
            default: index += 1
            }
        }
        return false
    }

    @inlinable
    mutating func skipBlanks() {
        while index < end {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    @inlinable
    mutating func consume(_ byte: UInt8) -> Bool {
        skipBlanks()
        guard peek() == byte else { return false }
        index += 1
        return true
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        skipBlanks()
        let count = word.utf8CodeUnitCount
        guard end - index >= count else { return false }
        let matches = word.withUTF8Buffer { word in
            for offset in 0..<count where bytes[index + offset] != word[offset] { return false }
            return true
        }
        guard matches else { return false }
        index += count
        return true
    }

    /// The rest of a string that holds an escape; `start` is just after its opening quote.
    private mutating func escapedString(from start: Int) -> String? {
        var text: [UInt8] = Array(bytes[start..<index])
        while index < end {
            let byte = bytes[index]
            if byte == quote {
                index += 1
                return String(validating: text, as: UTF8.self)
            }
            if byte < 0x20 { return nil }
            guard byte == backslash else {
                text.append(byte)
                index += 1
                continue
            }
            guard index + 1 < end else { return nil }
            let escape = bytes[index + 1]
            index += 2
            switch escape {
            case quote: text.append(quote)
            case backslash: text.append(backslash)
            case UInt8(ascii: "/"): text.append(UInt8(ascii: "/"))
            case UInt8(ascii: "b"): text.append(0x08)
            case UInt8(ascii: "f"): text.append(0x0C)
            case UInt8(ascii: "n"): text.append(0x0A)
            case UInt8(ascii: "r"): text.append(0x0D)
            case UInt8(ascii: "t"): text.append(0x09)
            case UInt8(ascii: "u"):
                guard let unit = hex4() else { return nil }
                var value = UInt32(unit)
                if (0xD800..<0xDC00).contains(unit) {
                    // A high surrogate must be followed by an escaped low one.
                    guard index + 1 < end, bytes[index] == backslash, bytes[index + 1] == UInt8(ascii: "u") else { return nil }
                    index += 2
                    guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                    value = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                } else if (0xDC00..<0xE000).contains(unit) {
                    return nil
                }
                guard let scalar = Unicode.Scalar(value) else { return nil }
                text.append(contentsOf: Array(String(Character(scalar)).utf8))
            default:
                return nil
            }
        }
        return nil
    }

    private mutating func hex4() -> UInt16? {
        guard end - index >= 4 else { return nil }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }
}

/// Arguments that can be read by `JSONByteReader`, for the bulk path; nil sends the line to
/// JSONDecoder (see `JSONByteReader`).
public protocol JSONBytesDecodable {
    init?(json reader: inout JSONByteReader)
}

/// Rows that can write themselves as JSON bytes, as `ControlCoding.encoder()` would encode
/// them (snake-case keys, sorted; absent values left out).
public protocol JSONBytesEncodable {
    func appendJSON(to out: inout [UInt8])
}
