import Foundation
import HuifangControl
import HuifangCore
import HuifangStore
import Logging
import ServiceLifecycle

/// Backups of the store (R-OPS-3): `huifang-YYYYMMDD-HHMMSS.sqlite` files in `[backup]
/// directory`, made online with SQLite's backup API, pruned to the retention. A PostgreSQL
/// store has none here: its backups are the operator's `pg_dump`.
final class BackupManager: Sendable {
    /// nil on PostgreSQL.
    private let sqlite: SQLiteStore?
    let config: LiveConfig
    private let clock: any WallClock
    let logger: Logger
    /// Held while a backup is restored (`StoreRestore.swift`), so the scheduler stands still.
    let gate: DeliveryGate

    init(store: SQLiteStore?, config: LiveConfig, clock: any WallClock, gate: DeliveryGate = DeliveryGate(), logger: Logger) {
        sqlite = store
        self.config = config
        self.clock = clock
        self.gate = gate
        self.logger = logger
    }

    struct Backup {
        var path: String
        var at: Date
        var size: Int64
    }

    private var directory: String { config.snapshot.backupDirectory }

    /// Whether this store has backups of huifangd's making (SQLite) at all.
    var available: Bool { sqlite != nil }

    static let postgresNote = "a PostgreSQL store is backed up with pg_dump by its operator (README, \"Several nodes on PostgreSQL\"); huifangd's backups are for a SQLite store"

    /// The SQLite store backed up; on PostgreSQL, a clear refusal.
    var store: SQLiteStore {
        get throws(HuifangError) {
            guard let sqlite else { throw HuifangError(.notConfigured, Self.postgresNote) }
            return sqlite
        }
    }

    /// Makes a backup now and prunes old ones (unless told not to: before a restore, whose
    /// source may be an old one); returns the new one.
    func backupNow(prune pruning: Bool = true) throws -> Backup {
        let now = clock.now()
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        var path = (directory as NSString).appendingPathComponent("huifang-\(formatter.string(from: now)).sqlite")
        if FileManager.default.fileExists(atPath: path) {
            path = (directory as NSString).appendingPathComponent("huifang-\(formatter.string(from: now))-\(now.unixMillis % 1000).sqlite")
        }
        try store.backup(to: path)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0
        logger.notice("backup made", metadata: ["huifang.file": "\(path)", "huifang.bytes": "\(size)"])
        if pruning { try prune() }
        return Backup(path: path, at: now, size: size)
    }

    /// The backups in the directory, newest first.
    func list() throws -> [Backup] {
        _ = try store
        guard FileManager.default.fileExists(atPath: directory) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasPrefix("huifang-") && $0.hasSuffix(".sqlite") }
            .map { name in
                let path = (directory as NSString).appendingPathComponent(name)
                let attributes = try FileManager.default.attributesOfItem(atPath: path)
                return Backup(path: path, at: attributes[.modificationDate] as? Date ?? .distantPast,
                              size: (attributes[.size] as? Int64) ?? 0)
            }
            .sorted { $0.at > $1.at }
    }

    func prune() throws {
        let settings = config.snapshot.backup
        let backups = try list()
        let keep = BackupRetention.keep(backups.map { ($0.path, $0.at) }, daily: settings.keepDaily, weekly: settings.keepWeekly)
        for backup in backups where !keep.contains(backup.path) {
            try FileManager.default.removeItem(atPath: backup.path)
            logger.info("old backup removed", metadata: ["huifang.file": "\(backup.path)"])
        }
    }
}

/// Makes a backup every `[backup] interval_hours` (a `Service`); 0 turns it off.
final class BackupService: Service {
    private let manager: BackupManager
    private let config: LiveConfig
    private let clock: any WallClock
    private let logger: Logger

    init(manager: BackupManager, config: LiveConfig, clock: any WallClock, logger: Logger) {
        self.manager = manager
        self.config = config
        self.clock = clock
        self.logger = logger
    }

    func run() async throws {
        guard manager.available else {
            logger.notice("scheduled backups are off: \(BackupManager.postgresNote)")
            try? await gracefulShutdown()   // a service that returned would stop the group
            return
        }
        await cancelWhenGracefulShutdown { [self] in
            while !Task.isCancelled {
                let hours = config.snapshot.backup.intervalHours
                guard hours > 0 else {
                    try? await Task.sleep(for: .seconds(60))
                    continue
                }
                let interval = Double(hours) * 3600
                let last = (try? manager.list().first?.at) ?? .distantPast
                let wait = last.addingTimeInterval(interval).timeIntervalSince(clock.now())
                if wait <= 0 {
                    do { _ = try manager.backupNow() } catch { logger.error("scheduled backup failed: \(error)") }
                    continue
                }
                try? await Task.sleep(for: .seconds(min(wait, 3600)))
            }
        }
    }
}
