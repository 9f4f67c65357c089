import ArgumentParser
import HuifangControl

struct PetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pet", abstract: "Customers' pets: their visits, rebooking and birthdays.",
        subcommands: [Add.self, List.self, Edit.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.PetAdd.abstract)
        @OptionGroup var global: GlobalOptions
        @Option(help: "The owner's customer id.") var customer: Int64
        @Option(help: "The pet's name, e.g. 豆豆.") var name: String
        @Option(help: "dog, cat, … (rebooking intervals in [pets] rebook_days may name it).") var species: String
        @Option(help: "The breed, e.g. 泰迪.") var breed: String?
        @Option(help: "Its birthday, YYYY-MM-DD: the owner is greeted on it.") var birthday: String?

        func run() throws {
            var args = PetArgs(customer: customer)
            args.name = name
            args.species = species
            args.breed = breed
            args.birthday = birthday
            let pet = try global.call(API.PetAdd.self, args)
            global.output(pet) { print(pet.id) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.PetList.abstract)
        @OptionGroup var global: GlobalOptions
        @Option(help: "The owner's customer id.") var customer: Int64

        func run() throws {
            let pets = try global.call(API.PetList.self, PetListArgs(customer: customer))
            global.output(pets) {
                Table.print(header: ["ID", "NAME", "SPECIES", "BREED", "BIRTHDAY"], rows: pets.map {
                    ["\($0.id)", $0.name, $0.species, $0.breed ?? "-", $0.birthday ?? "-"]
                })
            }
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.PetEdit.abstract)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The pet's id.") var id: Int64
        @Option(help: "Its name.") var name: String?
        @Option(help: "Its species.") var species: String?
        @Option(help: "Its breed (empty: none).") var breed: String?
        @Option(help: "Its birthday, YYYY-MM-DD (empty: none).") var birthday: String?

        func run() throws {
            var args = PetArgs(id: id)
            args.name = name
            args.species = species
            args.breed = breed
            args.birthday = birthday
            let pet = try global.call(API.PetEdit.self, args)
            global.output(pet) { print("pet \(pet.id) \(pet.name) saved") }
        }
    }
}
