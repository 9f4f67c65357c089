import Foundation
import HuifangCore
#if canImport(Glibc)
import Glibc
#endif

/// A blocking client for the control socket: one request, one response line.
public final class ControlClient {
    private let fd: Int32
    private var reader: LineReader
    private var nextId = 1

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
        // The frame's keys in sorted order, as the typed encoding writes them; a command's
        // name is plain ASCII and needs no escaping.
        var line = Data(#"{"args":"#.utf8)
        line.append(encodedArgs)
        line.append(contentsOf: #","cmd":"\#(M.name)","id":\#(id),"v":\#(ControlProtocol.version)}"#.utf8)
        return try exchange(M.self, line)
    }

    private func exchange<M: ControlMethod>(_ method: M.Type, _ frame: Data) throws(HuifangError) -> M.Result {
        var line = frame
        line.append(0x0A)
        // A daemon that refuses a connection (no role, too many) answers at once and closes:
        // the write may fail, and the refusal still waits to be read.
        _ = UnixSocket.writeAll(fd, line)
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
                throw HuifangError(.internal, "the daemon's answer to \(M.name) could not be read")
            }
            if response.ok, response.v == ControlProtocol.version, let result = response.result { return result }
            if let error = response.error { throw error.huifangError }
            if response.v != ControlProtocol.version { throw ControlProtocol.mismatch(theirs: response.v, peer: "daemon") }
            throw HuifangError(.internal, "the daemon's answer to \(M.name) has no result")
        case .tooLong:
            throw HuifangError(.internal, "the daemon's response is too long")
        case .end, .timedOut:   // the client sets no line deadline
            throw HuifangError(.unavailable, "the daemon closed the connection")
        }
    }
}
