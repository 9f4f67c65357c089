import Foundation
import HuifangControl
import HuifangCore
import HuifangStore
import HuifangTestSupport
import Testing

/// Tests that run the built huifangd and huifangctl as real processes. They run one at a
/// time: each starts a daemon and a sink, and some measure arrival times.
@Suite(.serialized)
struct Integration {}

extension DaemonHarness {
    /// The store this daemon runs on, opened beside it (SQLite's file, or its PostgreSQL database).
    func openStore() throws -> any Store {
        if let storeURL { return try PostgresStore(url: storeURL, poolSize: 1) }
        return try SQLiteStore(path: storePath)
    }
}

func iso(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.string(from: date)
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}

extension JSONValue {
    var int: Int? {
        if case .number(let value) = self { return Int(value) }
        return nil
    }

    var array: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }
}
