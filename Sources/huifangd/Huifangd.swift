import ArgumentParser
import HuifangDaemon
import Logging

@main
struct Huifangd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "huifangd",
        abstract: "Huifang service: delivers follow-ups, greetings and reminders as signed webhooks.")

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
