/// The top-level keys a `Decodable` type reads, found by running its `init(from:)` against
/// a decoder that records every key asked for: `decode` marks a key required,
/// `decodeIfPresent` optional. This is how `usage` is generated from a method's `Args`.
public enum ArgumentSchema {
    public struct Key: Equatable, Sendable {
        public var name: String
        public var required: Bool
    }

    public static func keys<T: Decodable>(of type: T.Type) -> [Key] {
        let recorder = KeyRecorder()
        _ = try? T(from: ProbeDecoder(recorder: recorder, depth: 0))
        return recorder.keys
    }
}

private final class KeyRecorder {
    var keys: [ArgumentSchema.Key] = []

    func record(_ key: CodingKey, required: Bool) {
        let name = ControlCoding.snakeCase(key.stringValue)
        if let index = keys.firstIndex(where: { $0.name == name }) {
            keys[index].required = keys[index].required || required
        } else {
            keys.append(.init(name: name, required: required))
        }
    }
}

/// Answers every request with an empty value: "" for strings, 0, false, [] and {}.
private struct ProbeDecoder: Decoder {
    let recorder: KeyRecorder
    let depth: Int
    var codingPath: [CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(ProbeKeyedContainer<Key>(recorder: recorder, depth: depth))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer { EmptyUnkeyedContainer() }
    func singleValueContainer() throws -> SingleValueDecodingContainer { ProbeSingleValue(recorder: recorder, depth: depth) }
}

private struct ProbeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let recorder: KeyRecorder
    let depth: Int
    var codingPath: [CodingKey] { [] }
    var allKeys: [Key] { [] }

    private func note(_ key: Key, required: Bool) {
        if depth == 0 { recorder.record(key, required: required) }
    }

    /// `decodeIfPresent` asks `contains` first: such a key is optional.
    func contains(_ key: Key) -> Bool {
        note(key, required: false)
        return true
    }

    func decodeNil(forKey key: Key) throws -> Bool { true }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { note(key, required: true); return false }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { note(key, required: true); return "" }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { note(key, required: true); return 0 }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { note(key, required: true); return 0 }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { note(key, required: true); return 0 }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { note(key, required: true); return 0 }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { note(key, required: true); return 0 }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { note(key, required: true); return 0 }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { note(key, required: true); return 0 }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { note(key, required: true); return 0 }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { note(key, required: true); return 0 }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { note(key, required: true); return 0 }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { note(key, required: true); return 0 }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { note(key, required: true); return 0 }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        note(key, required: true)
        return try T(from: ProbeDecoder(recorder: recorder, depth: depth + 1))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        note(key, required: true)
        return KeyedDecodingContainer(ProbeKeyedContainer<NestedKey>(recorder: recorder, depth: depth + 1))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
        note(key, required: true)
        return EmptyUnkeyedContainer()
    }

    func superDecoder() throws -> Decoder { ProbeDecoder(recorder: recorder, depth: depth + 1) }
    func superDecoder(forKey key: Key) throws -> Decoder { ProbeDecoder(recorder: recorder, depth: depth + 1) }
}

private struct ProbeSingleValue: SingleValueDecodingContainer {
    let recorder: KeyRecorder
    let depth: Int
    var codingPath: [CodingKey] { [] }

    func decodeNil() -> Bool { false }
    func decode(_ type: Bool.Type) throws -> Bool { false }
    func decode(_ type: String.Type) throws -> String { "" }
    func decode(_ type: Double.Type) throws -> Double { 0 }
    func decode(_ type: Float.Type) throws -> Float { 0 }
    func decode(_ type: Int.Type) throws -> Int { 0 }
    func decode(_ type: Int8.Type) throws -> Int8 { 0 }
    func decode(_ type: Int16.Type) throws -> Int16 { 0 }
    func decode(_ type: Int32.Type) throws -> Int32 { 0 }
    func decode(_ type: Int64.Type) throws -> Int64 { 0 }
    func decode(_ type: UInt.Type) throws -> UInt { 0 }
    func decode(_ type: UInt8.Type) throws -> UInt8 { 0 }
    func decode(_ type: UInt16.Type) throws -> UInt16 { 0 }
    func decode(_ type: UInt32.Type) throws -> UInt32 { 0 }
    func decode(_ type: UInt64.Type) throws -> UInt64 { 0 }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: ProbeDecoder(recorder: recorder, depth: depth + 1)) }
}

private struct EmptyUnkeyedContainer: UnkeyedDecodingContainer {
    var codingPath: [CodingKey] { [] }
    var count: Int? { 0 }
    var isAtEnd: Bool { true }
    var currentIndex: Int { 0 }

    private func end() -> DecodingError {
        .valueNotFound(Any.self, .init(codingPath: [], debugDescription: "empty"))
    }

    func decodeNil() throws -> Bool { throw end() }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { throw end() }
    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> { throw end() }
    func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer { throw end() }
    func superDecoder() throws -> Decoder { throw end() }
}
