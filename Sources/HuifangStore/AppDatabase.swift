import CSQLiteTuning
import Foundation
import GRDB

/// Opens the SQLite file the way the service needs it (DESIGN "Store"): WAL, synchronous
/// NORMAL, secure delete, foreign keys on, a busy timeout, and every migration applied.
public enum AppDatabase {
    public static func open(path: String) throws -> DatabasePool {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let pool = try DatabasePool(path: path, configuration: configuration())
        try Migrations.migrator.migrate(pool)
        return pool
    }

    public static func configuration() -> Configuration {
        tuneLibrary()
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // R-CUS-5: deleted and overwritten content is zeroed, not left in free space.
            try db.execute(sql: "PRAGMA secure_delete = ON")
            // Each store write inside a unit of work is a savepoint, and SQLite keeps the
            // pages a savepoint may roll back in a statement journal: in a temporary file
            // once it passes 64 KiB. A 300-row import batch wrote about 2 s of its 11 s
            // there. In memory it is a copy; it lives only as long as the savepoint.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        return configuration
    }

    /// SQLite is told, once and before its first connection, not to count the memory it
    /// allocates: the count is a process-wide lock taken at every allocation and free (about
    /// 30 of each per delivery), and nothing here reads it. SQLite's own build advice
    /// (SQLITE_DEFAULT_MEMSTATUS=0); Debian's library is built with the count on.
    /// Anything that opens SQLite without `configuration()` calls this first.
    public static func tuneLibrary() { _ = libraryTuned }
    private static let libraryTuned: Bool = huifang_sqlite_disable_memory_statistics() == 0

    /// The bytes SQLite counts as allocated: 0 when the count is off (see `tuneLibrary`).
    public static var countedMemory: Int64 { huifang_sqlite_memory_used() }
}
