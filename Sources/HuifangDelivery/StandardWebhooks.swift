import Crypto
import Foundation
import HuifangCore

/// A signing secret written `whsec_<base64>` (Standard Webhooks).
public struct WebhookSecret: Sendable, Equatable {
    public let key: [UInt8]
    /// HMAC-SHA256 keyed once (the key's pads hashed), copied for each signature.
    let keyed: HMACSHA256

    public static func == (lhs: WebhookSecret, rhs: WebhookSecret) -> Bool { lhs.key == rhs.key }

    public enum ParseError: Error, Equatable, CustomStringConvertible {
        case missingPrefix, notBase64, tooShort

        public var description: String {
            switch self {
            case .missingPrefix: "must start with whsec_"
            case .notBase64: "must be whsec_ followed by base64"
            case .tooShort: "must hold at least 24 bytes of key material"
            }
        }
    }

    public init(parsing text: String) throws(ParseError) {
        guard text.hasPrefix("whsec_") else { throw .missingPrefix }
        guard let data = Data(base64Encoded: String(text.dropFirst(6))) else { throw .notBase64 }
        guard data.count >= 24 else { throw .tooShort }
        self.init(key: Array(data))
    }

    public init(key: [UInt8]) {
        self.key = key
        keyed = HMACSHA256(key: key)
    }

    /// A fresh random secret, written out.
    public static func generateText() -> String {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        return "whsec_" + Data(bytes).base64EncodedString()
    }
}

/// Standard Webhooks signing (R-DLV-2, R-DLV-6): the signature is
/// `v1,<base64 HMAC-SHA256(key, "id.timestamp.body")>`; during a key rotation one entry per
/// secret, separated by spaces.
public enum StandardWebhooks {
    public static func signature(id: String, timestamp: Int64, body: [UInt8], secret: WebhookSecret) -> String {
        // One contiguous input and one update: each `update` call goes through swift-crypto's
        // generic DataProtocol path, which cost more than the hashing of a webhook's bytes.
        var signed: [UInt8] = []
        signed.reserveCapacity(id.utf8.count + 22 + body.count)
        signed.append(contentsOf: id.utf8)
        signed.append(UInt8(ascii: "."))
        signed.append(contentsOf: String(timestamp).utf8)
        signed.append(UInt8(ascii: "."))
        signed.append(contentsOf: body)
        let mac = signed.withUnsafeBytes { secret.keyed.code(for: $0) }
        return mac.withUnsafeBytes { digest in
            // "v1," and the digest in standard base64, written in place (no Data, no concatenation).
            String(unsafeUninitializedCapacity: 3 + (digest.count + 2) / 3 * 4) { out in
                out[0] = UInt8(ascii: "v"); out[1] = UInt8(ascii: "1"); out[2] = UInt8(ascii: ",")
                return 3 + Base64.encode(UnsafeRawBufferPointer(digest), into: UnsafeMutableBufferPointer(rebasing: out[3...]))
            }
        }
    }

    public static func headers(id: String, timestamp: Int64, body: [UInt8], secrets: [WebhookSecret])
        -> [(String, String)]
    {
        let signatures = secrets.map { signature(id: id, timestamp: timestamp, body: body, secret: $0) }
        return [
            ("content-type", "application/json"),
            ("webhook-id", id),
            ("webhook-timestamp", String(timestamp)),
            ("webhook-signature", signatures.joined(separator: " ")),
        ]
    }

    /// Verifies a signature header against a secret, as a receiver does (used by tests and
    /// by the demo sink's Swift twin). Compares in constant time.
    public static func verify(id: String, timestamp: Int64, body: [UInt8], signatureHeader: String,
                              secret: WebhookSecret) -> Bool {
        let expected = Array(signature(id: id, timestamp: timestamp, body: body, secret: secret).utf8)
        return signatureHeader.split(separator: " ").contains { candidate in
            let bytes = Array(candidate.utf8)
            guard bytes.count == expected.count else { return false }
            return zip(bytes, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
        }
    }
}

/// HMAC-SHA256 (RFC 2104) on swift-crypto's SHA256, keyed once: each code copies the two
/// hashers that have taken the key's pads. swift-crypto's `HMAC<SHA256>` computes the same,
/// but its `update` and `finalize` are generic and not specialized across modules: in a
/// webhook's signature they cost nine times the hashing itself (tested against it).
struct HMACSHA256: Sendable {
    private var inner = SHA256()
    private var outer = SHA256()

    init(key: [UInt8]) {
        // A key longer than a block is hashed first; a shorter one is padded with zeros.
        var block = key.count > SHA256.blockByteCount ? Array(SHA256.hash(data: key)) : key
        block += Array(repeating: 0, count: SHA256.blockByteCount - block.count)
        block.map { $0 ^ 0x36 }.withUnsafeBytes { inner.update(bufferPointer: $0) }
        block.map { $0 ^ 0x5c }.withUnsafeBytes { outer.update(bufferPointer: $0) }
    }

    func code(for message: UnsafeRawBufferPointer) -> SHA256Digest {
        var inner = inner
        inner.update(bufferPointer: message)
        var outer = outer
        inner.finalize().withUnsafeBytes { outer.update(bufferPointer: $0) }
        return outer.finalize()
    }
}

/// Standard base64 (RFC 4648, padded) of a few bytes into a buffer of at least
/// `(count + 2) / 3 * 4`; returns the length written.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var written = 0
        var index = 0
        while index < bytes.count {
            let left = bytes.count - index
            let b0 = UInt32(bytes[index])
            let b1 = left > 1 ? UInt32(bytes[index + 1]) : 0
            let b2 = left > 2 ? UInt32(bytes[index + 2]) : 0
            let triple = b0 << 16 | b1 << 8 | b2
            out[written] = alphabet[Int(triple >> 18 & 63)]
            out[written + 1] = alphabet[Int(triple >> 12 & 63)]
            out[written + 2] = left > 1 ? alphabet[Int(triple >> 6 & 63)] : UInt8(ascii: "=")
            out[written + 3] = left > 2 ? alphabet[Int(triple & 63)] : UInt8(ascii: "=")
            written += 4
            index += 3
        }
        return written
    }
}
