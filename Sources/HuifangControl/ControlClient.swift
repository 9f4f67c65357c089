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

    /// Sends `cmd` with `args` and decodes the result as `R`; a failed response throws
    /// the daemon's error.
    public func call<A: Encodable, R: Decodable>(_ cmd: String, _ args: A, as _: R.Type) throws(HuifangError) -> R {
        let result = try callRaw(cmd, args)
        return try ControlCoding.decode(R.self, from: result)
    }

    /// Sends `cmd` and returns the raw `result` value.
    public func callRaw<A: Encodable>(_ cmd: String, _ args: A) throws(HuifangError) -> JSONValue {
        let id = nextId
        nextId += 1
        // Encoded straight from the typed arguments: a detour through JSONValue costs more
        // than the whole request for big ones (an import batch).
        guard var line = try? ControlCoding.encode(TypedRequest(id: id, cmd: cmd, args: args)) else {
            throw HuifangError(.internal, "could not encode the request")
        }
        line.append(0x0A)
        guard UnixSocket.writeAll(fd, line) else {
            throw HuifangError(.unavailable, "the daemon closed the connection")
        }
        switch reader.next() {
        case .line(let bytes):
            guard let response = try? JSONDecoder().decode(ControlResponse.self, from: Data(bytes)) else {
                throw HuifangError(.internal, "the daemon sent a response that is not valid JSON")
            }
            if response.ok { return response.result ?? .null }
            throw response.error?.huifangError ?? HuifangError(.internal, "failed without an error")
        case .tooLong:
            throw HuifangError(.internal, "the daemon's response is too long")
        case .end:
            throw HuifangError(.unavailable, "the daemon closed the connection")
        }
    }
}

/// A request as the client writes it: `{"id": …, "cmd": …, "args": {…}}`.
private struct TypedRequest<Args: Encodable>: Encodable {
    let id: Int
    let cmd: String
    let args: Args
}
