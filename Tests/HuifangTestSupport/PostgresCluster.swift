import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL cluster for tests (issue 16): `initdb` in a temporary directory,
/// listening only on a Unix socket in that directory (no TCP), without fsync. PostgreSQL
/// refuses to run as root, so as root (CI) it runs as the `postgres` system user that
/// Debian's package creates. `scripts/setup` installs the server.
///
/// Tests share one cluster per test process (`shared()`), each with a database of its own
/// (`freshDatabase()`): `initdb` and a server start cost seconds of CPU each, and about
/// fifty tests ran their own, blocking the test pool's threads meanwhile (a 78 s stall on
/// 2 cores). The shared cluster is shut down when the process exits.
public final class PostgresCluster: @unchecked Sendable {
    /// The directory holding the data, the log and the socket.
    public let directory: String
    private let bin: String
    private let runAs: String?
    private let databases = Atomic<Int>(0)

    /// A libpq URL for a database of this cluster, as the superuser `huifang`.
    public func url(database: String) -> String { "postgresql:///\(database)?host=\(directory)&user=huifang" }

    private static let sharedCluster = Mutex<PostgresCluster?>(nil)

    /// The test process's cluster, started by the first caller (the others wait for it) and
    /// shut down at exit.
    public static func shared() throws -> PostgresCluster {
        try sharedCluster.withLock { shared in
            if let shared { return shared }
            let cluster = try PostgresCluster()
            shared = cluster
            atexit { PostgresCluster.stopSharedAtExit() }
            return cluster
        }
    }

    /// At exit no child process may be run (Foundation is going away): the postmaster is
    /// told to shut down at once by signal, and its directory removed when it has.
    private static func stopSharedAtExit() {
        guard let cluster = sharedCluster.withLock({ $0 }) else { return }
        if let text = try? String(contentsOfFile: "\(cluster.directory)/data/postmaster.pid", encoding: .utf8),
           let line = text.split(separator: "\n").first, let pid = pid_t(line), pid > 0 {
            kill(pid, SIGQUIT)
            for _ in 0..<500 where kill(pid, 0) == 0 { usleep(10_000) }
        }
        try? FileManager.default.removeItem(atPath: cluster.directory)
    }

    /// Runs `body` with the URL of a fresh database on the shared cluster, dropped afterwards.
    public static func withDatabase<T>(_ body: (String) throws -> T) throws -> T {
        let cluster = try shared()
        let name = try cluster.freshDatabaseName()
        defer { cluster.dropDatabase(name) }
        return try body(cluster.url(database: name))
    }

    /// A new, empty database with a name of its own; answers its URL.
    public func freshDatabase() throws -> String { url(database: try freshDatabaseName()) }

    private init() throws {
        bin = try Self.serverBinaries()
        var template = Array("/tmp/hf-pg-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TestFailure("cannot make a directory for PostgreSQL") }
        directory = String(cString: made)
        if getuid() == 0 {
            guard let user = getpwnam("postgres") else {
                throw TestFailure("running as root needs the postgres system user (Debian's postgresql package): run scripts/setup")
            }
            chown(directory, user.pointee.pw_uid, user.pointee.pw_gid)
            runAs = "postgres"
        } else {
            runAs = nil
        }
        do {
            try run("initdb", ["-D", "\(directory)/data", "-U", "huifang", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"])
            // Tests in parallel each hold a few connections (stores' pools, daemons' nodes).
            let options = "-c listen_addresses='' -c unix_socket_directories='\(directory)' -c fsync=off -c synchronous_commit=off "
                + "-c full_page_writes=off -c max_connections=400"
            try run("pg_ctl", ["-D", "\(directory)/data", "-l", "\(directory)/log", "-o", options, "-w", "-t", "60", "start"])
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
    }

    private func freshDatabaseName() throws -> String {
        let number = databases.add(1, ordering: .relaxed).newValue
        let name = "t\(number)_\(UUID().uuidString.prefix(8).lowercased())"
        try run("createdb", ["-h", directory, "-U", "huifang", name])
        return name
    }

    /// Drops a database, ending its sessions first (a test's stores may still hold some).
    private func dropDatabase(_ name: String) {
        _ = try? run("dropdb", ["-h", directory, "-U", "huifang", "--force", name])
    }

    private func run(_ tool: String, _ arguments: [String]) throws {
        let command = ["\(bin)/\(tool)"] + arguments
        // Through Python's subprocess with close_fds: the server pg_ctl leaves running must
        // not inherit the descriptor by which Foundation's Process sees its child end, or
        // `pg_ctl start` seems never to return.
        let closeFds = "import subprocess, sys; sys.exit(subprocess.run(sys.argv[1:], close_fds=True).returncode)"
        let result = try ChildProcess.run("/usr/bin/python3", ["-c", closeFds]
                                          + (runAs.map { ["/usr/sbin/runuser", "-u", $0, "--"] } ?? []) + command, timeout: 120)
        guard result.status == 0 else {
            let log = (try? String(contentsOfFile: "\(directory)/log", encoding: .utf8)) ?? ""
            throw TestFailure("\(tool) failed (\(result.status)): \(result.stderr)\(result.stdout)\(log)")
        }
    }

    /// The newest installed server's binaries (`/usr/lib/postgresql/<major>/bin` on Debian).
    private static func serverBinaries() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .compactMap(Int.init).sorted(by: >)
        guard let found = versions.map({ "\(root)/\($0)/bin" })
            .first(where: { FileManager.default.isExecutableFile(atPath: "\($0)/initdb") }) else {
            throw TestFailure("PostgreSQL's server is not installed (no \(root)/*/bin/initdb): run scripts/setup")
        }
        return found
    }
}
