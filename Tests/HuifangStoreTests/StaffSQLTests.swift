import Foundation
import HuifangCore
@testable import HuifangStore
import Testing

/// Staff members on the shared SQL layer (issue 16): the same statements on SQLite and
/// PostgreSQL.
@Suite(.serialized) struct StaffSQLTests {
    @Test("R-OPS-5 R-PPL-3 staff on both drivers: added with roles and uid, listed by name, edited; a taken name or uid and an unknown id are refused",
          arguments: SQLDriver.allCases)
    func staff(driver: SQLDriver) throws {
        try driver.withConnection(migrated: true) { db in
            let now = Date(timeIntervalSince1970: 1_790_000_000)
            let wang = try StaffSQL.add(db, StaffMember(name: "王经理", roles: [.supervisor, .frontDesk], uid: 1001, phone: "13800000001"), now: now)
            let li = try StaffSQL.add(db, StaffMember(name: "李医生", roles: [.doctor], active: false), now: now)
            #expect(wang.id > 0 && li.id > wang.id)
            #expect(try StaffSQL.all(db) == [li, wang], "by name")
            #expect(throws: HuifangError(.conflict, "already staff member \(wang.id)", field: "name")) {
                _ = try StaffSQL.add(db, StaffMember(name: "王经理", roles: [.frontDesk]), now: now)
            }
            #expect(throws: HuifangError(.conflict, "uid 1001 is 王经理 already", field: "uid")) {
                _ = try StaffSQL.add(db, StaffMember(name: "赵前台", roles: [.frontDesk], uid: 1001), now: now)
            }
            var edited = li
            edited.active = true
            edited.uid = 1002
            try StaffSQL.update(db, edited, now: now)
            #expect(try StaffSQL.all(db).first == edited)
            var unknown = edited
            unknown.id = 999
            unknown.name = "新人"
            unknown.uid = nil
            #expect(throws: HuifangError(.notFound, "no staff member with id 999", field: "id")) { try StaffSQL.update(db, unknown, now: now) }

            try db.insertCustomer(1)
            for (key, assignee, status) in [("a", "王经理", "open"), ("b", "王经理", "open"), ("c", "李医生", "done"), ("d", "李医生", "open")] {
                try db.execute("""
                    INSERT INTO tasks (dedupe_key, kind, customer_id, step, assignee, text, due_at, overdue_at, status, created_at)
                    VALUES (?, 'followup', 1, 'day3', ?, '回访', 0, 0, ?, 0)
                    """, key, assignee, status)
            }
            #expect(try StaffSQL.openTaskCounts(db) == ["王经理": 2, "李医生": 1])
        }
    }
}
