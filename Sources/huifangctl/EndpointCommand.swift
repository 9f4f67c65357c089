import ArgumentParser
import HuifangControl

struct EndpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "endpoint", abstract: "Inspect, pause and resume channel endpoints.",
        subcommands: [List.self, Pause.self, Resume.self, Rotate.self])

    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.EndpointRotate.abstract)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The channel name.") var name: String

        func run() throws {
            let plan = try global.call(API.EndpointRotate.self, EndpointNameArgs(name: name))
            global.output(plan) {
                print("\(plan.name) signs with \(plan.secrets.count) secret\(plan.secrets.count == 1 ? "" : "s"): \(plan.secrets.joined(separator: ", "))")
                print("new secret: \(plan.newSecret)\n")
                for (index, step) in plan.steps.enumerated() { print("\(index + 1). \(step)") }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.EndpointList.abstract)

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let endpoints = try global.call(API.EndpointList.self, NoArgs())
            global.output(endpoints) {
                Table.print(header: ["NAME", "STATE", "PENDING", "OVERDUE", "DEAD", "OLDEST DUE", "FAILURES", "IN FLIGHT", "DELIVERED", "FAILED", "LAST ERROR"],
                            rows: endpoints.map {
                                [$0.name, $0.state + ($0.openUntil.map { " until \(LocalTimeText.show($0))" } ?? "") + ($0.pauseReason.map { " (\($0))" } ?? ""),
                                 "\($0.pending ?? 0)", "\($0.overdue ?? 0)", "\($0.dead ?? 0)", LocalTimeText.show($0.oldestDueAt),
                                 "\($0.consecutiveFailures)",
                                 "\($0.inFlight)/\($0.maxInFlight)", "\($0.delivered)", "\($0.failed)", $0.lastError ?? ""]
                            })
            }
        }
    }

    struct Pause: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.EndpointPause.abstract)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The channel name.") var name: String

        func run() throws { try EndpointCommand.setState(API.EndpointPause.self, name, global) }
    }

    struct Resume: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.EndpointResume.abstract)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The channel name.") var name: String

        func run() throws { try EndpointCommand.setState(API.EndpointResume.self, name, global) }
    }

    /// Pause or resume, then print the endpoint's new state.
    static func setState<M: ControlMethod>(_ method: M.Type, _ name: String, _ global: GlobalOptions) throws
        where M.Args == EndpointNameArgs, M.Result == EndpointView {
        let endpoint = try global.call(method, EndpointNameArgs(name: name))
        global.output(endpoint) { print("\(endpoint.name) \(endpoint.state)") }
    }
}
