import Foundation
import HuifangCore
import HuifangStore

/// Restoring a verified backup under the running daemon (R-OPS-3, `backup restore FILE
/// --confirm`). In order: the backup is checked (integrity, a schema no newer than this
/// build, health records sealed with the key in force); the store as it is is kept as a new
/// backup, the way back; delivery is held (nothing claimed, in-flight requests finished and
/// recorded); the backup is copied into the live file under the write lock (the file keeps
/// its inode, so `StoreWatch` stays calm) and the migrations it lacks are applied; the
/// operators' pauses are re-read and messages it held in flight are queued again; delivery
/// goes on. Refused at any check, nothing has changed.
extension BackupManager {
    struct Restored {
        var from: String
        /// The store as it was just before, kept as a backup.
        var savedAs: String
        var migrationsApplied: Int
        var requeued: Int
    }

    func restore(from file: String, health: HealthKeyring, endpoints: EndpointRegistry, wakeup: Wakeup) throws(HuifangError) -> Restored {
        let store = try store
        let path = URL(fileURLWithPath: file).resolvingSymlinksInPath().path
        let live = URL(fileURLWithPath: config.snapshot.store.path).resolvingSymlinksInPath().path
        if path == live || path.hasPrefix(live + "-") {
            throw .invalid("file", "\(file) is the live store itself; name a backup (huifangctl backup list)")
        }
        let verdict: BackupVerdict
        do {
            verdict = try SQLiteStore.verifyBackup(at: path)
        } catch let error as HuifangError {
            throw error
        } catch {
            throw .invalid("file", "\(file) cannot be read as a backup: \(error)")
        }
        guard verdict.integrity == "ok" else {
            throw .invalid("file", "\(file) fails the integrity check (\(verdict.integrity)); nothing was changed")
        }
        guard verdict.restorable else {
            throw .invalid("file", "\(file) has schema \(verdict.migrations.last ?? "none"), which this huifangd (schema \(SQLiteStore.schema.last ?? "")) does not know; nothing was changed")
        }
        let saved: Backup
        do {
            saved = try backupNow(prune: false)
        } catch {
            throw HuifangError(.unavailable, "could not first keep the store as it is (\(error)); nothing was changed", field: "backup")
        }
        let grace = config.snapshot.delivery.shutdownGraceMs + 5_000
        switch gate.hold(timeout: .milliseconds(grace), wakeup: wakeup) {
        case .quiet: break
        case .busy: throw HuifangError(.conflict, "another restore is in progress")
        case .timedOut:
            throw HuifangError(.unavailable, "deliveries in flight did not finish within \(grace / 1000) s; nothing was changed; try again")
        }
        defer { gate.release(wakeup: wakeup) }
        let requeued: Int
        do {
            try store.restore(from: path) { _, keyIds in
                let current = health.keyId
                if let other = keyIds.keys.sorted().first(where: { $0 != current }) {
                    throw HuifangError.invalid("file", "\(file) holds \(keyIds[other]!) health records sealed with key \(other), but this daemon's key is \(current ?? "not set"); set [security] key_file to that key first; nothing was changed")
                }
            }
            endpoints.setPauses(try store.pausedEndpoints(), reasons: try store.endpointPauseReasons())
            // Messages the backup caught in flight go back to the queue, with their ids.
            requeued = try store.rescueExpiredLeases(now: .distantFuture)
        } catch let error as HuifangError {
            throw error
        } catch {
            logger.error("restore from \(path) failed: \(error)")
            if SQLiteStore.isDiskFull(error) { throw HuifangError.diskFull }
            throw HuifangError(.internal, "the restore failed (\(error)); the store as it was is kept in \(saved.path)")
        }
        let applied = SQLiteStore.schema.count - verdict.migrations.count
        logger.notice("store restored from a backup; delivery goes on",
                      metadata: ["huifang.file": "\(path)", "huifang.saved_as": "\(saved.path)",
                                 "huifang.migrations_applied": "\(applied)", "huifang.requeued": "\(requeued)"])
        return Restored(from: path, savedAs: saved.path, migrationsApplied: applied, requeued: requeued)
    }
}
