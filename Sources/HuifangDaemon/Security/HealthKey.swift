import Crypto
import Foundation
import HuifangCore

/// The key that seals health records (R-CUS-2): 32 random bytes read from a file, never
/// from the config or the store. The file holds them raw, as base64 or as hex, e.g.
/// `head -c 32 /dev/urandom | base64 > health.key`; it must not be readable by others.
public struct HealthKey: Sendable {
    let key: SymmetricKey
    /// A fingerprint of the key (first 8 bytes of its SHA-256, hex), stored beside each
    /// sealed record so the daemon can tell a wrong key from a damaged record.
    public let id: String

    public init(bytes: [UInt8]) {
        key = SymmetricKey(data: bytes)
        id = SHA256.hash(data: bytes).prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    /// Reads a key file; the error says what is wrong with it and names the file.
    public static func load(path: String) throws(HuifangError) -> HealthKey {
        var info = stat()
        guard stat(path, &info) == 0 else {
            // A missing key is the first thing a new install meets: say how to make one.
            let make = errno == ENOENT ? "; make one with: (umask 077; head -c 32 /dev/urandom | base64 > \(path))" : ""
            throw HuifangError(.invalidArgument, "key file \(path) cannot be read: \(String(cString: strerror(errno)))\(make)", field: "key_file")
        }
        if info.st_mode & 0o007 != 0 {
            throw HuifangError(.invalidArgument, "key file \(path) is readable by other users; chmod 600 or 640 it", field: "key_file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw HuifangError(.invalidArgument, "key file \(path) cannot be read", field: "key_file")
        }
        if data.count == 32 { return HealthKey(bytes: Array(data)) }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if let decoded = Data(base64Encoded: text), decoded.count == 32 { return HealthKey(bytes: Array(decoded)) }
        if text.count == 64, let bytes = hexBytes(text) { return HealthKey(bytes: bytes) }
        throw HuifangError(.invalidArgument,
                           "key file \(path) must hold 32 bytes: raw, base64 (44 characters) or hex (64 characters); it holds \(data.count) bytes",
                           field: "key_file")
    }

    private static func hexBytes(_ text: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }

    /// Seals a record for one customer; the customer id is bound in as associated data,
    /// so a sealed record copied onto another customer does not open.
    public func seal(_ record: HealthRecord, customerId: Int64, at now: Date) throws(HuifangError) -> SealedHealth {
        do {
            // The sealed plaintext spells fields in snake_case (`family_history`), as it always has.
            let encoder = JSONEncoder()
            encoder.keyEncodingStrategy = .convertToSnakeCase
            let plaintext = try encoder.encode(record)
            let box = try AES.GCM.seal(plaintext, using: key, authenticating: Self.associatedData(customerId))
            guard let combined = box.combined else { throw HuifangError(.internal, "AES-GCM gave no combined box") }
            return SealedHealth(customerId: customerId, keyId: id, box: combined, updatedAt: now)
        } catch let error as HuifangError {
            throw error
        } catch {
            throw HuifangError(.internal, "could not seal a health record: \(error)")
        }
    }

    public func open(_ sealed: SealedHealth) throws(HuifangError) -> HealthRecord {
        guard sealed.keyId == id else {
            throw HuifangError(.internal, "the health record of customer \(sealed.customerId) is sealed with key \(sealed.keyId), not the loaded key \(id)")
        }
        do {
            let box = try AES.GCM.SealedBox(combined: sealed.box)
            let plaintext = try AES.GCM.open(box, using: key, authenticating: Self.associatedData(sealed.customerId))
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return try decoder.decode(HealthRecord.self, from: plaintext)
        } catch {
            throw HuifangError(.internal, "the health record of customer \(sealed.customerId) does not open: it was altered or damaged")
        }
    }

    private static func associatedData(_ customerId: Int64) -> Data { Data("huifang-health-v1:\(customerId)".utf8) }
}

/// The health key in force; `admin rotate-key` swaps it after re-sealing every record.
/// Sealing and rotation run one at a time, so no record is sealed with a key that is
/// just being retired.
public final class HealthKeyring: @unchecked Sendable {
    private let lock = NSLock()
    private var current: HealthKey?

    public init(_ key: HealthKey?) { current = key }

    public var keyId: String? { lock.withLock { current?.id } }

    /// Runs `body` with the key in force, holding off rotation until it returns.
    public func withKey<T>(_ body: (HealthKey) throws(HuifangError) -> T) throws(HuifangError) -> T {
        lock.lock()
        defer { lock.unlock() }
        guard let current else {
            throw HuifangError(.notConfigured, "health data needs a key: set [security] key_file in the config")
        }
        return try body(current)
    }

    /// Re-seals everything with `new` through `reseal` and, if that succeeds, makes `new`
    /// the key in force; nothing seals in between.
    public func rotate<T>(to new: HealthKey, _ reseal: (HealthKey?) throws(HuifangError) -> T) throws(HuifangError) -> T {
        lock.lock()
        defer { lock.unlock() }
        let result = try reseal(current)
        current = new
        return result
    }
}
