import Foundation
import HuifangControl
import HuifangCore
import HuifangDelivery
import HuifangStore
import Logging
import ServiceLifecycle
#if canImport(Glibc)
import Glibc
#endif

/// Starts and runs huifangd; `run` returns the process exit code.
public enum Daemon {
    public static let exitConfigError = ConfigError.exitCode   // 78, EX_CONFIG
    public static let exitUnavailable: Int32 = 69               // EX_UNAVAILABLE
    public static let exitCantCreate: Int32 = 73                // EX_CANTCREAT
    public static let exitSoftware: Int32 = 70                  // EX_SOFTWARE
    public static let release = ControlProtocol.release
    public static let protocolVersion = ControlProtocol.version

    /// Validates the config file; prints `FILE:LINE:COL: message` on failure.
    public static func checkConfig(path: String) -> Int32 {
        do {
            let config = try HuifangConfig.load(path: path)
            // The files it names, as the start reads them.
            if let keyFile = config.security.keyFile {
                do {
                    _ = try HealthKey.load(path: keyFile)
                } catch {
                    throw ConfigError(file: path, position: nil, message: "[security] key_file: \(error.message)")
                }
            }
            var isDirectory: ObjCBool = false
            let backups = config.backupDirectory
            // Created at the first backup when missing; a file in its place is a mistake.
            if FileManager.default.fileExists(atPath: backups, isDirectory: &isDirectory), !isDirectory.boolValue {
                throw ConfigError(file: path, position: nil, message: "[backup] directory \(backups) is not a directory")
            }
            print("\(path): ok (\(config.channels.count) channel\(config.channels.count == 1 ? "" : "s"): \(config.channels.map(\.name).joined(separator: ", ")))")
            return 0
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            return exitConfigError
        }
    }

    public static func run(configPath: String, logLevel: Logger.Level = .info) async -> Int32 {
        // An early SIGHUP must not kill the process (its default action); the Reloader traps it.
        signal(SIGHUP, SIG_IGN)
        signal(SIGPIPE, SIG_IGN)
        MemoryRelease.limitArenas()
        // The store, its journal and its backups hold customers' data: no one but the
        // service (and its group, to read) whatever the umask it was started with.
        umask(0o027)
        bootstrapLogging(level: logLevel)
        let logger = Logger(label: "huifangd")
        // Caught before anything listens, so an early SIGTERM is a clean stop too.
        let shutdownSignals = ShutdownSignals([SIGTERM, SIGINT], logger: logger)

        let config: HuifangConfig
        do {
            config = try HuifangConfig.load(path: configPath)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            return exitConfigError
        }
        // Tests move the daemon's clock to an hour they need (a window about to open).
        let clock = SystemClock(offset: ProcessInfo.processInfo.environment["HUIFANG_CLOCK_OFFSET_SECONDS"].flatMap(Double.init) ?? 0)
        if clock.offset != 0 { logger.warning("the clock is moved by HUIFANG_CLOCK_OFFSET_SECONDS=\(clock.offset) (tests only)") }
        let notifier = SystemdNotifier()
        let metricsRegistry = DaemonMetrics.bootstrap()
        let startedAt = clock.now()

        let opened: OpenedStore
        do {
            opened = try OpenedStore(config.store, logger: logger)
        } catch {
            logger.critical("cannot open the store at \(config.store.described): \(error)")
            return exitCantCreate
        }
        let store = opened.store
        let health: HealthKeyring
        do {
            health = HealthKeyring(try openHealthKey(config: config, store: store))
        } catch {
            FileHandle.standardError.write(Data("\(configPath): \(error.message)\n".utf8))
            return exitConfigError
        }
        let live = LiveConfig(config, path: configPath, loadedAt: startedAt)
        let gate = DeliveryGate()
        let backups = BackupManager(store: opened.sqlite, config: live, clock: clock, gate: gate, logger: logger)
        let wakeup = Wakeup()
        let greetingTrigger = Wakeup()
        let engine = CurlMultiEngine(
            maxTotalConnections: config.channels.reduce(0) { $0 + $1.maxInFlight } + 16,
            threads: min(2, ProcessInfo.processInfo.activeProcessorCount))
        let endpoints: EndpointRegistry
        do {
            endpoints = EndpointRegistry(config: config, paused: try store.pausedEndpoints(), reasons: try store.endpointPauseReasons(),
                                         now: startedAt)
        } catch {
            logger.critical("cannot read endpoint pauses: \(error)")
            return exitCantCreate
        }
        let handlers: HandlerTable
        do {
            handlers = try CommandTable.checked()
        } catch {
            logger.critical("the control commands are not wired up: \(error)")
            return exitSoftware
        }
        let node = Scheduler.newOwner(node: config.store.node)
        let listener = ListenerState()
        let readiness = Readiness()
        let router = RequestRouter(handlers: handlers) { peer in
            CommandContext(store: store, config: live, endpoints: endpoints, backups: backups, health: health, clock: clock, schedulerWakeup: wakeup,
                           greetingWakeup: greetingTrigger, peer: peer, startedAt: startedAt, node: node, listener: listener, readiness: readiness, logger: logger)
        }
        let server: ControlServer
        do {
            server = try ControlServer(path: config.control.socket, mode: config.control.socketMode, group: config.control.socketGroup,
                                       maxLineBytes: config.control.maxLineBytes,
                                       limits: .init(maxConnections: config.control.maxConnections, perUser: config.control.maxConnectionsPerUser,
                                                     reservedForAdmin: config.control.reservedForAdmin, idleTimeoutMs: config.control.idleTimeoutMs,
                                                     lineDeadlineMs: config.control.lineDeadlineMs),
                                       router: router, logger: logger)
        } catch {
            logger.critical("cannot open the control socket: \(error)")
            return exitUnavailable
        }
        let scheduler = Scheduler(
            store: store, config: live, owner: node,
            dispatcher: Dispatcher(sender: engine, clock: clock, logger: logger), endpoints: endpoints,
            clock: clock, wakeup: wakeup, notifier: notifier, logger: logger,
            readiness: readiness, gate: gate, abortInFlight: { engine.shutdown() })
        let reloader = Reloader(config: live, notifier: notifier, logger: logger)
        let ready = "READY=1\nSTATUS=running: store \(config.store.described), socket \(config.control.socket)"
        // R-IN-1…5: the HTTP face; READY=1 goes out once it listens (at once without it).
        let inbound = InboundEndpoint(config: live, clock: clock, makeInbound: { source in
            var context = router.makeContext(nil)
            context.actor = "inbound:\(source.name)"
            return Inbound(context: context, router: router, source: source)
        }, logger: logger)
        var console: Console?
        if config.console.enabled {
            do {
                console = Console(auth: ConsoleAuth(store: store, config: live, clock: clock, logger: logger), router: router,
                                  library: try ConsoleTemplates.library(), store: store, config: live, clock: clock, logger: logger,
                                  flashes: Console.Flashes())
            } catch {
                logger.critical("the console's templates do not parse: \(error)")
                return exitSoftware
            }
        }
        let http = HTTPFace.make(config.http, parts: .init(
            inbound: inbound, console: console, readiness: readiness, registry: metricsRegistry, store: store, config: live, endpoints: endpoints,
            clock: clock, logger: logger)) { address in
            listener.listening(at: address)
            logger.notice("HTTP listener up", metadata: ["huifang.http": "\(address)"])
            notifier.notify(ready + ", http \(address)")
        }

        let group = ServiceGroup(configuration: .init(
            services: (http.map { [ServiceGroupConfiguration.ServiceConfiguration(service: $0)] } ?? []) + [
                .init(service: server),
                .init(service: scheduler),
                .init(service: reloader),
                .init(service: UpkeepService(store: store, config: live, clock: clock, schedulerWakeup: wakeup,
                                             greetingTrigger: greetingTrigger, logger: logger, leads: opened.leads,
                                             makeContext: { router.makeContext(nil) })),
                .init(service: BackupService(manager: backups, config: live, clock: clock, logger: logger)),
            ] + (opened.sqlite == nil ? [] : [.init(service: StoreWatch(path: config.store.path, logger: logger))]),
            logger: logger))
        shutdownSignals.attach(group)

        if config.roles == nil {
            logger.warning("no [roles] in the config: every user who can open the control socket is admin")
        }
        logger.notice("huifangd started", metadata: [
            "huifang.store": "\(config.store.described)", "huifang.node": "\(node)", "huifang.socket": "\(config.control.socket)",
            "huifang.channels": "\(config.channels.map(\.name))",
        ])
        if http == nil { notifier.notify(ready) }
        var exitCode: Int32 = 0
        do {
            try await group.run()
        } catch is CancellationError {
            // A second signal during shutdown cancels the group; the leases are released below.
        } catch {
            logger.critical("huifangd stopped on an error: \(error)")
            exitCode = 1
        }
        notifier.notify("STOPPING=1\nSTATUS=stopping")
        server.stop()
        engine.shutdown()
        _ = try? store.releaseLeases(owner: node, now: clock.now())
        try? store.forgetNode(node)
        withExtendedLifetime((opened, shutdownSignals)) {}
        logger.notice("huifangd stopped")
        return exitCode
    }

    /// Loads `[security] key_file` and checks that it is the key the store's health records
    /// are sealed with, so a wrong key stops the start instead of failing reads later.
    static func openHealthKey(config: HuifangConfig, store: some Store) throws(HuifangError) -> HealthKey? {
        let inUse: [String: Int]
        do {
            inUse = try store.healthKeyIds()
        } catch {
            throw HuifangError(.unavailable, "cannot read the health records: \(error)")
        }
        guard let path = config.security.keyFile else {
            if let (keyId, count) = inUse.first {
                throw HuifangError(.invalidArgument,
                                   "the store holds \(count) health records sealed with key \(keyId), but [security] key_file is not set",
                                   field: "key_file")
            }
            return nil
        }
        let key = try HealthKey.load(path: path)
        if let other = inUse.keys.sorted().first(where: { $0 != key.id }) {
            throw HuifangError(.invalidArgument,
                               "[security] key_file \(path) holds key \(key.id), but \(inUse[other]!) health records are sealed with key \(other); point key_file at the key given to the last admin rotate-key",
                               field: "key_file")
        }
        return key
    }

    private static func bootstrapLogging(level: Logger.Level) {
        LogLevelControl.shared.level = level
        // Under systemd with stderr going to the journal: priorities, no second timestamp.
        let journal = ProcessInfo.processInfo.environment["JOURNAL_STREAM"].map { !$0.isEmpty } ?? false
        LoggingSystem.bootstrap { label in
            if journal { return RedactingLogHandler(JournalLogHandler(label: label), leveled: true) }
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .trace   // the wrapper decides, at the daemon's current level
            return RedactingLogHandler(handler, leveled: true)
        }
    }

}
