/// How deep a JSON text nests, found before a recursive parser meets it: Foundation's
/// decoders recurse (a body nested 50,000 deep overflows the stack) and take time growing
/// with the square of the depth.
public enum JSONDepth {
    /// Whether `bytes` nest arrays or objects deeper than `limit`, counting only brackets
    /// outside strings. A single pass over the bytes; it does not check the JSON otherwise.
    public static func exceeds(_ bytes: some Sequence<UInt8>, _ limit: Int) -> Bool {
        var depth = 0
        var inString = false
        var escaped = false
        for byte in bytes {
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
