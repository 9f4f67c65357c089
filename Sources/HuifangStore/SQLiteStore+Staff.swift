import Foundation
import GRDB
import HuifangCore

/// Staff as people (R-PPL-3): members with roles, and tasks moved between them.
extension SQLiteStore {
    public func addStaff(_ member: StaffMember, now: Date) throws -> StaffMember {
        try write { db in
            try Self.refuseTaken(member, db)
            try db.execute(sql: """
                INSERT INTO staff (name, roles, uid, phone, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [member.name, member.roles.map(\.rawValue).joined(separator: ","), member.uid.map { Int64($0) },
                                 member.phone, member.active, now.unixMillis, now.unixMillis])
            var stored = member
            stored.id = db.lastInsertedRowID
            return stored
        }
    }

    public func staff() throws -> [StaffMember] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, roles, uid, phone, active FROM staff ORDER BY name").map { row in
                StaffMember(id: row[0], name: row[1],
                            roles: (row[2] as String).split(separator: ",").compactMap { StaffRole(rawValue: String($0)) },
                            uid: (row[3] as Int64?).map { UInt32($0) }, phone: row[4], active: row[5])
            }
        }
    }

    public func updateStaff(_ member: StaffMember, now: Date) throws {
        try write { db in
            try Self.refuseTaken(member, db)
            try db.execute(sql: """
                UPDATE staff SET name = ?, roles = ?, uid = ?, phone = ?, active = ?, updated_at = ? WHERE id = ?
                """, arguments: [member.name, member.roles.map(\.rawValue).joined(separator: ","), member.uid.map { Int64($0) },
                                 member.phone, member.active, now.unixMillis, member.id])
            guard db.changesCount == 1 else { throw HuifangError(.notFound, "no staff member with id \(member.id)", field: "id") }
        }
    }

    public func openTaskCounts() throws -> [String: Int] {
        try read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT assignee, COUNT(*) FROM tasks WHERE status = 'open' GROUP BY assignee") {
                counts[row[0]] = row[1]
            }
            return counts
        }
    }

    public func rearrangeTask(id: Int64, assignee: String?, dueAt: Date?, notice: TaskNotice?, zone: TimeZone, now: Date) throws -> StaffTask {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM tasks WHERE id = ?", arguments: [id]) else {
                throw HuifangError(.notFound, "no task with id \(id)", field: "id")
            }
            var task = Self.task(from: row)
            guard task.status == .open else { throw HuifangError(.conflict, "task \(id) is already \(task.status.rawValue)", field: "id") }
            var reasons: [String] = []
            if let assignee, assignee != task.assignee {
                reasons.append("reassigned from \(task.assignee) to \(assignee)")
                task.assignee = assignee
            }
            if let dueAt, dueAt != task.dueAt {
                reasons.append("moved to \(SendDecision.iso(dueAt, in: zone))")
                task.overdueAt = dueAt.addingTimeInterval(task.overdueAt.timeIntervalSince(task.dueAt))
                task.dueAt = dueAt
            }
            guard !reasons.isEmpty else { return task }
            if let old = task.messageId {
                // Its dedupe key is freed for the new notice.
                try Self.withdraw(where: "id = ?", arguments: [old], reason: "superseded by task \(id) " + reasons.joined(separator: " and "),
                                  now: now, db: db, freeKey: true)
            }
            task.messageId = nil
            let visit = try task.visitId.flatMap { visitId in
                try Row.fetchOne(db, sql: "SELECT \(Self.visitColumns) FROM visits WHERE id = ?", arguments: [visitId]).map(Self.visit(from:))
            }
            if let message = notice?.message(for: task, visit: visit, now: now), try Self.insert(message, into: db, orIgnore: true) {
                task.messageId = message.id
            }
            try db.execute(sql: "UPDATE tasks SET assignee = ?, due_at = ?, overdue_at = ?, message_id = ? WHERE id = ?",
                           arguments: [task.assignee, task.dueAt.unixMillis, task.overdueAt.unixMillis, task.messageId, id])
            return task
        }
    }

    private static func refuseTaken(_ member: StaffMember, _ db: Database) throws {
        if let other = try Int64.fetchOne(db, sql: "SELECT id FROM staff WHERE name = ? AND id <> ?", arguments: [member.name, member.id]) {
            throw HuifangError(.conflict, "already staff member \(other)", field: "name")
        }
        if let uid = member.uid,
           let other = try String.fetchOne(db, sql: "SELECT name FROM staff WHERE uid = ? AND id <> ?", arguments: [Int64(uid), member.id]) {
            throw HuifangError(.conflict, "uid \(uid) is \(other) already", field: "uid")
        }
    }
}
