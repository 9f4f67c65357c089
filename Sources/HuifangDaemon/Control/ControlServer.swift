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
final class ControlServer: Service {
    private let path: String
    private let mode: Int
    private let maxLineBytes: Int
    private let router: RequestRouter
    private let logger: Logger
    private let listenFD: Int32
    private let connections = Mutex<Set<Int32>>([])
    private let maxConnections = 64

    /// Binds and listens at once, so that READY=1 can follow; fails when another daemon
    /// answers on the path. A stale socket file left by a crash is replaced.
    init(path: String, mode: Int, group: UInt32? = nil, maxLineBytes: Int, router: RequestRouter, logger: Logger) throws(HuifangError) {
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
        for fd in open { Glibc.shutdown(fd, Int32(SHUT_RDWR)) }
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
            let admitted = connections.withLock { open -> Bool in
                guard open.count < maxConnections else { return false }
                open.insert(fd)
                return true
            }
            guard admitted else {
                _ = UnixSocket.writeAll(fd, ErrorFrame.failure(
                    id: nil, HuifangError(.unavailable, "too many control connections")).line())
                close(fd)
                continue
            }
            let worker = Thread { [self] in self.serve(fd) }
            worker.name = "huifang-control-conn"
            worker.start()
        }
        close(listenFD)
    }

    private func serve(_ fd: Int32) {
        defer {
            connections.withLock { _ = $0.remove(fd) }
            close(fd)
        }
        let peer = PeerCredentials.of(fd: fd)
        var reader = LineReader(fd: fd, maxLength: maxLineBytes)
        while true {
            let response: Data
            switch reader.next() {
            case .end:
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
