import ArgumentParser
import HuifangControl

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: API.Status.abstract)

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let status = try global.call(API.Status.self, NoArgs())
        global.output(status) {
            print("huifangd \(status.version), pid \(status.pid), up \(status.uptimeSeconds) s (since \(LocalTimeText.show(status.startedAt)))")
            print("store:    \(status.store)")
            print("channels: \(status.channels.joined(separator: ", "))")
            let counts = status.messages.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            print("messages: \(counts.joined(separator: ", "))")
            print("next due: \(LocalTimeText.show(status.nextDueAt))")
            for alert in status.alerts ?? [] { print("ALERT:    \(alert)") }
            print("http:     \(status.http ?? "off")")
            if let inbound = status.inbound, !inbound.isEmpty {
                print("inbound:  \(inbound.joined(separator: "\n          "))")
            }
            print("config:   generation \(status.configGeneration), loaded \(LocalTimeText.show(status.configLoadedAt))")
        }
    }
}
