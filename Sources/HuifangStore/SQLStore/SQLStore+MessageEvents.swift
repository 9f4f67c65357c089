import Foundation
import HuifangCore

/// Each message's story (R-DLV-7): events appended in the transaction of the change they
/// explain, never rewritten; erased with the customer's other text (R-CUS-5).
extension SQLStore {
    public func events(messageId: String) throws -> [MessageEvent] {
        try read { db in
            try db.query("SELECT at, kind, detail, related FROM message_events WHERE message_id = ? ORDER BY id", messageId).map { row in
                MessageEvent(at: row.date(0), kind: MessageEvent.Kind(rawValue: row.string(1)) ?? .held,
                             detail: row.string(2), related: row.optionalString(3))
            }
        }
    }

    /// Appends one event to a message's story.
    static func log(_ kind: MessageEvent.Kind, _ detail: String, related: String? = nil, messageId: String, at: Date,
                    db: any SQLConnection) throws {
        try db.execute("""
            INSERT INTO message_events (message_id, at, kind, detail, related) VALUES (?, ?, ?, ?, ?)
            """, messageId, at.unixMillis, kind.rawValue, detail, related)
    }

    public func withdrawGreetings(customerId: Int64, reason: String, now: Date) throws -> Int {
        try write { db in
            try Self.withdraw(where: "customer_id = ? AND kind IN (?, ?)",
                              arguments: [.integer(customerId), .text(MessageKind.birthdayGreeting), .text(MessageKind.holidayGreeting)],
                              reason: reason, event: .superseded, now: now, db: db, freeKey: true)
        }
    }

    /// Withdraws the pending (or failed, awaiting retry) messages `condition` selects, with
    /// the reason as their last error and in their story: `superseded` when the reason says
    /// so (or `event` says), else `cancelled`. With `freeKey`, their dedupe keys are freed for
    /// a replacement. Returns how many.
    @discardableResult
    static func withdraw(where condition: String, arguments: [SQLValue], reason: String, event: MessageEvent.Kind? = nil,
                         now: Date, db: any SQLConnection, freeKey: Bool = false) throws -> Int {
        let ids = try db.query("""
            UPDATE messages SET status = 'cancelled', last_error = ?, updated_at = ?\(freeKey ? ", dedupe_key = dedupe_key || ':withdrawn:' || id" : "")
             WHERE status IN ('pending', 'failed') AND (\(condition))
            RETURNING id
            """, [.text(reason), .integer(now.unixMillis)] + arguments).map { $0.string(0) }
        let kind = event ?? (reason.hasPrefix("superseded") ? .superseded : .cancelled)
        for id in ids { try log(kind, reason, messageId: id, at: now, db: db) }
        return ids.count
    }
}
