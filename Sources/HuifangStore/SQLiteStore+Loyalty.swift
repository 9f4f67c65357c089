import Foundation
import GRDB
import HuifangCore

/// Purchases, points and tiers (R-MEM): one transaction per purchase.
extension SQLiteStore {
    public func loyaltyAccount(customerId: Int64) throws -> LoyaltyAccount {
        try pool.read { db in try Self.account(customerId, db) }
    }

    public func recordPurchase(_ purchase: Purchase, apply: (LoyaltyAccount) throws -> (LoyaltyRules.Outcome, Message?))
        throws -> (purchase: Purchase, outcome: LoyaltyRules.Outcome)
    {
        try pool.write { db in
            let (outcome, message) = try apply(try Self.account(purchase.customerId, db))
            try db.execute(sql: "INSERT INTO purchases (customer_id, amount_minor, category, points_used, at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [purchase.customerId, purchase.amountMinor, purchase.category, purchase.pointsUsed, purchase.at.unixMillis])
            var stored = purchase
            stored.id = db.lastInsertedRowID
            var entries = outcome.entries
            for index in entries.indices {
                entries[index].purchaseId = stored.id
                let entry = entries[index]
                try db.execute(sql: """
                    INSERT INTO points_ledger (customer_id, at, kind, points, balance, purchase_id) VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [purchase.customerId, entry.at.unixMillis, entry.kind.rawValue, entry.points, entry.balance, stored.id])
            }
            let a = outcome.account
            try db.execute(sql: """
                INSERT INTO loyalty_accounts (customer_id, spend_minor, points, tier, purchases, last_purchase_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (customer_id) DO UPDATE SET spend_minor = excluded.spend_minor, points = excluded.points,
                    tier = excluded.tier, purchases = excluded.purchases, last_purchase_at = excluded.last_purchase_at
                """, arguments: [a.customerId, a.spendMinor, a.points, a.tier, a.purchases, a.lastPurchaseAt?.unixMillis])
            if let message { try Self.insert(message, into: db, orIgnore: true) }
            var recorded = outcome
            recorded.entries = entries
            return (stored, recorded)
        }
    }

    public func pointsLedger(customerId: Int64) throws -> [PointsEntry] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT at, kind, points, purchase_id, balance FROM points_ledger WHERE customer_id = ? ORDER BY id",
                             arguments: [customerId]).map { row in
                PointsEntry(at: Date(unixMillis: row[0]), kind: PointsEntry.Kind(rawValue: row[1]) ?? .earn, points: row[2],
                            purchaseId: row[3], balance: row[4])
            }
        }
    }

    private static func account(_ customerId: Int64, _ db: Database) throws -> LoyaltyAccount {
        var account = LoyaltyAccount(customerId: customerId)
        if let row = try Row.fetchOne(db, sql: """
            SELECT spend_minor, points, tier, purchases, last_purchase_at FROM loyalty_accounts WHERE customer_id = ?
            """, arguments: [customerId]) {
            account.spendMinor = row[0]
            account.points = row[1]
            account.tier = row[2]
            account.purchases = row[3]
            account.lastPurchaseAt = (row[4] as Int64?).map(Date.init(unixMillis:))
        }
        return account
    }
}
