import Foundation
import GRDB
import HuifangCore

/// Online backups with SQLite's backup API (R-OPS-3), and their verification.
public struct BackupVerdict: Sendable, Equatable {
    public var integrity: String
    public var migrations: [String]
    public var ok: Bool { integrity == "ok" && migrations == Migrations.known }
    /// Sound and no newer than this build: the migrations it lacks can be applied after a
    /// restore.
    public var restorable: Bool { integrity == "ok" && !migrations.isEmpty && Migrations.known.starts(with: migrations) }
}

extension SQLiteStore {
    /// The migrations this build applies, oldest first: the schema a backup is compared with.
    public static var schema: [String] { Migrations.known }

    /// Copies the live database to `path` (a new file), consistent while the daemon runs.
    public func backup(to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let partial = path + ".partial"
        try? FileManager.default.removeItem(atPath: partial)
        do {
            let destination = try DatabaseQueue(path: partial)
            try writer.backup(to: destination)
            try destination.close()
            try FileManager.default.moveItem(atPath: partial, toPath: path)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
    }

    /// Checks a backup file without changing it: integrity and schema version.
    public static func verifyBackup(at path: String) throws -> BackupVerdict {
        guard FileManager.default.fileExists(atPath: path) else {
            throw HuifangError(.notFound, "no backup at \(path)", field: "file")
        }
        var configuration = Configuration()
        configuration.readonly = true
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read { db in
                let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
                let migrations = (try? String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")) ?? []
                return BackupVerdict(integrity: integrity, migrations: migrations)
            }
        } catch let error as DatabaseError {
            return BackupVerdict(integrity: "unreadable: \(error.resultCode)", migrations: [])
        }
    }

    /// Restores a backup into the live database (R-OPS-3): SQLite's backup API copies it
    /// page by page under the write lock, so the file (and its inode) stays and every
    /// connection sees the restored rows at once; then the migrations the backup lacks are
    /// applied. `check` sees the backup's verdict and its health records' key ids first and
    /// throws to refuse; nothing changes then.
    public func restore(from path: String, check: (BackupVerdict, [String: Int]) throws -> Void) throws {
        let verdict = try Self.verifyBackup(at: path)
        var configuration = Configuration()
        configuration.readonly = true
        let source = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? source.close() }
        let keyIds = verdict.integrity == "ok" ? try source.read { db -> [String: Int] in
            guard try db.tableExists("health_records") else { return [:] }
            let rows = try Row.fetchAll(db, sql: "SELECT key_id, COUNT(*) FROM health_records GROUP BY key_id")
            return Dictionary(uniqueKeysWithValues: rows.map { ($0[0] as String, $0[1] as Int) })
        } : [:]
        try check(verdict, keyIds)
        try source.backup(to: writer)
        try Migrations.migrator.migrate(writer)
        // Pooled readers must not keep statements or schema of the store as it was.
        (writer as? DatabasePool)?.invalidateReadOnlyConnections()
    }
}
