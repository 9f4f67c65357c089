import Foundation
import HuifangCore

/// Complaints (R-CMP): each change with the work it brings in one transaction.
extension SQLStore {
    public func addComplaint(_ complaint: Complaint, now: Date) throws -> Complaint {
        try write { db in
            try Self.requireCustomer(complaint.customerId, field: "customer", db)
            var stored = complaint
            stored.id = try db.insert("""
                INSERT INTO complaints (customer_id, received_at, channel, content, severity, expectation, owner, status, level,
                    cause, service, staff, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, complaint.customerId, complaint.receivedAt.unixMillis, complaint.channel, complaint.content,
                complaint.severity.rawValue, complaint.expectation, complaint.owner, complaint.status.rawValue,
                complaint.level, complaint.cause, complaint.service, complaint.staff, now.unixMillis)
            return stored
        }
    }

    public func complaint(id: Int64) throws -> Complaint? {
        try read { db in try db.query("SELECT * FROM complaints WHERE id = ?", id).first.map(Self.complaint(from:)) }
    }

    public func complaints(openOnly: Bool, limit: Int) throws -> [Complaint] {
        try read { db in
            try db.query("""
                SELECT * FROM complaints \(openOnly ? "WHERE status IN ('received', 'investigating')" : "")
                 ORDER BY received_at DESC LIMIT ?
                """, limit).map(Self.complaint(from:))
        }
    }

    public func updateComplaint(_ c: Complaint, now: Date) throws {
        try write { db in
            let changed = try db.execute("""
                UPDATE complaints SET owner = ?, status = ?, level = ?, cause = ?, responded_at = ?, resolved_at = ?,
                    resolution = ?, reopened_at = ?, updated_at = ? WHERE id = ?
                """, c.owner, c.status.rawValue, c.level, c.cause, c.respondedAt?.unixMillis, c.resolvedAt?.unixMillis,
                c.resolution, c.reopenedAt?.unixMillis, now.unixMillis, c.id)
            guard changed > 0 else { throw HuifangError(.notFound, "no complaint with id \(c.id)", field: "id") }
        }
    }

    public func customersWithOpenComplaints(among ids: [Int64]) throws -> Set<Int64> {
        try read { db in
            var found = Set<Int64>()
            for chunk in ids.chunked(500) {
                for row in try db.query("""
                    SELECT DISTINCT customer_id FROM complaints
                     WHERE customer_id IN (\(SQLText.marks(chunk.count))) AND status IN ('received', 'investigating')
                    """, chunk.map(\.sqlValue)) {
                    found.insert(row.int64(0))
                }
            }
            return found
        }
    }

    static func complaint(from row: SQLRow) -> Complaint {
        Complaint(
            id: row.int64("id"), customerId: row.int64("customer_id"), receivedAt: row.date("received_at"),
            channel: row.string("channel"), content: row.string("content"),
            severity: Complaint.Severity(rawValue: row.string("severity")) ?? .normal,
            expectation: row.string("expectation"), owner: row.string("owner"),
            status: Complaint.Status(rawValue: row.string("status")) ?? .received,
            level: row.int("level"), cause: row.optionalString("cause"), service: row.optionalString("service"),
            staff: row.optionalString("staff"), respondedAt: row.optionalDate("responded_at"),
            resolvedAt: row.optionalDate("resolved_at"), resolution: row.optionalString("resolution"),
            reopenedAt: row.optionalDate("reopened_at"))
    }
}
