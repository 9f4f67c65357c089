import Foundation
import HuifangCore

/// Two records of one person made one (R-PPL-2), in one transaction.
extension SQLStore {
    public func mergeCustomers(keep: Int64, drop: Int64, now: Date) throws -> MergeReport {
        try write { db in
            let greatest = db.dialect.greatest, least = db.dialect.least
            guard keep != drop else { throw HuifangError.invalid("drop", "is the customer to keep") }
            for (id, field) in [(keep, "keep"), (drop, "drop")] {
                guard id > 0, let row = try db.query("SELECT erased_at FROM customers WHERE id = ?", id).first else {
                    throw HuifangError(.notFound, "no customer with id \(id)", field: field)
                }
                guard row.optionalInt64(0) == nil else { throw HuifangError(.conflict, "customer \(id) was erased or merged already", field: field) }
            }
            var report = MergeReport()
            // The other's greetings would greet twice; the kept record's are planned afresh.
            try Self.withdraw(where: "customer_id = ? AND kind IN (?, ?)",
                              arguments: [.integer(drop), .text(MessageKind.birthdayGreeting), .text(MessageKind.holidayGreeting)],
                              reason: "superseded by a merge into customer \(keep)", now: now, db: db, freeKey: true)
            func move(_ table: String) throws -> Int {
                try db.execute("UPDATE \(table) SET customer_id = ? WHERE customer_id = ?", keep, drop)
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
            try db.execute("""
                INSERT INTO loyalty_accounts (customer_id, spend_minor, points, tier, purchases, last_purchase_at, evaluated_period)
                SELECT CAST(? AS BIGINT), spend_minor, points, tier, purchases, last_purchase_at, evaluated_period
                  FROM loyalty_accounts WHERE customer_id = ?
                ON CONFLICT (customer_id) DO UPDATE SET
                    spend_minor = loyalty_accounts.spend_minor + excluded.spend_minor,
                    points = loyalty_accounts.points + excluded.points,
                    tier = COALESCE(loyalty_accounts.tier, excluded.tier),
                    purchases = loyalty_accounts.purchases + excluded.purchases,
                    last_purchase_at = \(greatest)(COALESCE(loyalty_accounts.last_purchase_at, 0), COALESCE(excluded.last_purchase_at, 0))
                """, keep, drop)
            try db.execute("DELETE FROM loyalty_accounts WHERE customer_id = ?", drop)
            try db.execute("""
                INSERT INTO arrears (customer_id, owed_minor, since, reminders_sent, suspended)
                SELECT CAST(? AS BIGINT), owed_minor, since, reminders_sent, suspended FROM arrears WHERE customer_id = ?
                ON CONFLICT (customer_id) DO UPDATE SET owed_minor = arrears.owed_minor + excluded.owed_minor,
                    since = \(least)(arrears.since, excluded.since), suspended = \(greatest)(arrears.suspended, excluded.suspended)
                """, keep, drop)
            try db.execute("DELETE FROM arrears WHERE customer_id = ?", drop)
            // An opt-out on either record holds for the person.
            try db.execute("""
                INSERT INTO customer_optouts (customer_id, channel, opted_out_at)
                SELECT CAST(? AS BIGINT), channel, opted_out_at FROM customer_optouts WHERE customer_id = ?
                ON CONFLICT DO NOTHING
                """, keep, drop)
            try db.execute("DELETE FROM customer_optouts WHERE customer_id = ?", drop)
            // Fields the kept record lacks come from the other.
            for column in ["phone", "email", "wechat_id", "birthday", "address", "occupation", "consultant", "lunar_date"] {
                let filled = try db.execute("""
                    UPDATE customers SET \(column) = (SELECT \(column) FROM customers WHERE id = ?1)
                     WHERE id = ?2 AND \(column) IS NULL AND (SELECT \(column) FROM customers WHERE id = ?1) IS NOT NULL
                    """, drop, keep)
                if filled > 0 { report.fieldsFilled.append(column) }
            }
            if report.fieldsFilled.contains("birthday") {
                try db.execute("UPDATE customers SET lunar_birthday = (SELECT lunar_birthday FROM customers WHERE id = ?) WHERE id = ?",
                               drop, keep)
            }
            try db.execute("UPDATE customers SET updated_at = ? WHERE id = ?", now.unixMillis, keep)
            try db.execute("DELETE FROM health_records WHERE customer_id = ?", drop)
            // The other record keeps nothing personal, only where it went.
            try db.execute("""
                UPDATE customers SET name = '', gender = 'unknown', birthday = NULL, lunar_birthday = 0, phone = NULL, email = NULL,
                    wechat_id = NULL, address = NULL, occupation = NULL, preferred_channel = NULL, tags = '[]', notes = '',
                    pets = '[]', consultant = NULL, lunar_date = NULL, merged_into = ?, erased_at = ?, updated_at = ?
                 WHERE id = ?
                """, keep, now.unixMillis, now.unixMillis, drop)
            return report
        }
    }
}
