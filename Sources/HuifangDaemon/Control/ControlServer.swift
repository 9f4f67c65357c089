import Foundation
import HuifangControl
import HuifangCore
import Logging
import ServiceLifecycle
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The control socket (a `Service`): a Unix stream socket taking one JSON request per line
/// and answering one JSON response per line. One thread accepts; each connection gets a
/// thread of its own (operators are few). On shutdown the socket file is removed.
///
/// Under abuse (R-OPS-2): a peer with no role is refused before it takes a slot; each user
/// may hold `maxConnectionsPerUser`; admin and root have slots of their own beyond
/// `maxConnections`; a connection silent for `idleTimeout` (mid-line or between lines) is
/// closed, and so is one whose request line is not complete within `lineDeadline` of its
/// first byte (a peer trickling a byte at a time).
final class ControlServer: Service {
    struct Limits: Sendable {
        var maxConnections = 64
        var perUser = 8
        var reservedForAdmin = 8
        var idleTimeoutMs = 10_000
        var lineDeadlineMs = 10_000
    }

    private let path: String
    private let mode: Int
    private let maxLineBytes: Int
    private let router: RequestRouter
    private let logger: Logger
    private let listenFD: Int32
    /// Open connections and the uid of each.
    private let connections = Mutex<[Int32: UInt32]>([:])
    private let limits: Limits

    /// Binds and listens at once, so that READY=1 can follow; fails when another daemon
    /// answers on the path. A stale socket file left by a crash is replaced.
    init(path: String, mode: Int, group: UInt32? = nil, maxLineBytes: Int, limits: Limits = Limits(), router: RequestRouter,
         logger: Logger) throws(HuifangError) {
        self.limits = limits
        self.path = path
        self.mode = mode
        self.maxLineBytes = maxLineBytes
        self.router = router
        self.logger = logger

        var address = try UnixSocket.address(path)
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        if FileManager.default.fileExists(atPath: path) {
            if let probe = try? UnixSocket.connect(path: path) {
                close(probe)
                throw HuifangError(.conflict, "another process already listens on \(path)")
            }
            unlink(path)
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw HuifangError(.unavailable, "socket(): \(String(cString: strerror(errno)))") }
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0, chmod(path, mode_t(mode)) == 0, group.map({ chown(path, uid_t.max, gid_t($0)) == 0 }) ?? true,
              listen(fd, 64) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw HuifangError(.unavailable, "cannot listen on \(path): \(reason)")
        }
        listenFD = fd
    }

    func run() async throws {
        let acceptor = Thread { [self] in self.acceptLoop() }
        acceptor.name = "huifang-control"
        acceptor.start()
        try? await gracefulShutdown()
        stop()
    }

    /// Stops accepting, ends open connections, removes the socket file.
    func stop() {
        Glibc.shutdown(listenFD, Int32(SHUT_RDWR))
        unlink(path)
        let open = connections.withLock { $0 }
        for fd in open.keys { Glibc.shutdown(fd, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop() {
        while true {
            let fd = accept(listenFD, nil, nil)
            if fd < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                if errno == EMFILE || errno == ENFILE {
                    logger.error("accept failed: out of file descriptors")
                    usleep(100_000)
                    continue
                }
                break  // the socket was shut down
            }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            // Silence closes the connection; a client that does not read cannot block a thread.
            var timeout = timeval(tv_sec: limits.idleTimeoutMs / 1000, tv_usec: Int((limits.idleTimeoutMs % 1000) * 1000))
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let peer = PeerCredentials.of(fd: fd)
            let role: OperatorRole
            switch router.role(for: peer) {
            case .success(let found): role = found
            case .failure(let error):
                // No role: refused before it takes a slot, and audited.
                router.makeContext(peer).audit(command: "connect", customerId: nil, outcome: .denied, detail: error.message)
                _ = UnixSocket.writeAll(fd, ErrorFrame.failure(id: nil, error).line())
                close(fd)
                continue
            }
            let uid = peer?.uid ?? UInt32.max
            let refusal = connections.withLock { open -> String? in
                let isAdmin = role == .admin
                if open.count >= limits.maxConnections + (isAdmin ? limits.reservedForAdmin : 0) { return "too many control connections" }
                if !isAdmin, open.values.filter({ $0 == uid }).count >= limits.perUser {
                    return "too many control connections for uid \(uid) (at most \(limits.perUser))"
                }
                open[fd] = uid
                return nil
            }
            if let refusal {
                _ = UnixSocket.writeAll(fd, ErrorFrame.failure(id: nil, HuifangError(.unavailable, refusal)).line())
                close(fd)
                continue
            }
            let worker = Thread { [self] in self.serve(fd, peer: peer) }
            worker.name = "huifang-control-conn"
            worker.start()
        }
        close(listenFD)
    }

    private func serve(_ fd: Int32, peer: PeerCredentials?) {
        defer {
            connections.withLock { _ = $0.removeValue(forKey: fd) }
            close(fd)
        }
        var reader = LineReader(fd: fd, maxLength: maxLineBytes, lineDeadlineMs: limits.lineDeadlineMs,
                                idleTimeoutMs: limits.idleTimeoutMs)
        while true {
            let response: Data
            switch reader.next() {
            case .end:
                return
            case .timedOut:
                let seconds = Double(limits.lineDeadlineMs) / 1000
                _ = UnixSocket.writeAll(fd, ErrorFrame.failure(id: nil, HuifangError(
                    .malformedRequest, "the request line was not complete within \(seconds.formatted()) s")).line())
                return
            case .tooLong:
                response = ErrorFrame.failure(id: nil, HuifangError(
                    .lineTooLong, "the request line is longer than \(maxLineBytes) bytes")).line()
            case .line(let bytes):
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                response = router.respond(to: bytes, peer: peer)
            }
            guard UnixSocket.writeAll(fd, response) else { return }
        }
    }
}
