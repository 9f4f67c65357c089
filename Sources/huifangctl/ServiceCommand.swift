import ArgumentParser
import HuifangControl

struct ServiceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "service", abstract: "The service catalogue: what a visit or appointment may name.",
        subcommands: [List.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.ServiceList.abstract)

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let services = try global.call(API.ServiceList.self, NoArgs())
            global.output(services) {
                if services.isEmpty { print("no [[services]] in the config: services are free text and protocols match them by name") }
                Table.print(header: ["ID", "NAME", "CATEGORY", "ALIASES", "PROTOCOLS"], rows: services.map {
                    [$0.id, $0.names["zh-Hans"] ?? $0.id, $0.category, $0.aliases.joined(separator: ", "),
                     $0.protocols.isEmpty ? "-" : $0.protocols.joined(separator: ", ")]
                })
            }
        }
    }
}
