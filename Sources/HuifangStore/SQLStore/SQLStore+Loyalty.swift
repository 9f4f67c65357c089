import Foundation
import HuifangCore

/// Purchases, points and tiers (R-MEM): one transaction per purchase.
extension SQLStore {
    public func loyaltyAccount(customerId: Int64) throws -> LoyaltyAccount {
        try read { db in try Self.account(customerId, db) }
    }

    public func recordPurchase(_ purchase: Purchase, outcome: LoyaltyRules.Outcome, message: Message?)
        throws -> (purchase: Purchase, outcome: LoyaltyRules.Outcome)
    {
        try write { db in
            var stored = purchase
            stored.id = try db.insert("INSERT INTO purchases (customer_id, amount_minor, category, points_used, at) VALUES (?, ?, ?, ?, ?)",
                                      purchase.customerId, purchase.amountMinor, purchase.category, purchase.pointsUsed,
                                      purchase.at.unixMillis)
            var entries = outcome.entries
            for index in entries.indices {
                entries[index].purchaseId = stored.id
                let entry = entries[index]
                try db.execute("""
                    INSERT INTO points_ledger (customer_id, at, kind, points, balance, purchase_id) VALUES (?, ?, ?, ?, ?, ?)
                    """, purchase.customerId, entry.at.unixMillis, entry.kind.rawValue, entry.points, entry.balance, stored.id)
            }
            let a = outcome.account
            try db.execute("""
                INSERT INTO loyalty_accounts (customer_id, spend_minor, points, tier, purchases, last_purchase_at, evaluated_period)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (customer_id) DO UPDATE SET spend_minor = excluded.spend_minor, points = excluded.points,
                    tier = excluded.tier, purchases = excluded.purchases, last_purchase_at = excluded.last_purchase_at,
                    evaluated_period = excluded.evaluated_period
                """, a.customerId, a.spendMinor, a.points, a.tier, a.purchases, a.lastPurchaseAt?.unixMillis, a.evaluatedPeriod)
            if let message { try Self.insert(message, into: db, orIgnore: true) }
            var recorded = outcome
            recorded.entries = entries
            return (stored, recorded)
        }
    }

    public func pointsLedger(customerId: Int64) throws -> [PointsEntry] {
        try read { db in
            try db.query("SELECT at, kind, points, purchase_id, balance FROM points_ledger WHERE customer_id = ? ORDER BY id",
                         customerId).map { row in
                PointsEntry(at: row.date(0), kind: PointsEntry.Kind(rawValue: row.string(1)) ?? .earn, points: row.int64(2),
                            purchaseId: row.optionalInt64(3), balance: row.int64(4))
            }
        }
    }

    public func anniversaryStarts(customerIds: [Int64], basis: AnniversaryBasis) throws -> [Int64: Date] {
        guard !customerIds.isEmpty else { return [:] }
        let (table, column) = basis == .firstVisit ? ("visits", "ended_at") : ("purchases", "at")
        return try read { db in
            var found: [Int64: Date] = [:]
            for chunk in customerIds.chunked(500) {
                for row in try db.query("""
                    SELECT customer_id, MIN(\(column)) FROM \(table) WHERE customer_id IN (\(SQLText.marks(chunk.count))) GROUP BY customer_id
                    """, chunk.map(\.sqlValue)) {
                    found[row.int64(0)] = row.date(1)
                }
            }
            return found
        }
    }

    public func tierNames(customerIds: [Int64]) throws -> [Int64: String] {
        guard !customerIds.isEmpty else { return [:] }
        return try read { db in
            var found: [Int64: String] = [:]
            for chunk in customerIds.chunked(500) {
                for row in try db.query("""
                    SELECT customer_id, tier FROM loyalty_accounts WHERE tier IS NOT NULL AND customer_id IN (\(SQLText.marks(chunk.count)))
                    """, chunk.map(\.sqlValue)) {
                    found[row.int64(0)] = row.string(1)
                }
            }
            return found
        }
    }

    public func loyaltyAccountsToReview(customerIds: [Int64]) throws -> [LoyaltyAccount] {
        guard !customerIds.isEmpty else { return [] }
        return try read { db in
            var accounts: [LoyaltyAccount] = []
            for chunk in customerIds.chunked(500) {
                accounts += try db.query("""
                    SELECT \(Self.accountColumns) FROM loyalty_accounts a JOIN customers c ON c.id = a.customer_id
                    WHERE a.customer_id IN (\(SQLText.marks(chunk.count))) AND (a.points > 0 OR a.tier IS NOT NULL)
                      AND c.erased_at IS NULL ORDER BY a.customer_id
                    """, chunk.map(\.sqlValue)).map(Self.account(from:))
            }
            return accounts
        }
    }

    public func visitCounts(since: Date, customerIds: [Int64]) throws -> [Int64: Int] {
        try perCustomer(customerIds, since) { marks in
            "SELECT customer_id, COUNT(*) FROM visits WHERE ended_at >= ? AND customer_id IN (\(marks)) GROUP BY customer_id"
        } value: { $0.int(1) }
    }

    public func spendSince(_ since: Date, customerIds: [Int64]) throws -> [Int64: Int64] {
        try perCustomer(customerIds, since) { marks in
            "SELECT customer_id, SUM(amount_minor) FROM purchases WHERE at >= ? AND customer_id IN (\(marks)) GROUP BY customer_id"
        } value: { $0.int64(1) }
    }

    /// A figure per customer since a date, for these customers, 500 ids a statement (`sql` is
    /// given the statement's placeholders for them).
    private func perCustomer<Value>(_ customerIds: [Int64], _ since: Date, sql: (String) -> String,
                                    value: (SQLRow) -> Value) throws -> [Int64: Value] {
        guard !customerIds.isEmpty else { return [:] }
        return try read { db in
            var found: [Int64: Value] = [:]
            for chunk in customerIds.chunked(500) {
                for row in try db.query(sql(SQLText.marks(chunk.count)), [since.unixMillis.sqlValue] + chunk.map(\.sqlValue)) {
                    found[row.int64(0)] = value(row)
                }
            }
            return found
        }
    }

    public func applyLoyaltyReview(_ review: LoyaltyReview, seen: LoyaltyAccount, messages: [Message], now: Date) throws -> Bool {
        try write { db in
            guard try Self.account(seen.customerId, db) == seen else { return false }
            let account = review.applied(to: seen)
            if review.expirePoints > 0 {
                try db.execute("""
                    INSERT INTO points_ledger (customer_id, at, kind, points, balance, purchase_id) VALUES (?, ?, 'expire', ?, ?, NULL)
                    """, seen.customerId, now.unixMillis, -review.expirePoints, account.points)
            }
            // A tier reached by visits alone may be the account's first row.
            try db.execute("INSERT INTO loyalty_accounts (customer_id) VALUES (?) ON CONFLICT DO NOTHING", seen.customerId)
            try db.execute("UPDATE loyalty_accounts SET points = ?, tier = ?, evaluated_period = ? WHERE customer_id = ?",
                           account.points, account.tier, account.evaluatedPeriod, seen.customerId)
            for message in messages { try Self.insert(message, into: db, orIgnore: true) }
            return true
        }
    }

    private static var accountColumns: String {
        "a.customer_id, a.spend_minor, a.points, a.tier, a.purchases, a.last_purchase_at, a.evaluated_period"
    }

    private static func account(from row: SQLRow) -> LoyaltyAccount {
        var account = LoyaltyAccount(customerId: row.int64(0))
        account.spendMinor = row.int64(1)
        account.points = row.int64(2)
        account.tier = row.optionalString(3)
        account.purchases = row.int(4)
        account.lastPurchaseAt = row.optionalDate(5)
        account.evaluatedPeriod = row.optionalString(6)
        return account
    }

    private static func account(_ customerId: Int64, _ db: any SQLConnection) throws -> LoyaltyAccount {
        try db.query("SELECT \(accountColumns) FROM loyalty_accounts a WHERE a.customer_id = ?", customerId)
            .first.map(account(from:)) ?? LoyaltyAccount(customerId: customerId)
    }
}
