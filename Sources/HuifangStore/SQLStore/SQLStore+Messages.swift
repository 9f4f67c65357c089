import Foundation
import HuifangCore

/// Messages: inserted once per dedupe key (R-DLV-5), listed and counted.
extension SQLStore {
    public func insertMessage(_ message: Message) throws -> (message: Message, inserted: Bool) {
        try write { db in
            if let existing = try db.query("SELECT \(Self.messageColumns) FROM messages WHERE dedupe_key = ?", message.dedupeKey).first {
                return (Self.message(from: existing), false)
            }
            try Self.insert(message, into: db, orIgnore: false)
            return (message, true)
        }
    }

    /// Inserts a new message row and its creation event; with `orIgnore`, an existing dedupe
    /// key (or id) is left alone. Returns whether the row was inserted.
    @discardableResult
    static func insert(_ message: Message, into db: any SQLConnection, orIgnore: Bool) throws -> Bool {
        let inserted = try db.execute("""
            INSERT INTO messages (id, dedupe_key, kind, customer_id, channel,
                text, locale, data, due_at, expires_at, status, attempts, created_at, updated_at, fallback_of,
                windowed, category)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)\(orIgnore ? " ON CONFLICT DO NOTHING" : "")
            """,
            message.id, message.dedupeKey, message.kind, message.customerId,
            message.channel, message.text, message.locale.rawValue, message.dataJSON,
            message.dueAt.unixMillis, message.expiresAt?.unixMillis,
            message.status.rawValue, message.attempts, message.createdAt.unixMillis,
            message.updatedAt.unixMillis, message.fallbackOf, message.windowed,
            message.category.rawValue)
        guard inserted > 0 else { return false }
        try log(.created, MessageOrigin.describe(message), related: message.fallbackOf, messageId: message.id,
                at: message.createdAt, db: db)
        return true
    }

    public func insertNew(_ messages: [Message]) throws -> Int {
        guard !messages.isEmpty else { return 0 }
        return try write { db in
            var inserted = 0
            for message in messages where try Self.insert(message, into: db, orIgnore: true) {
                inserted += 1
            }
            return inserted
        }
    }

    public func skipQueued(_ reasons: [(id: String, reason: String)], now: Date) throws {
        guard !reasons.isEmpty else { return }
        try write { db in
            for (id, reason) in reasons {
                let skipped = try db.execute("""
                    UPDATE messages SET status = 'skipped', last_error = ?, updated_at = ? WHERE id = ? AND status IN ('pending', 'failed')
                    """, reason, now.unixMillis, id)
                if skipped > 0 { try Self.log(.skipped, reason, messageId: id, at: now, db: db) }
            }
        }
    }

    public func queued(customerId: Int64?, branch: String?, from: Date?, through: Date, limit: Int) throws -> [Message] {
        try read { db in
            var sql = "SELECT \(Self.messageColumns) FROM messages WHERE status IN ('pending', 'failed') AND due_at <= ?"
            var arguments: [SQLValue] = [.integer(through.unixMillis)]
            if let from {
                sql += " AND due_at >= ?"
                arguments.append(.integer(from.unixMillis))
            }
            if let customerId {
                sql += " AND customer_id = ?"
                arguments.append(.integer(customerId))
            }
            if let branch {
                sql += " AND \(SQLText.customerOfBranch)"
                arguments.append(.text(branch))
            }
            sql += " ORDER BY due_at LIMIT ?"
            arguments.append(limit.sqlValue)
            return try db.query(sql, arguments).map(Self.message(from:))
        }
    }

    public func queuedCounts(through: Date, branch: String?) throws -> [String: Int] {
        try read { db in
            var counts: [String: Int] = [:]
            try db.forEach("""
                SELECT kind, COUNT(*) FROM messages WHERE status IN ('pending', 'failed') AND due_at <= ?\(branch == nil ? "" : " AND \(SQLText.customerOfBranch)")
                 GROUP BY kind
                """, [.integer(through.unixMillis)] + (branch.map { [.text($0)] } ?? [])) { row in
                counts[row.string(0)] = row.int(1)
            }
            return counts
        }
    }

    /// SQLite, which keeps no statistics here, takes an equality on `status` (and `channel`)
    /// for a narrow one and would walk every delivered message; a customer's own messages are
    /// few, so their index is named. PostgreSQL chooses by its statistics.
    static func byCustomer(_ db: any SQLConnection) -> String {
        db.dialect == .sqlite ? " INDEXED BY messages_customer_due" : ""
    }

    /// The marketing messages delivered to `count` customers since a time, from their own
    /// index (`messages_marketing_delivered`, which holds nothing else): not through all the
    /// customers' messages.
    static func marketingDeliveriesSQL(customers count: Int, _ dialect: SQLDialect) -> String {
        """
        SELECT customer_id, delivered_at FROM messages\(dialect == .sqlite ? " INDEXED BY messages_marketing_delivered" : "")
         WHERE customer_id IN (\(SQLText.marks(count)))
           AND status = 'delivered' AND category = 'marketing' AND delivered_at >= ?
         ORDER BY delivered_at
        """
    }

    public func marketingDeliveries(customerIds: [Int64], since: Date) throws -> [Int64: [Date]] {
        try read { db in
            var found: [Int64: [Date]] = [:]
            for chunk in customerIds.chunked(500) {
                let rows = try db.query(Self.marketingDeliveriesSQL(customers: chunk.count, db.dialect),
                                        chunk.map(\.sqlValue) + [.integer(since.unixMillis)])
                for row in rows {
                    found[row.int64(0), default: []].append(row.date(1))
                }
            }
            return found
        }
    }

    public func existingDedupeKeys(_ keys: [String]) throws -> Set<String> {
        guard !keys.isEmpty else { return [] }
        return try read { db in
            var found = Set<String>()
            for key in keys where try !db.query("SELECT 1 FROM messages WHERE dedupe_key = ?", key).isEmpty {
                found.insert(key)
            }
            return found
        }
    }

    public func message(id: String) throws -> Message? {
        try read { db in
            try db.query("SELECT \(Self.messageColumns) FROM messages WHERE id = ?", id).first.map(Self.message(from:))
        }
    }

    public func messages(status: MessageStatus?, limit: Int) throws -> [Message] {
        try read { db in
            if let status {
                return try db.query("""
                    SELECT \(Self.messageColumns) FROM messages WHERE status = ? ORDER BY due_at DESC LIMIT ?
                    """, status.rawValue, limit).map(Self.message(from:))
            }
            return try db.query("SELECT \(Self.messageColumns) FROM messages ORDER BY due_at DESC LIMIT ?", limit)
                .map(Self.message(from:))
        }
    }

    public func messages(_ filter: MessageFilter) throws -> [Message] {
        try read { db in
            var sql = "SELECT \(Self.messageColumns) FROM messages\(filter.customerId == nil ? "" : Self.byCustomer(db)) WHERE 1 = 1"
            var arguments: [SQLValue] = []
            if let status = filter.status { sql += " AND status = ?"; arguments.append(.text(status.rawValue)) }
            if let channel = filter.channel { sql += " AND channel = ?"; arguments.append(.text(channel)) }
            if let customer = filter.customerId { sql += " AND customer_id = ?"; arguments.append(.integer(customer)) }
            if let since = filter.since { sql += " AND due_at >= ?"; arguments.append(.integer(since.unixMillis)) }
            if let branch = filter.branch { sql += " AND \(SQLText.customerOfBranch)"; arguments.append(.text(branch)) }
            sql += " ORDER BY due_at DESC LIMIT ?"
            arguments.append(filter.limit.sqlValue)
            return try db.query(sql, arguments).map(Self.message(from:))
        }
    }

    public func attempts(messageId: String) throws -> [DeliveryAttempt] {
        try read { db in
            try db.query("""
                SELECT message_id, attempt, started_at, finished_at, http_status, error, outcome, endpoint
                  FROM delivery_attempts WHERE message_id = ? ORDER BY attempt, id
                """, messageId).map { row in
                DeliveryAttempt(
                    messageId: row.string(0), number: row.int(1), startedAt: row.date(2), finishedAt: row.date(3),
                    httpStatus: row.optionalInt(4), error: row.optionalString(5),
                    outcome: DeliveryOutcome.Class(rawValue: row.string(6)) ?? .retry, endpoint: row.string(7))
            }
        }
    }

    public func statusCounts() throws -> [MessageStatus: Int] {
        try read { db in
            var counts: [MessageStatus: Int] = [:]
            for row in try db.query("SELECT status, COUNT(*) FROM messages GROUP BY status") {
                if let status = MessageStatus(rawValue: row.string(0)) { counts[status] = row.int(1) }
            }
            return counts
        }
    }

    /// The message columns, in the order `message(from:)` reads them by position
    /// (positional reads avoid a name lookup per column on the hot path).
    static var messageColumns: String {
        """
        id, dedupe_key, kind, customer_id, channel, text, locale, data, due_at, expires_at, status, \
        attempts, lease_owner, lease_expires_at, last_error, created_at, updated_at, delivered_at, \
        retry_from, fallback_of, windowed, category
        """
    }

    /// Decodes a row selected with `messageColumns`.
    static func message(from row: SQLRow) -> Message {
        var message = Message(
            id: row.string(0), dedupeKey: row.string(1), kind: row.string(2), customerId: row.int64(3), channel: row.string(4),
            text: row.string(5), locale: MessageLocale(rawValue: row.string(6)) ?? .zhHans, dataJSON: row.string(7),
            dueAt: row.date(8), expiresAt: row.optionalDate(9),
            status: MessageStatus(rawValue: row.string(10)) ?? .pending,
            attempts: row.int(11), leaseOwner: row.optionalString(12), leaseExpiresAt: row.optionalDate(13),
            lastError: row.optionalString(14), createdAt: row.date(15), updatedAt: row.date(16),
            deliveredAt: row.optionalDate(17), retryFrom: row.int(18), fallbackOf: row.optionalString(19))
        message.windowed = row.bool(20)
        message.category = MessageCategory(rawValue: row.string(21)) ?? .transactional
        return message
    }
}
