/// How deep a JSON text nests, found before a recursive parser meets it: Foundation's
/// decoders recurse (a body nested 50,000 deep overflows the stack) and take time growing
/// with the square of the depth.
public enum JSONDepth {
    /// Whether `bytes` nest arrays or objects deeper than `limit`, counting only brackets
    /// outside strings. A single pass over the bytes; it does not check the JSON otherwise.
    public static func exceeds(_ bytes: some Sequence<UInt8>, _ limit: Int) -> Bool {
        // Across modules this is not specialized: a byte at a time through the Sequence
        // witnesses cost 1.5 s of a 100,000-row import. Contiguous bytes go through a buffer.
        if let answer = bytes.withContiguousStorageIfAvailable({ exceeds(buffer: $0, limit) }) { return answer }
        return exceeds(buffer: Array(bytes), limit)
    }

    private static func exceeds(buffer bytes: [UInt8], _ limit: Int) -> Bool {
        bytes.withUnsafeBufferPointer { exceeds(buffer: $0, limit) }
    }

    private static func exceeds(buffer bytes: UnsafeBufferPointer<UInt8>, _ limit: Int) -> Bool {
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
