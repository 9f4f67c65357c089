import Foundation
import GRDB
import HuifangCore

extension SQLiteStore {
    public func insertMessage(_ message: Message) throws -> (message: Message, inserted: Bool) {
        try write { db in
            if let existing = try Row.fetchOne(
                db, sql: "SELECT \(Self.messageColumns) FROM messages WHERE dedupe_key = ?", arguments: [message.dedupeKey]) {
                return (Self.message(from: existing), false)
            }
            try Self.insert(message, into: db, orIgnore: false)
            return (message, true)
        }
    }

    /// Inserts a new message row and its creation event; with `orIgnore`, an existing dedupe
    /// key is left alone. Returns whether the row was inserted.
    @discardableResult
    static func insert(_ message: Message, into db: Database, orIgnore: Bool) throws -> Bool {
        try db.cachedStatement(sql: """
            INSERT \(orIgnore ? "OR IGNORE " : "")INTO messages (id, dedupe_key, kind, customer_id, channel,
                text, locale, data, due_at, expires_at, status, attempts, created_at, updated_at, fallback_of,
                windowed, category)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                message.id, message.dedupeKey, message.kind, message.customerId,
                message.channel, message.text, message.locale.rawValue, message.dataJSON,
                message.dueAt.unixMillis, message.expiresAt?.unixMillis,
                message.status.rawValue, message.attempts, message.createdAt.unixMillis,
                message.updatedAt.unixMillis, message.fallbackOf, message.windowed,
                message.category.rawValue,
            ])
        if db.changesCount > 0 {
            try log(.created, MessageOrigin.describe(message), related: message.fallbackOf, messageId: message.id,
                    at: message.createdAt, db: db)
            return true
        }
        return false
    }

    public func insertNew(_ messages: [Message]) throws -> Int {
        guard !messages.isEmpty else { return 0 }
        return try write { db in
            var inserted = 0
            for message in messages {
                if try Self.insert(message, into: db, orIgnore: true) { inserted += 1 }
            }
            return inserted
        }
    }

    public func skipQueued(_ reasons: [(id: String, reason: String)], now: Date) throws {
        guard !reasons.isEmpty else { return }
        try write { db in
            let skip = try db.cachedStatement(sql: """
                UPDATE messages SET status = 'skipped', last_error = ?, updated_at = ? WHERE id = ? AND status IN ('pending', 'failed')
                """)
            for (id, reason) in reasons {
                try skip.execute(arguments: [reason, now.unixMillis, id])
                if db.changesCount > 0 { try Self.log(.skipped, reason, messageId: id, at: now, db: db) }
            }
        }
    }

    public func queued(customerId: Int64?, through: Date, limit: Int) throws -> [Message] {
        try read { db in
            var sql = "SELECT \(Self.messageColumns) FROM messages WHERE status IN ('pending', 'failed') AND due_at <= ?"
            var arguments: StatementArguments = [through.unixMillis]
            if let customerId {
                sql += " AND customer_id = ?"
                arguments += [customerId]
            }
            sql += " ORDER BY due_at LIMIT ?"
            arguments += [limit]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.message(from:))
        }
    }

    public func marketingDeliveries(customerIds: [Int64], since: Date) throws -> [Int64: [Date]] {
        try read { db in
            var found: [Int64: [Date]] = [:]
            for chunk in customerIds.chunked(500) {
                let rows = try Row.fetchAll(db, sql: """
                    SELECT customer_id, delivered_at FROM messages
                     WHERE customer_id IN (\(databaseQuestionMarks(count: chunk.count)))
                       AND status = 'delivered' AND category = 'marketing' AND delivered_at >= ?
                     ORDER BY delivered_at
                    """, arguments: StatementArguments(Array(chunk)) + [since.unixMillis])
                for row in rows {
                    found[row["customer_id"], default: []].append(Date(unixMillis: row["delivered_at"]))
                }
            }
            return found
        }
    }

    public func existingDedupeKeys(_ keys: [String]) throws -> Set<String> {
        guard !keys.isEmpty else { return [] }
        return try read { db in
            var found = Set<String>()
            let statement = try db.cachedStatement(sql: "SELECT 1 FROM messages WHERE dedupe_key = ?")
            for key in keys where try Int.fetchOne(statement, arguments: [key]) != nil {
                found.insert(key)
            }
            return found
        }
    }

    public func message(id: String) throws -> Message? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.messageColumns) FROM messages WHERE id = ?", arguments: [id])
                .map(Self.message(from:))
        }
    }

    public func messages(status: MessageStatus?, limit: Int) throws -> [Message] {
        try read { db in
            if let status {
                return try Row.fetchAll(db, sql: """
                    SELECT \(Self.messageColumns) FROM messages WHERE status = ? ORDER BY due_at DESC LIMIT ?
                    """, arguments: [status.rawValue, limit]).map(Self.message(from:))
            }
            return try Row.fetchAll(db, sql: "SELECT \(Self.messageColumns) FROM messages ORDER BY due_at DESC LIMIT ?",
                                    arguments: [limit]).map(Self.message(from:))
        }
    }

    public func messages(_ filter: MessageFilter) throws -> [Message] {
        try read { db in
            var sql = "SELECT \(Self.messageColumns) FROM messages WHERE 1 = 1"
            var arguments: StatementArguments = []
            if let status = filter.status { sql += " AND status = ?"; arguments += [status.rawValue] }
            if let channel = filter.channel { sql += " AND channel = ?"; arguments += [channel] }
            if let customer = filter.customerId { sql += " AND customer_id = ?"; arguments += [customer] }
            if let since = filter.since { sql += " AND due_at >= ?"; arguments += [since.unixMillis] }
            sql += " ORDER BY due_at DESC LIMIT ?"
            arguments += [filter.limit]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.message(from:))
        }
    }

    public func attempts(messageId: String) throws -> [DeliveryAttempt] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM delivery_attempts WHERE message_id = ? ORDER BY attempt, id
                """, arguments: [messageId]).map { row in
                DeliveryAttempt(
                    messageId: row["message_id"], number: row["attempt"],
                    startedAt: Date(unixMillis: row["started_at"]),
                    finishedAt: Date(unixMillis: row["finished_at"]),
                    httpStatus: row["http_status"], error: row["error"],
                    outcome: DeliveryOutcome.Class(rawValue: row["outcome"]) ?? .retry,
                    endpoint: row["endpoint"])
            }
        }
    }

    public func statusCounts() throws -> [MessageStatus: Int] {
        try read { db in
            var counts: [MessageStatus: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM messages GROUP BY status") {
                if let status = MessageStatus(rawValue: row["status"]) { counts[status] = row["n"] }
            }
            return counts
        }
    }

    /// The message columns, in the order `message(from:)` reads them by position
    /// (positional reads avoid a name lookup per column on the hot path).
    static let messageColumns = """
        id, dedupe_key, kind, customer_id, channel, text, locale, data, due_at, expires_at, status, \
        attempts, lease_owner, lease_expires_at, last_error, created_at, updated_at, delivered_at, \
        retry_from, fallback_of, windowed, category
        """

    /// Decodes a row selected with `messageColumns`.
    static func message(from row: Row) -> Message {
        var message = Message(
            id: row[0], dedupeKey: row[1], kind: row[2], customerId: row[3], channel: row[4], text: row[5],
            locale: MessageLocale(rawValue: row[6]) ?? .zhHans, dataJSON: row[7],
            dueAt: Date(unixMillis: row[8]),
            expiresAt: (row[9] as Int64?).map(Date.init(unixMillis:)),
            status: MessageStatus(rawValue: row[10]) ?? .pending,
            attempts: row[11], leaseOwner: row[12],
            leaseExpiresAt: (row[13] as Int64?).map(Date.init(unixMillis:)),
            lastError: row[14], createdAt: Date(unixMillis: row[15]), updatedAt: Date(unixMillis: row[16]),
            deliveredAt: (row[17] as Int64?).map(Date.init(unixMillis:)),
            retryFrom: row[18], fallbackOf: row[19])
        message.windowed = row[20]
        message.category = MessageCategory(rawValue: row[21]) ?? .transactional
        return message
    }
}
