import Foundation
import HuifangCore
@testable import HuifangStore
import Testing

/// The first store area on the shared SQL layer (issue 16): the planners' marks, the same
/// statements on SQLite and on PostgreSQL.
@Suite(.serialized) struct PlanningMarksSQLTests {
    @Test("R-OPS-5 R-TIME-2 planning marks on both drivers: due by an index range without the house account, moved on only if unchanged since read, all reset once when the settings change",
          arguments: SQLDriver.allCases)
    func marks(driver: SQLDriver) throws {
        try driver.withConnection(migrated: true) { db in
            for (id, mark) in [(1, 0), (2, 100), (3, PlanningMark.never)] as [(Int64, Int64)] { try db.insertCustomer(id, marks: mark) }
            #expect(try PlanningMarksSQL.due(db, .greeting, through: 50) == [PlanningMark(customerId: 1, value: 0)])
            #expect(try PlanningMarksSQL.due(db, .greeting, through: 200).map(\.customerId).sorted() == [1, 2],
                    "the house account (id 0, mark 0) is never read")
            let read = PlanningMark(customerId: 1, value: 0)
            #expect(try PlanningMarksSQL.set(db, .greeting, [(read, 500), (PlanningMark(customerId: 2, value: 100), 100)]) == 1,
                    "an unchanged mark is not written")
            #expect(try PlanningMarksSQL.set(db, .greeting, [(read, 700)]) == 0, "changed since it was read: the other write wins")
            #expect(try PlanningMarksSQL.due(db, .retention, through: 50).map(\.customerId) == [1], "each planner its own mark")

            #expect(try PlanningMarksSQL.reset(db, .greeting, unlessPlannedWith: "settings-a"))
            #expect(try PlanningMarksSQL.due(db, .greeting, through: 0).map(\.customerId).sorted() == [1, 2, 3])
            try db.execute("UPDATE customers SET next_greeting_at = 9 WHERE id > 0")
            #expect(try !PlanningMarksSQL.reset(db, .greeting, unlessPlannedWith: "settings-a"), "the same settings: nothing reset")
            #expect(try PlanningMarksSQL.due(db, .greeting, through: 0).isEmpty)
            #expect(try PlanningMarksSQL.reset(db, .greeting, unlessPlannedWith: "settings-b"))
            #expect(try PlanningMarksSQL.due(db, .greeting, through: 0).count == 3)

            // A change during a run wins even over a mark read as 0 (each change a value no read had).
            let before = try #require(try PlanningMarksSQL.due(db, .greeting, through: 0).first)
            try db.execute("INSERT INTO pets (customer_id, name, species, created_at, updated_at) VALUES (?, '豆豆', 'dog', 0, 0)",
                           before.customerId)
            #expect(try PlanningMarksSQL.set(db, .greeting, [(before, 900)]) == 0, "the pet came after the read: the customer stays due")
            #expect(try PlanningMarksSQL.due(db, .greeting, through: 0).contains { $0.customerId == before.customerId })

            // A range of ids a statement: every range is reset, gaps and the last id included.
            for id in [7, 8, 20] as [Int64] { try db.insertCustomer(id, marks: 40) }
            try db.execute("UPDATE customers SET next_greeting_at = 9 WHERE id > 0")
            #expect(try PlanningMarksSQL.reset(db, .greeting, unlessPlannedWith: "settings-c", idsPerStatement: 2))
            #expect(try PlanningMarksSQL.due(db, .greeting, through: 0).map(\.customerId).sorted() == [1, 2, 3, 7, 8, 20])
            #expect(try PlanningMarksSQL.due(db, .retention, through: 39).map(\.customerId) == [1], "the other planner's marks untouched")
        }
    }
}
