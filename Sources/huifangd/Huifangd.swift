import ArgumentParser
import HuifangDaemon
import Foundation
import Logging

@main
struct Huifangd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "huifangd",
        abstract: "Huifang service: delivers follow-ups, greetings and reminders as signed webhooks.",
        version: "huifangd \(Daemon.release) (control protocol \(Daemon.protocolVersion))",
        subcommands: [Serve.self, Init.self],
        defaultSubcommand: Serve.self)

    /// Runs the service (the default: `huifangd --config FILE`).
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the service (the default).")

        @Option(name: .long, help: "The configuration file.")
        var config = "/etc/huifang/huifang.toml"

        @Flag(name: .long, help: "Validate the configuration file and exit (0: valid, 78: invalid).")
        var checkConfig = false

        @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
        var logLevel: String = "info"

        func validate() throws {
            guard Logger.Level(rawValue: logLevel) != nil else {
                throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
            }
        }

        func run() async throws {
            let code = checkConfig
                ? Daemon.checkConfig(path: config)
                : await Daemon.run(configPath: config, logLevel: Logger.Level(rawValue: logLevel)!)
            if code != 0 { throw ExitCode(code) }
        }
    }

    /// Prints a complete config for one of the shipped business profiles.
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Print a complete, commented config for a business: aesthetic, dental, tcm, pet-grooming or members-club.")

        @Option(help: "The business: \(Profiles.all.map(\.id).joined(separator: ", ")).") var profile: String
        @Option(help: "The business's own name, as customers read it (店名).") var name: String
        @Option(help: "The business's time zone (IANA).") var zone = "Asia/Shanghai"
        @Option(help: "Where the store and backups live.") var stateDir = "/var/lib/huifang"
        @Option(help: "The control socket.") var socket = "/run/huifang/control.sock"
        @Option(help: "The gateway's base URL; each channel posts to URL/CHANNEL.") var gateway = "http://127.0.0.1:8788"
        @Option(help: "The HTTP listener (console, inbound, metrics).") var listen = "127.0.0.1:8790"
        @Option(help: "One signing secret (whsec_…) for every channel, e.g. a demo sink's (default: a fresh one each).") var secret: String?

        func validate() throws {
            guard Profiles.named(profile) != nil else {
                throw ValidationError("--profile must be one of \(Profiles.all.map(\.id).joined(separator: ", ")), not '\(profile)'")
            }
            guard !name.trimmingCharacters(in: .whitespaces).isEmpty, name.count <= 30 else {
                throw ValidationError("--name must be 1 to 30 characters")
            }
            guard TimeZone(identifier: zone) != nil else { throw ValidationError("--zone '\(zone)' is not an IANA time zone") }
            if let secret, !Profiles.isSecret(secret) {
                throw ValidationError("--secret must be whsec_ followed by base64 of at least 24 bytes")
            }
        }

        func run() throws {
            var options = Profiles.Options(name: name.trimmingCharacters(in: .whitespaces))
            options.zone = zone
            options.stateDirectory = stateDir
            options.socket = socket
            options.gateway = gateway
            options.listen = listen
            options.secret = secret
            print(Profiles.render(Profiles.named(profile)!, options), terminator: "")
        }
    }
}
