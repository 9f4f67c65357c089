import Foundation
import HuifangCore

/// Visits, staff tasks and contact records (R-FU, R-CUS-3).
extension SQLStore {
    public func addVisit(_ visit: Visit, now: Date) throws -> Visit {
        try write { db in
            try Self.requireCustomer(visit.customerId, field: "customer", db)
            var stored = visit
            stored.id = try db.insert("""
                INSERT INTO visits (customer_id, service, staff, ended_at, amount_minor, created_at, course, course_session,
                    course_total, pet_id, branch)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, COALESCE(?11, (SELECT branch FROM customers WHERE id = ?1)))
                """, visit.customerId, visit.service, visit.staff, visit.endedAt.unixMillis, visit.amountMinor,
                now.unixMillis, visit.course?.course, visit.course?.session, visit.course?.total, visit.petId, visit.branch)
            return stored
        }
    }

    public func apply(_ work: PlannedWork, now: Date) throws -> AppliedWork {
        try write { db in
            for prefix in work.cancelPrefixes {
                try Self.cancelPending(prefix: prefix, reason: work.reason, db: db, now: now)
            }
            var inserted: [Message] = []
            for message in work.messages {
                if try Self.insert(message, into: db, orIgnore: true) { inserted.append(message) }
            }
            let tasks = try Self.insertTasks(work.tasks, db: db, now: now, messages: &inserted)
            return AppliedWork(tasks: tasks, messages: inserted)
        }
    }

    public func sameVisit(as visit: Visit) throws -> Int64? {
        try read { db in
            try db.query("""
                SELECT id FROM visits WHERE customer_id = ? AND ended_at = ? AND service = ? AND staff = ? LIMIT 1
                """, visit.customerId, visit.endedAt.unixMillis, visit.service, visit.staff).first?.int64(0)
        }
    }

    public func visit(id: Int64) throws -> Visit? {
        try read { db in
            try Self.visit(id: id, db)
        }
    }

    public func visits(customerId: Int64, since: Date) throws -> [Visit] {
        try read { db in
            try db.query("""
                SELECT \(Self.visitColumns) FROM visits WHERE customer_id = ? AND ended_at >= ? ORDER BY ended_at DESC, id DESC
                """, customerId, since.unixMillis).map(Self.visit(from:))
        }
    }

    static var visitColumns: String {
        "id, customer_id, service, staff, ended_at, amount_minor, course, course_session, course_total, pet_id, branch"
    }

    static func visit(id: Int64, _ db: any SQLConnection) throws -> Visit? {
        try db.query("SELECT \(visitColumns) FROM visits WHERE id = ?", id).first.map(visit(from:))
    }

    static func visit(from row: SQLRow) -> Visit {
        var course: CourseSession?
        if let name = row.optionalString(6), let session = row.optionalInt(7), let total = row.optionalInt(8) {
            course = CourseSession(course: name, session: session, total: total)
        }
        var visit = Visit(id: row.int64(0), customerId: row.int64(1), service: row.string(2), staff: row.string(3),
                          endedAt: row.date(4), amountMinor: row.int64(5), course: course)
        visit.petId = row.optionalInt64(9)
        visit.branch = row.optionalString(10)
        return visit
    }

    public func task(id: Int64) throws -> StaffTask? {
        try read { db in try Self.task(id: id, db) }
    }

    public func tasks(_ filter: TaskFilter) throws -> [StaffTask] {
        try read { db in
            var sql = "SELECT * FROM tasks WHERE status = 'open'"
            var arguments: [SQLValue] = []
            if let assignee = filter.assignee {
                sql += " AND assignee = ?"
                arguments.append(.text(assignee))
            }
            if let assignees = filter.assignees {
                sql += " AND assignee IN (\(SQLText.marks(assignees.count)))"
                arguments += (assignees.isEmpty ? [""] : assignees).map(\.sqlValue)
            }
            if let before = filter.dueBefore {
                sql += " AND due_at < ?"
                arguments.append(.integer(before.unixMillis))
            }
            if let overdue = filter.overdueAt {
                sql += " AND overdue_at <= ?"
                arguments.append(.integer(overdue.unixMillis))
            }
            if let customer = filter.customerId {
                sql += " AND customer_id = ?"
                arguments.append(.integer(customer))
            }
            sql += " ORDER BY urgent DESC, due_at, id LIMIT ?"
            arguments.append(filter.limit.sqlValue)
            return try db.query(sql, arguments).map(Self.task(from:))
        }
    }

    public func retextTask(id: Int64, text: String) throws {
        try write { db in
            try db.execute("UPDATE tasks SET text = ? WHERE id = ? AND status = 'open'", text, id)
        }
    }

    public func closeTask(id: Int64, status: StaffTask.Status, note: String, who: String, now: Date,
                          followUps: [PlannedTask], messages: [Message]) throws -> StaffTask {
        try write { db in
            let task = try Self.openTask(id: id, db)
            try db.execute("UPDATE tasks SET status = ?, note = ?, closed_at = ? WHERE id = ?", status.rawValue, note, now.unixMillis, id)
            // R-DLV-7: a closed task's notice, if still queued, is no longer true.
            if let notice = task.messageId {
                try Self.withdraw(where: "id = ?", arguments: [.text(notice)], reason: "superseded by task \(id) closed (\(status.rawValue))",
                                  now: now, db: db)
            }
            try db.execute("""
                INSERT INTO contact_records (customer_id, at, channel, who, outcome, note, task_id) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, task.customerId, now.unixMillis, "call", who, status.rawValue, note, id)
            var inserted: [Message] = []
            for message in messages {
                try Self.insert(message, into: db, orIgnore: true)
            }
            _ = try Self.insertTasks(followUps, db: db, now: now, messages: &inserted)
            guard let closed = try Self.task(id: id, db) else { throw HuifangError(.notFound, "no task with id \(id)", field: "id") }
            return closed
        }
    }

    public func addContact(_ record: ContactRecord, customerId: Int64) throws {
        try write { db in
            try db.execute("""
                INSERT INTO contact_records (customer_id, at, channel, who, outcome, note, task_id) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, customerId, record.at.unixMillis, record.channel, record.who, record.outcome, record.note, record.taskId)
        }
    }

    public func contacts(customerId: Int64, limit: Int) throws -> [ContactRecord] {
        try read { db in
            try db.query("""
                SELECT at, channel, who, outcome, note, task_id FROM contact_records
                 WHERE customer_id = ? ORDER BY at DESC, id DESC LIMIT ?
                """, customerId, limit).map { row in
                ContactRecord(at: row.date(0), channel: row.string(1), who: row.string(2), outcome: row.string(3),
                              note: row.string(4), taskId: row.optionalInt64(5))
            }
        }
    }

    /// Inserts tasks (skipping dedupe keys that exist) and each one's message, linked.
    static func insertTasks(_ planned: [PlannedTask], db: any SQLConnection, now: Date,
                            messages: inout [Message]) throws -> [StaffTask] {
        var tasks: [StaffTask] = []
        for plan in planned {
            guard let inserted = try db.query("""
                INSERT INTO tasks (dedupe_key, kind, customer_id, visit_id, step, assignee, text, urgent,
                    due_at, overdue_at, created_at, branch)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,
                        COALESCE((SELECT branch FROM visits WHERE id = ?4), (SELECT branch FROM customers WHERE id = ?3)))
                ON CONFLICT DO NOTHING RETURNING id, branch
                """, plan.dedupeKey, plan.kind, plan.customerId, plan.visitId, plan.step, plan.assignee, plan.text,
                plan.urgent, plan.dueAt.unixMillis, plan.overdueAt.unixMillis, now.unixMillis).first else { continue }
            let id = inserted.int64(0)
            var task = StaffTask(id: id, kind: plan.kind, customerId: plan.customerId, visitId: plan.visitId,
                                 step: plan.step, assignee: plan.assignee, text: plan.text, urgent: plan.urgent,
                                 dueAt: plan.dueAt, overdueAt: plan.overdueAt, status: .open, note: nil, closedAt: nil,
                                 messageId: nil)
            task.branch = inserted.optionalString(1)
            let visit = try plan.notice == nil ? nil : task.visitId.flatMap { try Self.visit(id: $0, db) }
            if let message = plan.notice?.message(for: task, visit: visit, now: now) {
                try insert(message, into: db, orIgnore: true)
                try db.execute("UPDATE tasks SET message_id = ? WHERE id = ?", message.id, task.id)
                task.messageId = message.id
                messages.append(message)
            }
            tasks.append(task)
        }
        return tasks
    }

    static func task(id: Int64, _ db: any SQLConnection) throws -> StaffTask? {
        try db.query("SELECT * FROM tasks WHERE id = ?", id).first.map(task(from:))
    }

    /// The task, which must exist and be open.
    static func openTask(id: Int64, _ db: any SQLConnection) throws -> StaffTask {
        guard let task = try task(id: id, db) else {
            throw HuifangError(.notFound, "no task with id \(id)", field: "id", chinese: "找不到编号为 \(id) 的任务。")
        }
        guard task.status == .open else {
            throw HuifangError(.conflict, "task \(id) is already \(task.status.rawValue)", field: "id",
                               chinese: "这条任务已经记为「\(task.status.chineseName)」，不能再记一次。")
        }
        return task
    }

    static func task(from row: SQLRow) -> StaffTask {
        StaffTask(id: row.int64("id"), kind: row.string("kind"), customerId: row.int64("customer_id"),
                  visitId: row.optionalInt64("visit_id"), step: row.string("step"), assignee: row.string("assignee"),
                  text: row.string("text"), urgent: row.bool("urgent"), dueAt: row.date("due_at"), overdueAt: row.date("overdue_at"),
                  status: StaffTask.Status(rawValue: row.string("status")) ?? .open, note: row.optionalString("note"),
                  closedAt: row.optionalDate("closed_at"), messageId: row.optionalString("message_id"))
            .inBranch(row.optionalString("branch"))
    }
}
