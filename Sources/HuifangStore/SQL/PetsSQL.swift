import Foundation
import HuifangCore

/// Pets, the dependants of a pet groomer's customers (R-PPL-4), as statements over
/// `SQLConnection`, the same on SQLite and PostgreSQL (issue 16).
enum PetsSQL {
    static let columns = "id, customer_id, name, species, breed, birthday"

    static func add(_ db: any SQLConnection, _ pet: Pet, now: Date) throws -> Pet {
        guard try !db.query("SELECT 1 FROM customers WHERE id = ? AND erased_at IS NULL", pet.customerId).isEmpty else {
            throw HuifangError(.notFound, "no customer with id \(pet.customerId)", field: "customer")
        }
        var stored = pet
        stored.id = try db.insert("""
            INSERT INTO pets (customer_id, name, species, breed, birthday, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, pet.customerId, pet.name, pet.species, pet.breed, pet.birthday?.description, now.unixMillis, now.unixMillis)
        return stored
    }

    static func pet(_ db: any SQLConnection, id: Int64) throws -> Pet? {
        try db.query("SELECT \(columns) FROM pets WHERE id = ?", id).first.map(pet(from:))
    }

    static func pets(_ db: any SQLConnection, customerIds: [Int64]) throws -> [Int64: [Pet]] {
        var found: [Int64: [Pet]] = [:]
        for chunk in Array(Set(customerIds)).chunked(500) {
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            try db.forEach("SELECT \(columns) FROM pets WHERE customer_id IN (\(marks)) ORDER BY id", chunk.map { .integer($0) }) { row in
                let pet = pet(from: row)
                found[pet.customerId, default: []].append(pet)
            }
        }
        return found
    }

    static func update(_ db: any SQLConnection, _ pet: Pet, now: Date) throws {
        let changed = try db.execute("UPDATE pets SET name = ?, species = ?, breed = ?, birthday = ?, updated_at = ? WHERE id = ?",
                                     pet.name, pet.species, pet.breed, pet.birthday?.description, now.unixMillis, pet.id)
        guard changed == 1 else { throw HuifangError(.notFound, "no pet with id \(pet.id)", field: "id") }
    }

    /// Decodes a row selected with `columns`.
    static func pet(from row: SQLRow) -> Pet {
        Pet(id: row.int64(0), customerId: row.int64(1), name: row.string(2), species: row.string(3), breed: row.optionalString(4),
            birthday: row.optionalString(5).flatMap { LocalDate(iso: $0) })
    }
}
