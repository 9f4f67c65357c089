import Foundation
import GRDB
import HuifangCore

/// Erasure on request (R-CUS-5). The store runs with `secure_delete`, so overwritten and
/// deleted text is zeroed in the file, and the WAL is checkpointed and truncated afterwards
/// so no old page image of the customer stays on disk (backups age out by retention).
extension SQLiteStore {
    public func eraseCustomer(id: Int64, now: Date) throws -> ErasureReport? {
        let report: ErasureReport? = try write { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM customers WHERE id = ?", arguments: [id]) != nil else { return nil }
            let at = now.unixMillis
            try db.execute(sql: """
                UPDATE customers SET name = '', gender = 'unknown', birthday = NULL, lunar_birthday = 0, phone = NULL,
                    email = NULL, wechat_id = NULL, address = NULL, occupation = NULL, preferred_channel = NULL,
                    tags = '[]', notes = '', pets = '[]', updated_at = ?, erased_at = COALESCE(erased_at, ?)
                WHERE id = ?
                """, arguments: [at, at, id])
            try db.execute(sql: "DELETE FROM health_records WHERE customer_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM customer_optouts WHERE customer_id = ?", arguments: [id])
            try db.execute(sql: "UPDATE visits SET pet_id = NULL WHERE customer_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM pets WHERE customer_id = ?", arguments: [id])

            var report = ErasureReport()
            try db.execute(sql: """
                UPDATE messages SET status = 'cancelled', last_error = 'customer erased', lease_owner = NULL,
                    lease_expires_at = NULL, updated_at = ?
                WHERE customer_id = ? AND status IN ('pending', 'failed', 'sending')
                """, arguments: [at, id])
            report.messagesCancelled = db.changesCount
            try db.execute(sql: "UPDATE messages SET text = '', data = '{}' WHERE customer_id = ? AND (text <> '' OR data <> '{}')",
                           arguments: [id])
            report.messagesWiped = db.changesCount
            // Their stories name what the customer was sent about and why.
            try db.execute(sql: "DELETE FROM message_events WHERE message_id IN (SELECT id FROM messages WHERE customer_id = ?)",
                           arguments: [id])
            try db.execute(sql: "UPDATE tasks SET status = 'cancelled', closed_at = ? WHERE customer_id = ? AND status = 'open'",
                           arguments: [at, id])
            report.tasksCancelled = db.changesCount
            try db.execute(sql: "UPDATE tasks SET text = '', note = NULL WHERE customer_id = ?", arguments: [id])
            try db.execute(sql: "UPDATE contact_records SET note = '' WHERE customer_id = ?", arguments: [id])
            try db.execute(sql: """
                UPDATE appointments SET status = 'cancelled', updated_at = ?
                WHERE customer_id = ? AND status IN ('booked', 'confirmed')
                """, arguments: [at, id])
            report.appointmentsCancelled = db.changesCount
            try db.execute(sql: """
                UPDATE complaints SET status = 'closed', updated_at = ? WHERE customer_id = ? AND status <> 'closed'
                """, arguments: [at, id])
            report.complaintsClosed = db.changesCount
            try db.execute(sql: """
                UPDATE complaints SET content = '', expectation = '', resolution = NULL, cause = NULL WHERE customer_id = ?
                """, arguments: [id])
            report.visitsKept = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM visits WHERE customer_id = ?", arguments: [id]) ?? 0
            return report
        }
        if report != nil {
            // Until a checkpoint, the WAL holds earlier images of the customer's pages and the main file the old pages.
            try afterCommit { db in
                _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            }
        }
        return report
    }
}
