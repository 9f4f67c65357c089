import ArgumentParser
import HuifangControl

struct EndpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "endpoint", abstract: "Inspect, pause and resume channel endpoints.",
        subcommands: [List.self, Pause.self, Resume.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Each endpoint's circuit state, failures and last error.")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let (endpoints, raw) = try global.call("endpoint.list", NoArgs(), as: [EndpointView].self)
            global.output(raw) {
                Table.print(header: ["NAME", "STATE", "FAILURES", "IN FLIGHT", "DELIVERED", "FAILED", "LAST ERROR"],
                            rows: endpoints.map {
                                [$0.name, $0.state + ($0.openUntil.map { " until \($0)" } ?? ""), "\($0.consecutiveFailures)",
                                 "\($0.inFlight)/\($0.maxInFlight)", "\($0.delivered)", "\($0.failed)", $0.lastError ?? ""]
                            })
            }
        }
    }

    struct Pause: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop sending to an endpoint; its messages wait.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The channel name.") var name: String

        func run() throws { try EndpointCommand.setState("endpoint.pause", name, global) }
    }

    struct Resume: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send to a paused endpoint again.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The channel name.") var name: String

        func run() throws { try EndpointCommand.setState("endpoint.resume", name, global) }
    }

    /// Pause or resume, then print the endpoint's new state.
    static func setState(_ cmd: String, _ name: String, _ global: GlobalOptions) throws {
        let (endpoint, raw) = try global.call(cmd, EndpointNameArgs(name: name), as: EndpointView.self)
        global.output(raw) { print("\(endpoint.name) \(endpoint.state)") }
    }
}
