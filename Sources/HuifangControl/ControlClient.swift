import Foundation
import HuifangCore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A blocking client for the control socket: one request, one response line; or, for bulk
/// work, a pipeline of requests answered in order (`pipeline`).
public final class ControlClient {
    private let fd: Int32
    private var reader: LineReader
    private var nextId = 1
    /// Whether the connection closed or answered something unreadable.
    private var broken = false

    public init(socketPath: String) throws(HuifangError) {
        fd = try UnixSocket.connect(path: socketPath)
        reader = LineReader(fd: fd, maxLength: ControlLimits.maxResponseBytes)
    }

    deinit { close(fd) }

    /// Runs method `M` with `args` and answers its typed result; a failed response throws
    /// the daemon's error.
    public func call<M: ControlMethod>(_ method: M.Type, _ args: M.Args) throws(HuifangError) -> M.Result {
        let id = nextId
        nextId += 1
        // Encoded straight from the typed arguments, decoded straight into the typed result.
        guard let line = try? ControlCoding.encode(RequestFrame(id: id, cmd: M.name, args: args)) else {
            throw HuifangError(.internal, "could not encode the request")
        }
        return try exchange(M.self, line)
    }

    /// Runs method `M` with its arguments already encoded as a JSON object (an import's
    /// batches, whose rows are encoded once for both passes).
    public func call<M: ControlMethod>(_ method: M.Type, encodedArgs: Data) throws(HuifangError) -> M.Result {
        let id = nextId
        nextId += 1
        var line = Self.frame(M.self, encodedArgs, id: id)
        line.removeLast()  // exchange adds the newline
        return try exchange(M.self, line)
    }

    /// Runs method `M` once for each of `encodedArgs`, in order, with up to `window` requests
    /// in flight: a thread of its own writes them while this one reads the answers, so the
    /// daemon works on one batch while the next is on its way (and a large answer cannot
    /// block a large request). Each answer goes to `body` in order; when it returns false,
    /// or the connection fails, nothing more is sent, and what was sent already is still
    /// answered and handed over. Answers how many requests were answered.
    @discardableResult
    public func pipeline<M: ControlMethod>(_ method: M.Type, _ encodedArgs: [Data], window: Int = 4,
                                           _ body: (Int, Result<M.Result, HuifangError>) -> Bool) -> Int {
        let position = Mutex(0)
        return pipeline(method, window: window, next: {
            position.withLock { index -> Data? in
                guard index < encodedArgs.count else { return nil }
                defer { index += 1 }
                return encodedArgs[index]
            }
        }, body)
    }

    /// `pipeline` with the arguments made as they are sent: `next` runs on the writing
    /// thread, one call per request until it answers nil, so making the next request
    /// overlaps the daemon's work on the one before.
    @discardableResult
    public func pipeline<M: ControlMethod>(_ method: M.Type, window: Int = 4, next: @escaping @Sendable () -> Data?,
                                           _ body: (Int, Result<M.Result, HuifangError>) -> Bool) -> Int {
        let firstId = nextId
        let state = Mutex(PipelineState())
        // Made at 0 and raised to `window`: libdispatch traps when a semaphore goes away
        // below the value it was made with (a slot the writer took for a write that failed).
        let slots = DispatchSemaphore(value: 0)
        for _ in 0..<max(1, window) { slots.signal() }
        let sent = DispatchSemaphore(value: 0)      // once per request written, and once when the writer ends
        let writerEnded = DispatchSemaphore(value: 0)
        let fd = self.fd
        let writer = Thread {
            var id = firstId
            while let args = next() {
                slots.wait()
                if state.withLock({ $0.stop }) { break }
                guard UnixSocket.writeAll(fd, Self.frame(M.self, args, id: id)) else {
                    state.withLock { $0.writeFailed = true }
                    break
                }
                id += 1
                state.withLock { $0.sent += 1 }
                sent.signal()
            }
            state.withLock { $0.writerDone = true }
            sent.signal()
            writerEnded.signal()
        }
        writer.start()
        var answered = 0
        func stop() {
            state.withLock { $0.stop = true }
            for _ in 0...max(1, window) { slots.signal() }
        }
        while true {
            sent.wait()
            let (written, done) = state.withLock { ($0.sent, $0.writerDone) }
            if answered < written {
                let answer = readAnswer(M.self)
                answered += 1
                if broken {
                    _ = body(answered - 1, answer)
                    stop()
                    break   // the connection is gone or unreadable: nothing more will be answered
                }
                if !body(answered - 1, answer) { stop() }
                slots.signal()
            } else if done {
                if answered == written, state.withLock({ $0.writeFailed }) {
                    // The daemon closed the connection, perhaps with a refusal (no role, too
                    // many connections) that still waits to be read.
                    let answer = readAnswer(M.self)
                    if case .failure = answer {
                        _ = body(answered, answer)
                    } else {
                        _ = body(answered, .failure(HuifangError(.unavailable, "the daemon closed the connection")))
                    }
                }
                break
            }
        }
        writerEnded.wait()
        nextId += state.withLock { $0.sent }
        return answered
    }

    private struct PipelineState {
        var sent = 0
        var writeFailed = false
        var writerDone = false
        var stop = false
    }

    private static func frame<M: ControlMethod>(_ method: M.Type, _ encodedArgs: Data, id: Int) -> Data {
        // The frame's keys in sorted order, as the typed encoding writes them; a command's
        // name is plain ASCII and needs no escaping.
        var line = Data(#"{"args":"#.utf8)
        line.append(encodedArgs)
        line.append(contentsOf: #","cmd":"\#(M.name)","id":\#(id),"v":\#(ControlProtocol.version)}"#.utf8)
        line.append(0x0A)
        return line
    }

    private func exchange<M: ControlMethod>(_ method: M.Type, _ frame: Data) throws(HuifangError) -> M.Result {
        var line = frame
        line.append(0x0A)
        // A daemon that refuses a connection (no role, too many) answers at once and closes:
        // the write may fail, and the refusal still waits to be read.
        _ = UnixSocket.writeAll(fd, line)
        return try readAnswer(M.self).get()
    }

    /// The next response line, as `M`'s result or the daemon's error.
    private func readAnswer<M: ControlMethod>(_ method: M.Type) -> Result<M.Result, HuifangError> {
        Result { () throws(HuifangError) -> M.Result in try readResult(M.self) }
    }

    private func readResult<M: ControlMethod>(_ method: M.Type) throws(HuifangError) -> M.Result {
        switch reader.next() {
        case .line(let bytes):
            let data = Data(bytes)
            let response: ResponseFrame<M.Result>
            do {
                response = try ControlCoding.decoder().decode(ResponseFrame<M.Result>.self, from: data)
            } catch {
                // A daemon of another version may answer in a shape this client cannot read.
                if let frame = try? ControlCoding.decoder().decode(ErrorFrame.self, from: data),
                   frame.v != ControlProtocol.version {
                    throw ControlProtocol.mismatch(theirs: frame.v, peer: "daemon")
                }
                broken = true
                throw HuifangError(.internal, "the daemon's answer to \(M.name) could not be read")
            }
            if response.ok, response.v == ControlProtocol.version, let result = response.result { return result }
            if let error = response.error { throw error.huifangError }
            if response.v != ControlProtocol.version { throw ControlProtocol.mismatch(theirs: response.v, peer: "daemon") }
            throw HuifangError(.internal, "the daemon's answer to \(M.name) has no result")
        case .tooLong:
            broken = true
            throw HuifangError(.internal, "the daemon's response is too long")
        case .end, .timedOut:   // the client sets no line deadline
            broken = true
            throw HuifangError(.unavailable, "the daemon closed the connection")
        }
    }
}
