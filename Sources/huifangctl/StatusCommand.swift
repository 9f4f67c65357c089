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
            if let node = status.node {
                let others = (status.nodes ?? []).filter { $0.id != node }
                print("node:     \(node)\(others.isEmpty ? "" : " (and \(others.count) other\(others.count == 1 ? "" : "s") live)")")
                for other in others { print("          \(other.id), up since \(LocalTimeText.show(other.startedAt))") }
            }
            if let endpoints = status.endpoints {
                for endpoint in endpoints { print(Self.line(endpoint)) }
            } else {
                print("channels: \(status.channels.joined(separator: ", "))")
            }
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

    /// `sms:      closed; 3 pending, 1 overdue (oldest due 11-27 周五 18:30), 0 dead; 2/16 in flight`
    static func line(_ endpoint: EndpointView) -> String {
        var queue = "\(endpoint.pending ?? 0) pending, \(endpoint.overdue ?? 0) overdue"
        if let oldest = endpoint.oldestDueAt, (endpoint.overdue ?? 0) > 0 { queue += " (oldest due \(LocalTimeText.show(oldest)))" }
        queue += ", \(endpoint.dead ?? 0) dead"
        let label = (endpoint.name + ":").padding(toLength: max(10, endpoint.name.count + 2), withPad: " ", startingAt: 0)
        return "\(label)\(endpoint.state); \(queue); \(endpoint.inFlight)/\(endpoint.maxInFlight) in flight"
    }
}
