import ArgumentParser
import HuifangControl

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show the daemon's state.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let (status, raw) = try global.call("status", NoArgs(), as: StatusView.self)
        global.output(raw) {
            print("huifangd \(status.version), pid \(status.pid), up \(status.uptimeSeconds) s (since \(status.startedAt))")
            print("store:    \(status.store)")
            print("channels: \(status.channels.joined(separator: ", "))")
            let counts = status.messages.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            print("messages: \(counts.joined(separator: ", "))")
            print("next due: \(status.nextDueAt ?? "-")")
            print("config:   generation \(status.configGeneration), loaded \(status.configLoadedAt)")
        }
    }
}
