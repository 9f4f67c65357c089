import Foundation
import HuifangControl
import HuifangCore

/// pet.add, .list, .edit (R-PPL-4): a groomer's customers' pets.
enum PetCommands {
    static let all = [add, list, edit]

    static let add = CommandHandler(API.PetAdd.self) { (args: PetArgs, context) throws(HuifangError) in
        guard let owner = args.customer else { throw .invalid("customer", "is required") }
        let customer = try liveCustomer(owner, field: "customer", context)
        let pet = try checked(Pet(customerId: customer.id, name: args.name ?? "", species: args.species ?? ""), args)
        let stored = try storeCall(context, "adding a pet") { try context.store.addPet(pet, now: context.clock.now()) }
        context.greetingTrigger.signal()
        return view(stored)
    }

    static let list = CommandHandler(API.PetList.self) { (args: PetListArgs, context) throws(HuifangError) in
        _ = try liveCustomer(args.customer, field: "customer", context)
        return try storeCall(context, "reading pets") { try context.store.pets(customerIds: [args.customer]) }[args.customer, default: []]
            .map(view)
    }

    static let edit = CommandHandler(API.PetEdit.self) { (args: PetArgs, context) throws(HuifangError) in
        guard let id = args.id else { throw .invalid("id", "is required") }
        guard let old = try storeCall(context, "reading a pet", { try context.store.pet(id: id) }) else {
            throw HuifangError(.notFound, "no pet with id \(id)", field: "id", chinese: "找不到编号为 \(id) 的宠物。")
        }
        _ = try liveCustomer(old.customerId, field: "id", context)
        let pet = try checked(old, args)
        try storeCall(context, "saving a pet") { try context.store.updatePet(pet, now: context.clock.now()) }
        if pet.birthday != old.birthday || pet.name != old.name {
            try storeCall(context, "re-planning greetings") {
                _ = try context.store.withdrawGreetings(customerId: pet.customerId, reason: "superseded by an edit of \(old.name)",
                                                        now: context.clock.now())
            }
            context.greetingTrigger.signal()
        }
        context.auditNote.add("pet \(id): \(old.name)/\(old.species)/\(old.breed ?? "-")/\(old.birthday?.description ?? "-") → "
            + "\(pet.name)/\(pet.species)/\(pet.breed ?? "-")/\(pet.birthday?.description ?? "-")")
        return view(pet)
    }

    /// `pet` with the arguments' fields applied and checked.
    private static func checked(_ pet: Pet, _ args: PetArgs) throws(HuifangError) -> Pet {
        var pet = pet
        if let name = args.name { pet.name = name.trimmingCharacters(in: .whitespaces) }
        if let species = args.species { pet.species = species.trimmingCharacters(in: .whitespaces) }
        if let breed = args.breed { pet.breed = breed.isEmpty ? nil : breed.trimmingCharacters(in: .whitespaces) }
        if let text = args.birthday {
            if text.isEmpty {
                pet.birthday = nil
            } else {
                guard let date = LocalDate(written: text) else {
                    throw .invalid("birthday", "must be a real date written YYYY-MM-DD", chinese: "生日须是真实的日期，写成 2020-03-01 或 2020年3月1日 这样。")
                }
                pet.birthday = date
            }
        }
        guard (1...50).contains(pet.name.count) else {
            throw .invalid("name", "must be 1 to 50 characters", chinese: "宠物的名字须为 1 到 50 个字。")
        }
        guard (1...50).contains(pet.species.count) else {
            throw .invalid("species", "must be 1 to 50 characters, e.g. dog, cat, 犬, 猫", chinese: "宠物的种类须为 1 到 50 个字，如 狗、猫。")
        }
        return pet
    }

    static func view(_ p: Pet) -> PetView {
        PetView(id: p.id, customer: p.customerId, name: p.name, species: p.species, breed: p.breed, birthday: p.birthday?.description)
    }
}
