import Foundation
import HuifangCore

/// Pets (R-PPL-4): the statements are `PetsSQL`'s.
extension SQLStore {
    public func addPet(_ pet: Pet, now: Date) throws -> Pet {
        try write { db in try PetsSQL.add(db, pet, now: now) }
    }

    public func pet(id: Int64) throws -> Pet? {
        try read { db in try PetsSQL.pet(db, id: id) }
    }

    public func pets(customerIds: [Int64]) throws -> [Int64: [Pet]] {
        try read { db in try PetsSQL.pets(db, customerIds: customerIds) }
    }

    public func updatePet(_ pet: Pet, now: Date) throws {
        try write { db in try PetsSQL.update(db, pet, now: now) }
    }
}
