import HuifangCore

/// `[pets]` (R-PPL-4): how long after a groom a pet's owner is asked to rebook, by breed or
/// species: `rebook_days = { dog = 42, cat = 56, "泰迪" = 28 }` (a breed's own value wins).
public struct PetSettings: Sendable, Equatable {
    public var rebookDays: [String: Int] = [:]
    /// Pets' birthdays are greeted to their owners.
    public var birthdays = true
    /// A `[pets]` table is in the config: the business keeps pets (a groomer's), so the
    /// console offers to add one.
    public var configured = false

    /// The days to the next groom for this pet, if the config says.
    public func rebookDays(for pet: Pet) -> Int? {
        pet.breed.flatMap { rebookDays[$0] } ?? rebookDays[pet.species]
    }
}

extension HuifangConfig {
    static func readPets(_ root: inout ConfigReader, into config: inout HuifangConfig) throws(ConfigError) {
        guard var t = try root.table("pets") else { return }
        config.pets.configured = true
        if var days = try t.table("rebook_days") {
            for key in days.table.keys {
                config.pets.rebookDays[key] = try days.int(key, default: 0, range: 1...365)
            }
        }
        config.pets.birthdays = try t.bool("birthdays", default: true)
        try t.rejectUnknownKeys(allowed: ["rebook_days", "birthdays"])
    }
}
