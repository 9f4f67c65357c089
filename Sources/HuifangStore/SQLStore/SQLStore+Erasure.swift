import Foundation
import HuifangCore

/// Erasure on request (R-CUS-5). Afterwards the driver makes sure no old image of the erased
/// text stays in its files (`afterErasure`: SQLite runs with `secure_delete` and checkpoints
/// and truncates its WAL); backups age out by retention.
extension SQLStore {
    public func eraseCustomer(id: Int64, now: Date) throws -> ErasureReport? {
        let report: ErasureReport? = try write { db in
            guard try !db.query("SELECT 1 FROM customers WHERE id = ?", id).isEmpty else { return nil }
            let at = now.unixMillis
            try db.execute("""
                UPDATE customers SET name = '', gender = 'unknown', birthday = NULL, lunar_birthday = 0, phone = NULL,
                    email = NULL, wechat_id = NULL, address = NULL, occupation = NULL, preferred_channel = NULL,
                    tags = '[]', notes = '', pets = '[]', updated_at = ?, erased_at = COALESCE(erased_at, ?)
                WHERE id = ?
                """, at, at, id)
            try db.execute("DELETE FROM health_records WHERE customer_id = ?", id)
            try db.execute("DELETE FROM customer_optouts WHERE customer_id = ?", id)
            try db.execute("UPDATE visits SET pet_id = NULL WHERE customer_id = ?", id)
            try db.execute("DELETE FROM pets WHERE customer_id = ?", id)

            var report = ErasureReport()
            report.messagesCancelled = try db.execute("""
                UPDATE messages SET status = 'cancelled', last_error = 'customer erased', lease_owner = NULL,
                    lease_expires_at = NULL, updated_at = ?
                WHERE customer_id = ? AND status IN ('pending', 'failed', 'sending')
                """, at, id)
            report.messagesWiped = try db.execute("UPDATE messages SET text = '', data = '{}' WHERE customer_id = ? AND (text <> '' OR data <> '{}')", id)
            // Their stories name what the customer was sent about and why.
            try db.execute("DELETE FROM message_events WHERE message_id IN (SELECT id FROM messages WHERE customer_id = ?)", id)
            report.tasksCancelled = try db.execute("UPDATE tasks SET status = 'cancelled', closed_at = ? WHERE customer_id = ? AND status = 'open'", at, id)
            try db.execute("UPDATE tasks SET text = '', note = NULL WHERE customer_id = ?", id)
            try db.execute("UPDATE contact_records SET note = '' WHERE customer_id = ?", id)
            report.appointmentsCancelled = try db.execute("""
                UPDATE appointments SET status = 'cancelled', updated_at = ?
                WHERE customer_id = ? AND status IN ('booked', 'confirmed')
                """, at, id)
            report.complaintsClosed = try db.execute("""
                UPDATE complaints SET status = 'closed', updated_at = ? WHERE customer_id = ? AND status <> 'closed'
                """, at, id)
            try db.execute("""
                UPDATE complaints SET content = '', expectation = '', resolution = NULL, cause = NULL WHERE customer_id = ?
                """, id)
            report.visitsKept = try db.query("SELECT COUNT(*) FROM visits WHERE customer_id = ?", id).first?.int(0) ?? 0
            return report
        }
        if report != nil { try afterErasure() }
        return report
    }
}
