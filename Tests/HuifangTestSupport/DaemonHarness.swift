import Foundation
import HuifangControl
#if canImport(Glibc)
import Glibc
#endif

/// A real huifangd in a temp directory: its own config, store and control socket.
public final class DaemonHarness: @unchecked Sendable {
    public let directory = TempDirectory("d")
    public let configPath: String
    public var socketPath: String { directory.file("control.sock") }
    public var storePath: String { directory.file("huifang.sqlite") }
    public private(set) var child: ChildProcess?
    /// `[delivery] shutdown_grace_ms` of the configs this harness writes.
    public let shutdownGraceMs: Int
    /// More lines for `[delivery]`, e.g. `max_attempts = 3`.
    public let delivery: [String]
    /// More lines for `[control]`, e.g. `idle_timeout_ms = 500`.
    public let control: [String]
    /// More lines per channel table, e.g. `["sms": ["max_in_flight = 2"]]`.
    public let channelSettings: [String: [String]]
    /// The PostgreSQL database the daemon uses (`[store] url`); nil: the SQLite file at
    /// `storePath`.
    public let storeURL: String?
    /// `[store] node` (with `storeURL`).
    public let node: String?

    /// Which store a harness's daemon runs on.
    public enum StoreChoice {
        /// SQLite, or with `HUIFANG_TEST_STORE=postgresql` in the environment a PostgreSQL
        /// database of its own on the test process's throwaway cluster (the integration suites on PostgreSQL).
        case fromEnvironment
        case sqlite
        /// A database shared with other harnesses (several nodes), with this node name.
        case postgres(url: String, node: String?)
    }

    /// `channels` maps channel names to URLs; `extra` is appended to the config verbatim.
    public init(channels: [(String, String)], secret: String = WebhookSink.demoSecret, extra: String = "",
                shutdownGraceMs: Int = 10_000, delivery: [String] = [], control: [String] = [], channelSettings: [String: [String]] = [:],
                store: StoreChoice = .fromEnvironment) {
        configPath = directory.file("huifang.toml")
        switch store {
        case .fromEnvironment where ProcessInfo.processInfo.environment["HUIFANG_TEST_STORE"] == "postgresql":
            storeURL = try! PostgresCluster.shared().freshDatabase()
            node = nil
        case .fromEnvironment, .sqlite:
            storeURL = nil
            node = nil
        case .postgres(let url, let name):
            storeURL = url
            node = name
        }
        self.shutdownGraceMs = shutdownGraceMs
        self.delivery = delivery
        self.control = control
        self.channelSettings = channelSettings
        writeConfig(channels: channels, secret: secret, extra: extra)
    }

    public func writeConfig(channels: [(String, String)], secret: String = WebhookSink.demoSecret, extra: String = "") {
        let store = storeURL.map { url in "url = \"\(url)\"" + (node.map { "\nnode = \"\($0)\"" } ?? "") } ?? "path = \"\(storePath)\""
        var text = """
            [store]
            \(store)

            [control]
            socket = "\(socketPath)"
            \(control.joined(separator: "\n"))

            \(extra.contains("[http]") ? "" : "[http]\nlisten = \"127.0.0.1:0\"")

            [scheduler]
            poll_interval_ms = 200
            lease_ms = 5000

            [delivery]
            backoff_base_ms = 200
            backoff_cap_ms = 1000
            shutdown_grace_ms = \(shutdownGraceMs)
            \(delivery.joined(separator: "\n"))

            \(extra)

            """
        for (name, url) in channels {
            let settings = channelSettings[name] ?? []
            let timeout = settings.contains { $0.hasPrefix("timeout_ms") } ? "" : "timeout_ms = 5000"
            text += """

                [channels.\(name)]
                url = "\(url)"
                secret = "\(secret)"
                \(timeout)
                \(settings.joined(separator: "\n"))

                """
        }
        try! text.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    /// Starts huifangd and waits until its control socket answers.
    public func start(environment: [String: String] = [:]) throws {
        let child = try ChildProcess(TestPaths.binary("huifangd"), ["--config", configPath, "--log-level", "debug"],
                                     environment: environment, directory: directory.path)
        self.child = child
        let up = eventually(timeout: 20) {
            guard child.isRunning else { return true }
            guard let fd = try? UnixSocket.connect(path: socketPath) else { return false }
            close(fd)
            return true
        }
        guard up, child.isRunning else {
            throw TestFailure("huifangd did not start (exit \(child.isRunning ? "-" : "\(child.process.terminationStatus)")): \(child.stderr)")
        }
    }

    /// Sends `signal` and waits for the exit status (nil if it did not exit in time).
    public func stop(signal: Int32 = SIGTERM, timeout: TimeInterval = 30) -> Int32? {
        guard let child else { return nil }
        child.signal(signal)
        return child.wait(timeout: timeout)
    }

    /// Runs huifangctl against this daemon.
    public func ctl(_ arguments: [String], environment: [String: String] = [:]) throws
        -> (status: Int32, stdout: String, stderr: String)
    {
        try ChildProcess.run(TestPaths.binary("huifangctl"), ["--socket", socketPath] + arguments,
                             environment: environment)
    }

    /// Runs `huifangctl --json …`, requires success, and parses the output.
    public func ctlJSON(_ arguments: [String]) throws -> JSONValue {
        let result = try ctl(["--json"] + arguments)
        guard result.status == 0 else {
            throw TestFailure("huifangctl \(arguments) exited \(result.status): \(result.stderr)")
        }
        return try JSONDecoder().decode(JSONValue.self, from: Data(result.stdout.utf8))
    }

    /// The port of the daemon's HTTP listener (the harness asks for port 0), once it listens.
    public func httpPort() throws -> Int {
        var port: Int?
        _ = try eventually(timeout: 20) {
            if case .string(let address)? = try ctlJSON(["status"])["http"], let last = address.split(separator: ":").last {
                port = Int(last)
            }
            return port != nil
        }
        guard let port else { throw TestFailure("huifangd's HTTP listener did not come up: \(log.suffix(2000))") }
        return port
    }

    /// A raw control connection, for protocol tests.
    public func connect() throws -> RawControlConnection {
        RawControlConnection(fd: try UnixSocket.connect(path: socketPath))
    }

    public var log: String { child?.stderr ?? "" }
}

/// Writes raw bytes to the control socket and reads response lines.
public final class RawControlConnection {
    public let fd: Int32
    private var reader: LineReader

    init(fd: Int32) {
        self.fd = fd
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        reader = LineReader(fd: fd, maxLength: 64 * 1024 * 1024)
    }

    deinit { close(fd) }

    public func send(_ bytes: [UInt8]) { _ = UnixSocket.writeAll(fd, Data(bytes)) }
    public func send(_ text: String) { send(Array(text.utf8)) }

    /// The next response line as JSON; nil at end of stream.
    public func readResponse() -> JSONValue? {
        guard case .line(let bytes) = reader.next() else { return nil }
        return try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }
}
