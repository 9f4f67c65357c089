import Foundation
import GRDB
import HuifangCore

/// Visits, staff tasks and contact records (R-FU, R-CUS-3).
extension SQLiteStore {
    public func addVisit(_ visit: Visit, now: Date) throws -> Visit {
        try write { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM customers WHERE id = ?", arguments: [visit.customerId]) != nil else {
                throw HuifangError(.notFound, "no customer with id \(visit.customerId)", field: "customer")
            }
            try db.execute(sql: """
                INSERT INTO visits (customer_id, service, staff, ended_at, amount_minor, created_at, course, course_session,
                    course_total, pet_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [visit.customerId, visit.service, visit.staff, visit.endedAt.unixMillis, visit.amountMinor,
                                 now.unixMillis, visit.course?.course, visit.course?.session, visit.course?.total, visit.petId])
            var stored = visit
            stored.id = db.lastInsertedRowID
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
            try Int64.fetchOne(db, sql: """
                SELECT id FROM visits WHERE customer_id = ? AND ended_at = ? AND service = ? AND staff = ? LIMIT 1
                """, arguments: [visit.customerId, visit.endedAt.unixMillis, visit.service, visit.staff])
        }
    }

    public func visit(id: Int64) throws -> Visit? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.visitColumns) FROM visits WHERE id = ?", arguments: [id]).map(Self.visit(from:))
        }
    }

    public func visits(customerId: Int64, since: Date) throws -> [Visit] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(Self.visitColumns) FROM visits WHERE customer_id = ? AND ended_at >= ? ORDER BY ended_at DESC, id DESC
                """, arguments: [customerId, since.unixMillis]).map(Self.visit(from:))
        }
    }

    static let visitColumns = "id, customer_id, service, staff, ended_at, amount_minor, course, course_session, course_total, pet_id"

    static func visit(from row: Row) -> Visit {
        var course: CourseSession?
        if let name = row[6] as String?, let session = row[7] as Int?, let total = row[8] as Int? {
            course = CourseSession(course: name, session: session, total: total)
        }
        var visit = Visit(id: row[0], customerId: row[1], service: row[2], staff: row[3], endedAt: Date(unixMillis: row[4]),
                          amountMinor: row[5], course: course)
        visit.petId = row[9]
        return visit
    }

    public func task(id: Int64) throws -> StaffTask? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM tasks WHERE id = ?", arguments: [id]).map(Self.task(from:)) }
    }

    public func tasks(_ filter: TaskFilter) throws -> [StaffTask] {
        try read { db in
            var sql = "SELECT * FROM tasks WHERE status = 'open'"
            var arguments: StatementArguments = []
            if let assignee = filter.assignee {
                sql += " AND assignee = ?"
                arguments += [assignee]
            }
            if let assignees = filter.assignees {
                sql += " AND assignee IN (\(databaseQuestionMarks(count: max(1, assignees.count))))"
                arguments += StatementArguments(assignees.isEmpty ? [""] : assignees)
            }
            if let before = filter.dueBefore {
                sql += " AND due_at < ?"
                arguments += [before.unixMillis]
            }
            if let overdue = filter.overdueAt {
                sql += " AND overdue_at <= ?"
                arguments += [overdue.unixMillis]
            }
            if let customer = filter.customerId {
                sql += " AND customer_id = ?"
                arguments += [customer]
            }
            sql += " ORDER BY urgent DESC, due_at, id LIMIT ?"
            arguments += [filter.limit]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.task(from:))
        }
    }

    public func retextTask(id: Int64, text: String) throws {
        try write { db in
            try db.execute(sql: "UPDATE tasks SET text = ? WHERE id = ? AND status = 'open'", arguments: [text, id])
        }
    }

    public func closeTask(id: Int64, status: StaffTask.Status, note: String, who: String, now: Date,
                          followUps: [PlannedTask], messages: [Message]) throws -> StaffTask {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM tasks WHERE id = ?", arguments: [id]) else {
                throw HuifangError(.notFound, "no task with id \(id)", field: "id")
            }
            let task = Self.task(from: row)
            guard task.status == .open else {
                throw HuifangError(.conflict, "task \(id) is already \(task.status.rawValue)", field: "id")
            }
            try db.execute(sql: "UPDATE tasks SET status = ?, note = ?, closed_at = ? WHERE id = ?",
                           arguments: [status.rawValue, note, now.unixMillis, id])
            // R-DLV-7: a closed task's notice, if still queued, is no longer true.
            if let notice = task.messageId {
                try Self.withdraw(where: "id = ?", arguments: [notice], reason: "superseded by task \(id) closed (\(status.rawValue))",
                                  now: now, db: db)
            }
            try db.execute(sql: """
                INSERT INTO contact_records (customer_id, at, channel, who, outcome, note, task_id) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [task.customerId, now.unixMillis, "call", who, status.rawValue, note, id])
            var inserted: [Message] = []
            for message in messages {
                try Self.insert(message, into: db, orIgnore: true)
            }
            _ = try Self.insertTasks(followUps, db: db, now: now, messages: &inserted)
            return Self.task(from: try Row.fetchOne(db, sql: "SELECT * FROM tasks WHERE id = ?", arguments: [id])!)
        }
    }

    public func addContact(_ record: ContactRecord, customerId: Int64) throws {
        try write { db in
            try db.execute(sql: """
                INSERT INTO contact_records (customer_id, at, channel, who, outcome, note, task_id) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [customerId, record.at.unixMillis, record.channel, record.who, record.outcome, record.note, record.taskId])
        }
    }

    public func contacts(customerId: Int64, limit: Int) throws -> [ContactRecord] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT at, channel, who, outcome, note, task_id FROM contact_records
                 WHERE customer_id = ? ORDER BY at DESC, id DESC LIMIT ?
                """, arguments: [customerId, limit]).map { row in
                ContactRecord(at: Date(unixMillis: row[0]), channel: row[1], who: row[2], outcome: row[3], note: row[4], taskId: row[5])
            }
        }
    }

    /// Inserts tasks (skipping dedupe keys that exist) and each one's message, linked.
    static func insertTasks(_ planned: [PlannedTask], db: Database, now: Date,
                            messages: inout [Message]) throws -> [StaffTask] {
        var tasks: [StaffTask] = []
        for plan in planned {
            try db.execute(sql: """
                INSERT OR IGNORE INTO tasks (dedupe_key, kind, customer_id, visit_id, step, assignee, text, urgent,
                    due_at, overdue_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [plan.dedupeKey, plan.kind, plan.customerId, plan.visitId, plan.step, plan.assignee, plan.text,
                                 plan.urgent, plan.dueAt.unixMillis, plan.overdueAt.unixMillis, now.unixMillis])
            guard db.changesCount > 0 else { continue }
            var task = StaffTask(id: db.lastInsertedRowID, kind: plan.kind, customerId: plan.customerId, visitId: plan.visitId,
                                 step: plan.step, assignee: plan.assignee, text: plan.text, urgent: plan.urgent,
                                 dueAt: plan.dueAt, overdueAt: plan.overdueAt, status: .open, note: nil, closedAt: nil,
                                 messageId: nil)
            let visit = try plan.notice == nil ? nil : task.visitId.flatMap { id in
                try Row.fetchOne(db, sql: "SELECT \(visitColumns) FROM visits WHERE id = ?", arguments: [id]).map(visit(from:))
            }
            if let message = plan.notice?.message(for: task, visit: visit, now: now) {
                try insert(message, into: db, orIgnore: true)
                try db.execute(sql: "UPDATE tasks SET message_id = ? WHERE id = ?", arguments: [message.id, task.id])
                task.messageId = message.id
                messages.append(message)
            }
            tasks.append(task)
        }
        return tasks
    }

    static func task(from row: Row) -> StaffTask {
        StaffTask(id: row["id"], kind: row["kind"], customerId: row["customer_id"], visitId: row["visit_id"], step: row["step"],
                  assignee: row["assignee"], text: row["text"], urgent: row["urgent"], dueAt: Date(unixMillis: row["due_at"]),
                  overdueAt: Date(unixMillis: row["overdue_at"]),
                  status: StaffTask.Status(rawValue: row["status"]) ?? .open, note: row["note"],
                  closedAt: (row["closed_at"] as Int64?).map(Date.init(unixMillis:)), messageId: row["message_id"])
    }
}
