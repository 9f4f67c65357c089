import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// Reloads the configuration on SIGHUP (R-OPS-1). A config that fails validation is logged
/// and the one in force is kept. Settings that need a restart (store path, control socket,
/// health key file) are reported as such and keep their old values.
final class Reloader: Service {
    private let config: LiveConfig
    private let notifier: SystemdNotifier
    private let logger: Logger

    init(config: LiveConfig, notifier: SystemdNotifier, logger: Logger) {
        self.config = config
        self.notifier = notifier
        self.logger = logger
    }

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            reload()
        }
    }

    func reload() {
        notifier.notify("RELOADING=1\nMONOTONIC_USEC=\(monotonicMicroseconds())")
        defer { notifier.notify("READY=1\nSTATUS=running") }
        do {
            var fresh = try HuifangConfig.load(path: config.path)
            let old = config.snapshot
            if fresh.store != old.store || fresh.control != old.control {
                logger.warning("[store] and [control] changes take effect only after a restart")
                fresh.store = old.store
                fresh.control = old.control
            }
            if fresh.security != old.security {
                // The key in force changes only through admin rotate-key, which re-seals
                // every record first; the new key_file is checked at the next start.
                logger.notice("[security] key_file is read at start; admin rotate-key switches the key in force")
            }
            config.replace(with: fresh, at: Date())
            logger.notice("configuration reloaded", metadata: ["huifang.channels": "\(fresh.channels.map(\.name))"])
        } catch {
            logger.error("configuration not reloaded, the old one stays in force: \(error)")
        }
    }

    private func monotonicMicroseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000 + UInt64(ts.tv_nsec) / 1000
    }
}

#if canImport(Glibc)
import Glibc
#endif
