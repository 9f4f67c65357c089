import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL cluster for tests (issue 16): `initdb` in a temporary directory,
/// listening only on a Unix socket in that directory (no TCP), without fsync; `stop()`
/// shuts it down and removes it. PostgreSQL refuses to run as root, so as root (CI) it runs
/// as the `postgres` system user that Debian's package creates. `scripts/setup` installs
/// the server.
public final class PostgresCluster: @unchecked Sendable {
    /// The directory holding the data, the log and the socket.
    public let directory: String
    /// A libpq URL for the `postgres` database, as the superuser `huifang`.
    public var url: String { url(database: "postgres") }
    private let bin: String
    private let runAs: String?
    private var stopped = false

    public func url(database: String) -> String { "postgresql:///\(database)?host=\(directory)&user=huifang" }

    public static func start() throws -> PostgresCluster { try PostgresCluster() }

    /// Runs `body` with the URL of a fresh database `huifang` on a cluster of its own,
    /// stopped and removed afterwards.
    public static func withDatabase<T>(_ body: (String) throws -> T) throws -> T {
        let cluster = try start()
        defer { cluster.stop() }
        return try body(try cluster.createDatabase("huifang"))
    }

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
        try run("initdb", ["-D", "\(directory)/data", "-U", "huifang", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"])
        let options = "-c listen_addresses='' -c unix_socket_directories='\(directory)' -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        try run("pg_ctl", ["-D", "\(directory)/data", "-l", "\(directory)/log", "-o", options, "-w", "-t", "60", "start"])
    }

    deinit { stop() }

    /// Makes a database and answers its URL.
    public func createDatabase(_ name: String) throws -> String {
        try run("createdb", ["-h", directory, "-U", "huifang", name])
        return url(database: name)
    }

    /// Shuts the server down at once and removes its directory.
    public func stop() {
        guard !stopped else { return }
        stopped = true
        _ = try? run("pg_ctl", ["-D", "\(directory)/data", "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(atPath: directory)
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
