import Foundation
import GRDB
import HuifangCore

/// Complaints (R-CMP): each change with the work it brings in one transaction.
extension SQLiteStore {
    public func addComplaint(_ complaint: Complaint, now: Date) throws -> Complaint {
        try write { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM customers WHERE id = ?", arguments: [complaint.customerId]) != nil else {
                throw HuifangError(.notFound, "no customer with id \(complaint.customerId)", field: "customer")
            }
            try db.execute(sql: """
                INSERT INTO complaints (customer_id, received_at, channel, content, severity, expectation, owner, status, level,
                    cause, service, staff, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [complaint.customerId, complaint.receivedAt.unixMillis, complaint.channel, complaint.content,
                                 complaint.severity.rawValue, complaint.expectation, complaint.owner, complaint.status.rawValue,
                                 complaint.level, complaint.cause, complaint.service, complaint.staff, now.unixMillis])
            var stored = complaint
            stored.id = db.lastInsertedRowID
            return stored
        }
    }

    public func complaint(id: Int64) throws -> Complaint? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM complaints WHERE id = ?", arguments: [id]).map(Self.complaint(from:)) }
    }

    public func complaints(openOnly: Bool, limit: Int) throws -> [Complaint] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM complaints \(openOnly ? "WHERE status IN ('received', 'investigating')" : "")
                 ORDER BY received_at DESC LIMIT ?
                """, arguments: [limit]).map(Self.complaint(from:))
        }
    }

    public func updateComplaint(_ c: Complaint, now: Date) throws {
        try write { db in
            try db.execute(sql: """
                UPDATE complaints SET owner = ?, status = ?, level = ?, cause = ?, responded_at = ?, resolved_at = ?,
                    resolution = ?, reopened_at = ?, updated_at = ? WHERE id = ?
                """, arguments: [c.owner, c.status.rawValue, c.level, c.cause, c.respondedAt?.unixMillis, c.resolvedAt?.unixMillis,
                                 c.resolution, c.reopenedAt?.unixMillis, now.unixMillis, c.id])
            guard db.changesCount > 0 else { throw HuifangError(.notFound, "no complaint with id \(c.id)", field: "id") }
        }
    }

    public func customersWithOpenComplaints(among ids: [Int64]) throws -> Set<Int64> {
        try read { db in
            var found = Set<Int64>()
            for chunk in ids.chunked(500) {
                found.formUnion(try Int64.fetchAll(db, sql: """
                    SELECT DISTINCT customer_id FROM complaints
                     WHERE customer_id IN (\(databaseQuestionMarks(count: chunk.count))) AND status IN ('received', 'investigating')
                    """, arguments: StatementArguments(Array(chunk))))
            }
            return found
        }
    }

    static func complaint(from row: Row) -> Complaint {
        func date(_ column: String) -> Date? { (row[column] as Int64?).map(Date.init(unixMillis:)) }
        return Complaint(
            id: row["id"], customerId: row["customer_id"], receivedAt: Date(unixMillis: row["received_at"]), channel: row["channel"],
            content: row["content"], severity: Complaint.Severity(rawValue: row["severity"]) ?? .normal,
            expectation: row["expectation"], owner: row["owner"], status: Complaint.Status(rawValue: row["status"]) ?? .received,
            level: row["level"], cause: row["cause"], service: row["service"], staff: row["staff"],
            respondedAt: date("responded_at"), resolvedAt: date("resolved_at"), resolution: row["resolution"],
            reopenedAt: date("reopened_at"))
    }
}
