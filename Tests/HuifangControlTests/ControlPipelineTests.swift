import Foundation
import HuifangControl
import HuifangCore
import HuifangTestSupport
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `ControlClient.pipeline` against a real Unix socket: a server thread answers each request
/// line with the number its arguments carry, and may hang up on a request after some answers.
@Suite struct ControlPipelineTests {
    /// Counts the request lines the server read.
    final class Counter: Sendable {
        private let value = Mutex(0)
        func add() { value.withLock { $0 += 1 } }
        var count: Int { value.withLock { $0 } }
    }

    /// A one-connection server.
    final class Server: Sendable {
        let path: String
        let received = Counter()
        private let listener: Int32
        private let directory: TempDirectory

        init(closeAfter: Int? = nil, refuse: HuifangError? = nil) throws {
            directory = TempDirectory("pipeline")
            path = directory.path + "/control.sock"
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            listener = fd
            var address = try UnixSocket.address(path)
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            guard bound == 0, listen(fd, 4) == 0 else { throw HuifangError(.internal, "cannot listen on \(path)") }
            let received = self.received
            Thread {
                let connection = accept(fd, nil, nil)
                guard connection >= 0 else { return }
                defer { close(connection) }
                if let refuse {
                    // As the daemon refuses a peer: the answer at once, then the connection closed.
                    _ = UnixSocket.writeAll(connection, ErrorFrame.failure(id: nil, refuse).line())
                    shutdown(connection, Int32(SHUT_RDWR))
                    return
                }
                var reader = LineReader(fd: connection, maxLength: 1 << 20)
                var answered = 0
                while case .line(let bytes) = reader.next() {
                    received.add()
                    // Hang up with this request unanswered.
                    if let closeAfter, answered == closeAfter { return }
                    let frame = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
                    let id = (frame?["id"] as? Int).map { JSONValue.number(Double($0)) }
                    let n = ((frame?["args"] as? [String: Any])?["n"] as? Int) ?? -1
                    let answer = ResponseFrame.success(id: id, result: ImportResult(checked: n, imported: 0, errors: []))
                    guard UnixSocket.writeAll(connection, answer.line()) else { return }
                    answered += 1
                }
            }.start()
        }

        deinit { close(listener) }
    }

    private func args(_ count: Int) -> [Data] { (0..<count).map { Data(#"{"n":\#($0)}"#.utf8) } }

    @Test("R-OPS-4 a pipeline answers every request in order, each with its own result")
    func inOrder() throws {
        let server = try Server()
        let client = try ControlClient(socketPath: server.path)
        var seen: [Int] = []
        let answered = client.pipeline(API.ImportCustomers.self, args(40), window: 3) { index, result in
            #expect((try? result.get().checked) == index)
            seen.append(index)
            return true
        }
        #expect(answered == 40)
        #expect(seen == Array(0..<40))
        #expect(server.received.count == 40)
    }

    @Test("R-OPS-4 when the caller stops, nothing more is sent; what was in flight is still answered and counted")
    func stops() throws {
        let server = try Server()
        let client = try ControlClient(socketPath: server.path)
        var seen: [Int] = []
        let answered = client.pipeline(API.ImportCustomers.self, args(40), window: 3) { index, _ in
            seen.append(index)
            return index < 4
        }
        #expect(answered >= 5 && answered <= 5 + 3, "stopped at the fifth answer with at most the window in flight: \(answered)")
        #expect(seen == Array(0..<answered))
        #expect(server.received.count == answered, "every request sent was answered and handed over")
    }

    @Test("R-OPS-4 a daemon that refuses the connection before reading anything: its refusal is the failure handed over")
    func refused() throws {
        let server = try Server(refuse: HuifangError(.permissionDenied, "no role for uid 1000"))
        let client = try ControlClient(socketPath: server.path)
        usleep(100_000)  // the refusal is on its way or there before the first request goes out
        var failures: [HuifangError] = []
        var successes = 0
        client.pipeline(API.ImportCustomers.self, args(40), window: 3) { _, result in
            switch result {
            case .success: successes += 1
            case .failure(let error): failures.append(error)
            }
            return true
        }
        #expect(successes == 0)
        #expect(failures.first?.code == .permissionDenied, "the refusal first, whether or not a request got out: \(failures)")
    }

    @Test("R-OPS-4 a daemon that hangs up ends the pipeline with the failure, not a hang")
    func hangUp() throws {
        let server = try Server(closeAfter: 2)
        let client = try ControlClient(socketPath: server.path)
        var failures: [HuifangError] = []
        let answered = client.pipeline(API.ImportCustomers.self, args(40), window: 3) { _, result in
            if case .failure(let error) = result { failures.append(error) }
            return true
        }
        #expect(answered == 3)
        #expect(failures.map(\.code) == [.unavailable])
    }
}
