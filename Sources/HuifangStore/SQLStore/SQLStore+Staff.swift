import Foundation
import HuifangCore

/// Staff as people (R-PPL-3): members with roles (the statements are `StaffSQL`'s), and tasks
/// moved between them.
extension SQLStore {
    public func addStaff(_ member: StaffMember, now: Date) throws -> StaffMember {
        try write { db in try StaffSQL.add(db, member, now: now) }
    }

    public func staff() throws -> [StaffMember] {
        try read { db in try StaffSQL.all(db) }
    }

    public func updateStaff(_ member: StaffMember, now: Date) throws {
        try write { db in try StaffSQL.update(db, member, now: now) }
    }

    public func openTaskCounts() throws -> [String: Int] {
        try read { db in try StaffSQL.openTaskCounts(db) }
    }

    public func rearrangeTask(id: Int64, assignee: String?, dueAt: Date?, notice: TaskNotice?, zone: TimeZone, now: Date) throws -> StaffTask {
        try write { db in
            var task = try Self.openTask(id: id, db)
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
                try Self.withdraw(where: "id = ?", arguments: [.text(old)], reason: "superseded by task \(id) " + reasons.joined(separator: " and "),
                                  now: now, db: db, freeKey: true)
            }
            task.messageId = nil
            let visit = try task.visitId.flatMap { try Self.visit(id: $0, db) }
            if let message = notice?.message(for: task, visit: visit, now: now), try Self.insert(message, into: db, orIgnore: true) {
                task.messageId = message.id
            }
            try db.execute("UPDATE tasks SET assignee = ?, due_at = ?, overdue_at = ?, message_id = ? WHERE id = ?",
                           task.assignee, task.dueAt.unixMillis, task.overdueAt.unixMillis, task.messageId, id)
            return task
        }
    }
}
