import Foundation
import GRDB
import HuifangCore

/// Appointments (R-APT): each change with its cancellations and new plans in one transaction.
extension SQLiteStore {
    public func addAppointment(_ appointment: Appointment, now: Date) throws -> Appointment {
        try write { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM customers WHERE id = ?", arguments: [appointment.customerId]) != nil else {
                throw HuifangError(.notFound, "no customer with id \(appointment.customerId)", field: "customer")
            }
            try db.execute(sql: """
                INSERT INTO appointments (customer_id, service, staff, start_at, duration_minutes, place, status, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [appointment.customerId, appointment.service, appointment.staff, appointment.start.unixMillis,
                                 appointment.durationMinutes, appointment.place, appointment.status.rawValue, now.unixMillis,
                                 now.unixMillis])
            var stored = appointment
            stored.id = db.lastInsertedRowID
            return stored
        }
    }

    public func appointments(from: Date, to: Date, staff: String?, status: Appointment.Status?, limit: Int) throws -> [Appointment] {
        try read { db in
            var sql = """
                SELECT id, customer_id, service, staff, start_at, duration_minutes, place, status, checked_in_at
                  FROM appointments WHERE start_at >= ? AND start_at < ?
                """
            var arguments: StatementArguments = [from.unixMillis, to.unixMillis]
            if let staff {
                sql += " AND staff = ?"
                arguments += [staff]
            }
            if let status {
                sql += " AND status = ?"
                arguments += [status.rawValue]
            }
            sql += " ORDER BY start_at, id LIMIT ?"
            arguments += [limit]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.appointment(from:))
        }
    }

    public func sameOpenAppointment(as appointment: Appointment) throws -> Int64? {
        try read { db in
            try Int64.fetchOne(db, sql: """
                SELECT id FROM appointments WHERE customer_id = ? AND start_at = ? AND service = ? AND staff = ?
                    AND status IN ('booked', 'confirmed') LIMIT 1
                """, arguments: [appointment.customerId, appointment.start.unixMillis, appointment.service, appointment.staff])
        }
    }

    public func appointment(id: Int64) throws -> Appointment? {
        try read { db in try Self.appointment(id: id, db: db) }
    }

    public func updateAppointment(_ a: Appointment, now: Date) throws {
        try write { db in
            try db.execute(sql: """
                UPDATE appointments SET start_at = ?, duration_minutes = ?, status = ?, checked_in_at = ?, updated_at = ? WHERE id = ?
                """, arguments: [a.start.unixMillis, a.durationMinutes, a.status.rawValue, a.checkedInAt?.unixMillis, now.unixMillis, a.id])
            guard db.changesCount > 0 else { throw HuifangError(.notFound, "no appointment with id \(a.id)", field: "id") }
        }
    }

    public func markNoShows(now: Date) throws -> Int {
        try write { db in
            try db.execute(sql: """
                UPDATE appointments SET status = 'no-show', updated_at = ?
                 WHERE status IN ('booked', 'confirmed') AND checked_in_at IS NULL
                   AND start_at + duration_minutes * 60000 <= ?
                """, arguments: [now.unixMillis, now.unixMillis])
            return db.changesCount
        }
    }

    /// Cancels pending messages and open tasks whose dedupe key starts with `prefix` (a range
    /// on the unique dedupe-key index, no scan).
    static func cancelPending(prefix: String, reason: String, db: Database, now: Date) throws {
        let end = prefix + "\u{10FFFF}"
        try withdraw(where: "dedupe_key >= ? AND dedupe_key < ?", arguments: [prefix, end], reason: reason, now: now, db: db)
        try db.execute(sql: """
            UPDATE tasks SET status = 'cancelled', note = ?, closed_at = ? WHERE dedupe_key >= ? AND dedupe_key < ? AND status = 'open'
            """, arguments: [reason, now.unixMillis, prefix, end])
        // The staff notices of cancelled tasks go too.
        try withdraw(where: "id IN (SELECT message_id FROM tasks WHERE dedupe_key >= ? AND dedupe_key < ? AND message_id IS NOT NULL)",
                     arguments: [prefix, end], reason: reason, now: now, db: db)
    }

    static func appointment(id: Int64, db: Database) throws -> Appointment? {
        try Row.fetchOne(db, sql: """
            SELECT id, customer_id, service, staff, start_at, duration_minutes, place, status, checked_in_at
              FROM appointments WHERE id = ?
            """, arguments: [id]).map(appointment(from:))
    }

    static func appointment(from row: Row) -> Appointment {
        Appointment(id: row[0], customerId: row[1], service: row[2], staff: row[3], start: Date(unixMillis: row[4]),
                    durationMinutes: row[5], place: row[6], status: Appointment.Status(rawValue: row[7]) ?? .booked,
                    checkedInAt: (row[8] as Int64?).map(Date.init(unixMillis:)))
    }
}
