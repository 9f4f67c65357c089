import Foundation
import HuifangCore
@testable import HuifangStore
import Testing

/// Pets on the shared SQL layer (issue 16): the same statements on SQLite and PostgreSQL.
@Suite(.serialized) struct PetsSQLTests {
    @Test("R-OPS-5 R-PPL-4 pets on both drivers: added with their new id, read back alike, grouped by customer, edited; an unknown customer or pet is not found",
          arguments: SQLDriver.allCases)
    func pets(driver: SQLDriver) throws {
        try driver.withConnection(migrated: true) { db in
            for id in [5, 6] as [Int64] { try db.insertCustomer(id) }
            let now = Date(timeIntervalSince1970: 1_790_000_000)
            let doudou = try PetsSQL.add(db, Pet(customerId: 5, name: "豆豆", species: "dog", breed: "柯基", birthday: LocalDate(iso: "2020-03-01")), now: now)
            let mimi = try PetsSQL.add(db, Pet(customerId: 5, name: "咪咪", species: "cat"), now: now)
            let other = try PetsSQL.add(db, Pet(customerId: 6, name: "旺财", species: "dog"), now: now)
            #expect(doudou.id > 0 && mimi.id > doudou.id && other.id > mimi.id)
            #expect(try PetsSQL.pet(db, id: doudou.id) == doudou)
            #expect(try PetsSQL.pet(db, id: mimi.id)?.breed == nil)
            #expect(try PetsSQL.pet(db, id: 999) == nil)
            let grouped = try PetsSQL.pets(db, customerIds: [5, 6, 5, 7])
            #expect(grouped[5] == [doudou, mimi] && grouped[6] == [other] && grouped[7] == nil)

            var renamed = mimi
            renamed.name = "小咪"
            renamed.birthday = LocalDate(iso: "2021-12-31")
            try PetsSQL.update(db, renamed, now: now)
            #expect(try PetsSQL.pet(db, id: mimi.id) == renamed)
            #expect(throws: HuifangError(.notFound, "no customer with id 99", field: "customer")) {
                try PetsSQL.add(db, Pet(customerId: 99, name: "无主", species: "dog"), now: now)
            }
            var missing = renamed
            missing.id = 999
            #expect(throws: HuifangError(.notFound, "no pet with id 999", field: "id")) { try PetsSQL.update(db, missing, now: now) }
        }
    }
}
