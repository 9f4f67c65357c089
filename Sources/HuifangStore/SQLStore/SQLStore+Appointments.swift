import Foundation
import HuifangCore

/// Appointments (R-APT): each change with its cancellations and new plans in one transaction.
extension SQLStore {
    public func addAppointment(_ appointment: Appointment, now: Date) throws -> Appointment {
        try write { db in
            try Self.requireCustomer(appointment.customerId, field: "customer", db)
            var stored = appointment
            stored.id = try db.insert("""
                INSERT INTO appointments (customer_id, service, staff, start_at, duration_minutes, place, status, created_at, updated_at,
                    branch)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, COALESCE(?9, (SELECT branch FROM customers WHERE id = ?1)))
                """, appointment.customerId, appointment.service, appointment.staff, appointment.start.unixMillis,
                appointment.durationMinutes, appointment.place, appointment.status.rawValue, now.unixMillis, appointment.branch)
            return stored
        }
    }

    public func appointments(from: Date, to: Date, staff: String?, status: Appointment.Status?, limit: Int) throws -> [Appointment] {
        try read { db in
            var sql = "SELECT \(Self.appointmentColumns) FROM appointments WHERE start_at >= ? AND start_at < ?"
            var arguments: [SQLValue] = [.integer(from.unixMillis), .integer(to.unixMillis)]
            if let staff {
                sql += " AND staff = ?"
                arguments.append(.text(staff))
            }
            if let status {
                sql += " AND status = ?"
                arguments.append(.text(status.rawValue))
            }
            sql += " ORDER BY start_at, id LIMIT ?"
            arguments.append(limit.sqlValue)
            return try db.query(sql, arguments).map(Self.appointment(from:))
        }
    }

    public func sameOpenAppointment(as appointment: Appointment) throws -> Int64? {
        try read { db in
            try db.query("""
                SELECT id FROM appointments WHERE customer_id = ? AND start_at = ? AND service = ? AND staff = ?
                    AND status IN ('booked', 'confirmed') LIMIT 1
                """, appointment.customerId, appointment.start.unixMillis, appointment.service, appointment.staff).first?.int64(0)
        }
    }

    public func appointment(id: Int64) throws -> Appointment? {
        try read { db in
            try db.query("SELECT \(Self.appointmentColumns) FROM appointments WHERE id = ?", id).first.map(Self.appointment(from:))
        }
    }

    public func updateAppointment(_ a: Appointment, now: Date) throws {
        try write { db in
            let changed = try db.execute("""
                UPDATE appointments SET start_at = ?, duration_minutes = ?, status = ?, checked_in_at = ?, updated_at = ? WHERE id = ?
                """, a.start.unixMillis, a.durationMinutes, a.status.rawValue, a.checkedInAt?.unixMillis, now.unixMillis, a.id)
            guard changed > 0 else { throw HuifangError(.notFound, "no appointment with id \(a.id)", field: "id") }
        }
    }

    public func markNoShows(now: Date) throws -> Int {
        try write { db in
            try db.execute("""
                UPDATE appointments SET status = 'no-show', updated_at = ?1
                 WHERE status IN ('booked', 'confirmed') AND checked_in_at IS NULL
                   AND start_at + duration_minutes * 60000 <= ?1
                """, now.unixMillis)
        }
    }

    /// Cancels pending messages and open tasks whose dedupe key starts with `prefix` (a range
    /// on the unique dedupe-key index, no scan; PostgreSQL's dedupe keys are collated "C", so
    /// the range means the same there).
    static func cancelPending(prefix: String, reason: String, db: any SQLConnection, now: Date) throws {
        let range: [SQLValue] = [.text(prefix), .text(prefix + "\u{10FFFF}")]
        try withdraw(where: "dedupe_key >= ? AND dedupe_key < ?", arguments: range, reason: reason, now: now, db: db)
        try db.execute("""
            UPDATE tasks SET status = 'cancelled', note = ?, closed_at = ? WHERE dedupe_key >= ? AND dedupe_key < ? AND status = 'open'
            """, [.text(reason), .integer(now.unixMillis)] + range)
        // The staff notices of cancelled tasks go too.
        try withdraw(where: "id IN (SELECT message_id FROM tasks WHERE dedupe_key >= ? AND dedupe_key < ? AND message_id IS NOT NULL)",
                     arguments: range, reason: reason, now: now, db: db)
    }

    static var appointmentColumns: String {
        "id, customer_id, service, staff, start_at, duration_minutes, place, status, checked_in_at, branch"
    }

    static func appointment(from row: SQLRow) -> Appointment {
        var appointment = Appointment(
            id: row.int64(0), customerId: row.int64(1), service: row.string(2), staff: row.string(3), start: row.date(4),
            durationMinutes: row.int(5), place: row.string(6), status: Appointment.Status(rawValue: row.string(7)) ?? .booked,
            checkedInAt: row.optionalDate(8))
        appointment.branch = row.optionalString(9)
        return appointment
    }
}
