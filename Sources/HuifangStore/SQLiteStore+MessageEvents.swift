import Foundation
import GRDB
import HuifangCore

/// Each message's story (R-DLV-7): events appended in the transaction of the change they
/// explain, never rewritten; erased with the customer's other text (R-CUS-5).
extension SQLiteStore {
    public func events(messageId: String) throws -> [MessageEvent] {
        try read { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT at, kind, detail, related FROM message_events WHERE message_id = ? ORDER BY id
                """), arguments: [messageId]).map { row in
                MessageEvent(at: Date(unixMillis: row[0]), kind: MessageEvent.Kind(rawValue: row[1]) ?? .held,
                             detail: row[2], related: row[3])
            }
        }
    }

    /// Appends one event to a message's story.
    static func log(_ kind: MessageEvent.Kind, _ detail: String, related: String? = nil, messageId: String, at: Date,
                    db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO message_events (message_id, at, kind, detail, related) VALUES (?, ?, ?, ?, ?)
            """).execute(arguments: [messageId, at.unixMillis, kind.rawValue, detail, related])
    }

    public func withdrawGreetings(customerId: Int64, reason: String, now: Date) throws -> Int {
        try write { db in
            let ids = try String.fetchAll(db, sql: """
                UPDATE messages SET status = 'cancelled', last_error = ?, updated_at = ?, dedupe_key = dedupe_key || ':withdrawn:' || id
                 WHERE customer_id = ? AND status IN ('pending', 'failed') AND kind IN (?, ?)
                RETURNING id
                """, arguments: [reason, now.unixMillis, customerId, MessageKind.birthdayGreeting, MessageKind.holidayGreeting])
            for id in ids { try Self.log(.superseded, reason, messageId: id, at: now, db: db) }
            return ids.count
        }
    }

    /// Withdraws the pending (with `freeKey`, its dedupe key is freed for a replacement) (or failed, awaiting retry) messages `condition` selects, with
    /// the reason as their last error and in their story: `superseded` when the reason
    /// says so, else `cancelled`. Returns how many.
    @discardableResult
    static func withdraw(where condition: String, arguments: StatementArguments, reason: String, now: Date,
                         db: Database, freeKey: Bool = false) throws -> Int {
        let ids = try String.fetchAll(db, sql: """
            UPDATE messages SET status = 'cancelled', last_error = ?, updated_at = ?\(freeKey ? ", dedupe_key = dedupe_key || ':withdrawn:' || id" : "")
             WHERE status IN ('pending', 'failed') AND (\(condition))
            RETURNING id
            """, arguments: [reason, now.unixMillis] + arguments)
        let kind: MessageEvent.Kind = reason.hasPrefix("superseded") ? .superseded : .cancelled
        for id in ids { try log(kind, reason, messageId: id, at: now, db: db) }
        return ids.count
    }
}
