import Foundation
import GRDB
import HuifangCore

/// Pets, the dependants of a pet groomer's customers (R-PPL-4).
extension SQLiteStore {
    public func addPet(_ pet: Pet, now: Date) throws -> Pet {
        try write { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM customers WHERE id = ? AND erased_at IS NULL", arguments: [pet.customerId]) != nil else {
                throw HuifangError(.notFound, "no customer with id \(pet.customerId)", field: "customer")
            }
            try db.execute(sql: """
                INSERT INTO pets (customer_id, name, species, breed, birthday, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [pet.customerId, pet.name, pet.species, pet.breed, pet.birthday?.description, now.unixMillis, now.unixMillis])
            var stored = pet
            stored.id = db.lastInsertedRowID
            return stored
        }
    }

    public func pet(id: Int64) throws -> Pet? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT id, customer_id, name, species, breed, birthday FROM pets WHERE id = ?", arguments: [id])
                .map(Self.pet(from:))
        }
    }

    public func pets(customerIds: [Int64]) throws -> [Int64: [Pet]] {
        try read { db in
            var found: [Int64: [Pet]] = [:]
            for chunk in Array(Set(customerIds)).chunked(500) {
                for row in try Row.fetchAll(db, sql: """
                    SELECT id, customer_id, name, species, breed, birthday FROM pets
                     WHERE customer_id IN (\(databaseQuestionMarks(count: chunk.count))) ORDER BY id
                    """, arguments: StatementArguments(chunk)) {
                    let pet = Self.pet(from: row)
                    found[pet.customerId, default: []].append(pet)
                }
            }
            return found
        }
    }

    public func updatePet(_ pet: Pet, now: Date) throws {
        try write { db in
            try db.execute(sql: "UPDATE pets SET name = ?, species = ?, breed = ?, birthday = ?, updated_at = ? WHERE id = ?",
                           arguments: [pet.name, pet.species, pet.breed, pet.birthday?.description, now.unixMillis, pet.id])
            guard db.changesCount == 1 else { throw HuifangError(.notFound, "no pet with id \(pet.id)", field: "id") }
        }
    }

    static func pet(from row: Row) -> Pet {
        Pet(id: row[0], customerId: row[1], name: row[2], species: row[3], breed: row[4],
            birthday: (row[5] as String?).flatMap { LocalDate(iso: $0) })
    }
}
