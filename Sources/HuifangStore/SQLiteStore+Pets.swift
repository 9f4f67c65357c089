import Foundation
import GRDB
import HuifangCore

/// Pets (R-PPL-4) on SQLite: the statements are `PetsSQL`'s, shared with PostgreSQL.
extension SQLiteStore {
    public func addPet(_ pet: Pet, now: Date) throws -> Pet {
        try write { db in try PetsSQL.add(GRDBSQLConnection(db), pet, now: now) }
    }

    public func pet(id: Int64) throws -> Pet? {
        try read { db in try PetsSQL.pet(GRDBSQLConnection(db), id: id) }
    }

    public func pets(customerIds: [Int64]) throws -> [Int64: [Pet]] {
        try read { db in try PetsSQL.pets(GRDBSQLConnection(db), customerIds: customerIds) }
    }

    public func updatePet(_ pet: Pet, now: Date) throws {
        try write { db in try PetsSQL.update(GRDBSQLConnection(db), pet, now: now) }
    }
}
