import Foundation
import GRDB
import HuifangCore

/// Two records of one person made one (R-PPL-2), in one transaction.
extension SQLiteStore {
    public func mergeCustomers(keep: Int64, drop: Int64, now: Date) throws -> MergeReport {
        try write { db in
            guard keep != drop else { throw HuifangError.invalid("drop", "is the customer to keep") }
            for (id, field) in [(keep, "keep"), (drop, "drop")] {
                guard id > 0, let row = try Row.fetchOne(db, sql: "SELECT erased_at FROM customers WHERE id = ?", arguments: [id]) else {
                    throw HuifangError(.notFound, "no customer with id \(id)", field: field)
                }
                guard (row[0] as Int64?) == nil else { throw HuifangError(.conflict, "customer \(id) was erased or merged already", field: field) }
            }
            var report = MergeReport()
            // The other's greetings would greet twice; the kept record's are planned afresh.
            try Self.withdraw(where: "customer_id = ? AND kind IN (?, ?)",
                              arguments: [drop, MessageKind.birthdayGreeting, MessageKind.holidayGreeting],
                              reason: "superseded by a merge into customer \(keep)", now: now, db: db, freeKey: true)
            func move(_ table: String) throws -> Int {
                try db.execute(sql: "UPDATE \(table) SET customer_id = ? WHERE customer_id = ?", arguments: [keep, drop])
                return db.changesCount
            }
            report.visits = try move("visits")
            report.messages = try move("messages")
            report.tasks = try move("tasks")
            report.complaints = try move("complaints")
            report.appointments = try move("appointments")
            report.contacts = try move("contact_records")
            report.purchases = try move("purchases")
            _ = try move("pets")
            _ = try move("points_ledger")
            // One loyalty account: spend, points and purchases add up; the higher standing stays.
            try db.execute(sql: """
                INSERT INTO loyalty_accounts (customer_id, spend_minor, points, tier, purchases, last_purchase_at, evaluated_period)
                SELECT ?, spend_minor, points, tier, purchases, last_purchase_at, evaluated_period FROM loyalty_accounts WHERE customer_id = ?
                ON CONFLICT (customer_id) DO UPDATE SET
                    spend_minor = spend_minor + excluded.spend_minor, points = points + excluded.points,
                    tier = COALESCE(tier, excluded.tier), purchases = purchases + excluded.purchases,
                    last_purchase_at = MAX(COALESCE(last_purchase_at, 0), COALESCE(excluded.last_purchase_at, 0))
                """, arguments: [keep, drop])
            try db.execute(sql: "DELETE FROM loyalty_accounts WHERE customer_id = ?", arguments: [drop])
            try db.execute(sql: """
                INSERT INTO arrears (customer_id, owed_minor, since, reminders_sent, suspended)
                SELECT ?, owed_minor, since, reminders_sent, suspended FROM arrears WHERE customer_id = ?
                ON CONFLICT (customer_id) DO UPDATE SET owed_minor = owed_minor + excluded.owed_minor,
                    since = MIN(since, excluded.since), suspended = MAX(suspended, excluded.suspended)
                """, arguments: [keep, drop])
            try db.execute(sql: "DELETE FROM arrears WHERE customer_id = ?", arguments: [drop])
            // An opt-out on either record holds for the person.
            try db.execute(sql: """
                INSERT OR IGNORE INTO customer_optouts (customer_id, channel, opted_out_at)
                SELECT ?, channel, opted_out_at FROM customer_optouts WHERE customer_id = ?
                """, arguments: [keep, drop])
            try db.execute(sql: "DELETE FROM customer_optouts WHERE customer_id = ?", arguments: [drop])
            // Fields the kept record lacks come from the other.
            for column in ["phone", "email", "wechat_id", "birthday", "address", "occupation", "consultant", "lunar_date"] {
                try db.execute(sql: """
                    UPDATE customers SET \(column) = (SELECT \(column) FROM customers WHERE id = ?)
                     WHERE id = ? AND \(column) IS NULL AND (SELECT \(column) FROM customers WHERE id = ?) IS NOT NULL
                    """, arguments: [drop, keep, drop])
                if db.changesCount > 0 { report.fieldsFilled.append(column) }
            }
            if report.fieldsFilled.contains("birthday") {
                try db.execute(sql: "UPDATE customers SET lunar_birthday = (SELECT lunar_birthday FROM customers WHERE id = ?) WHERE id = ?",
                               arguments: [drop, keep])
            }
            try db.execute(sql: "UPDATE customers SET updated_at = ? WHERE id = ?", arguments: [now.unixMillis, keep])
            try db.execute(sql: "DELETE FROM health_records WHERE customer_id = ?", arguments: [drop])
            // The other record keeps nothing personal, only where it went.
            try db.execute(sql: """
                UPDATE customers SET name = '', gender = 'unknown', birthday = NULL, lunar_birthday = 0, phone = NULL, email = NULL,
                    wechat_id = NULL, address = NULL, occupation = NULL, preferred_channel = NULL, tags = '[]', notes = '',
                    pets = '[]', consultant = NULL, lunar_date = NULL, merged_into = ?, erased_at = ?, updated_at = ?
                 WHERE id = ?
                """, arguments: [keep, now.unixMillis, now.unixMillis, drop])
            return report
        }
    }
}
