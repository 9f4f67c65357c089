import Foundation
import HuifangCore

/// Staff members with their roles (R-PPL-3) as statements over `SQLConnection`, the same on
/// SQLite and PostgreSQL (issue 16).
enum StaffSQL {
    static func add(_ db: any SQLConnection, _ member: StaffMember, now: Date) throws -> StaffMember {
        try refuseTaken(db, member)
        var stored = member
        stored.id = try db.insert("""
            INSERT INTO staff (name, roles, uid, phone, active, created_at, updated_at, branch) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, member.name, roles(member), member.uid.map { Int64($0) }, member.phone, member.active, now.unixMillis, now.unixMillis,
            member.branch)
        return stored
    }

    static func all(_ db: any SQLConnection) throws -> [StaffMember] {
        try db.query("SELECT id, name, roles, uid, phone, active, branch FROM staff ORDER BY name").map { row in
            var member = StaffMember(id: row.int64(0), name: row.string(1),
                                     roles: row.string(2).split(separator: ",").compactMap { StaffRole(rawValue: String($0)) },
                                     uid: row.optionalInt64(3).map { UInt32(truncatingIfNeeded: $0) }, phone: row.optionalString(4),
                                     active: row.int64(5) != 0)
            member.branch = row.optionalString(6)
            return member
        }
    }

    static func update(_ db: any SQLConnection, _ member: StaffMember, now: Date) throws {
        try refuseTaken(db, member)
        let changed = try db.execute("""
            UPDATE staff SET name = ?, roles = ?, uid = ?, phone = ?, active = ?, updated_at = ?, branch = ? WHERE id = ?
            """, member.name, roles(member), member.uid.map { Int64($0) }, member.phone, member.active, now.unixMillis, member.branch,
            member.id)
        guard changed == 1 else { throw HuifangError(.notFound, "no staff member with id \(member.id)", field: "id") }
    }

    /// Open tasks per assignee.
    static func openTaskCounts(_ db: any SQLConnection) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        try db.forEach("SELECT assignee, COUNT(*) FROM tasks WHERE status = 'open' GROUP BY assignee", []) { row in
            counts[row.string(0)] = Int(row.int64(1))
        }
        return counts
    }

    private static func roles(_ member: StaffMember) -> String { member.roles.map(\.rawValue).joined(separator: ",") }

    /// A name or a uid belongs to one member only.
    private static func refuseTaken(_ db: any SQLConnection, _ member: StaffMember) throws {
        if let other = try db.query("SELECT id FROM staff WHERE name = ? AND id <> ?", member.name, member.id).first {
            throw HuifangError(.conflict, "already staff member \(other.int64(0))", field: "name")
        }
        if let uid = member.uid,
           let other = try db.query("SELECT name FROM staff WHERE uid = ? AND id <> ?", Int64(uid), member.id).first {
            throw HuifangError(.conflict, "uid \(uid) is \(other.string(0)) already", field: "uid")
        }
    }
}
