import Foundation
import GRDB
import HuifangCore

/// Online backups with SQLite's backup API (R-OPS-3), and their verification.
public struct BackupVerdict: Sendable, Equatable {
    public var integrity: String
    public var migrations: [String]
    public var ok: Bool { integrity == "ok" && migrations == Migrations.known }
}

extension SQLiteStore {
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
}
