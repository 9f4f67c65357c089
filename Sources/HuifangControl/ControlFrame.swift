import Foundation
import HuifangCore

/// The control protocol's version. Both ends put it in every frame (`"v"`); a daemon and
/// a client of different versions refuse each other's frames with `version_mismatch`
/// instead of misreading them (chrony's `PROTO_VERSION_NUMBER`). Raise it whenever a
/// frame, an argument or a result changes incompatibly.
public enum ControlProtocol {
    public static let version = 1
    /// The release both binaries report (`--version`, `status`).
    public static let release = "0.2.0"

    public static func mismatch(theirs: Int?, ours: Int = version, peer: String) -> HuifangError {
        let spoken = theirs.map { "protocol \($0)" } ?? "no protocol version"
        return HuifangError(.versionMismatch,
                            "the \(peer) speaks \(spoken) and this end speaks protocol \(ours); use the huifangctl installed with this huifangd",
                            field: "v")
    }
}

/// One request line as the client writes it: `{"v":1,"id":1,"cmd":"task.list","args":{…}}`.
/// The daemon decodes it in one pass, arguments straight into the method's `Args`
/// (`RequestRouter`).
public struct RequestFrame<Args: Encodable>: Encodable {
    public let v: Int
    public let id: Int
    public let cmd: String
    public let args: Args

    public init(id: Int, cmd: String, args: Args) {
        v = ControlProtocol.version
        self.id = id
        self.cmd = cmd
        self.args = args
    }
}

/// The error object of a failed response.
public struct ControlErrorBody: Codable, Sendable, Equatable {
    public var code: String
    public var message: String
    public var field: String?

    public init(_ error: HuifangError) {
        code = error.code.rawValue
        message = error.message
        field = error.field
    }

    public var huifangError: HuifangError {
        HuifangError(HuifangError.Code(rawValue: code) ?? .internal, message, field: field)
    }
}

/// One response line: `{"v":1,"id":1,"ok":true,"result":…}` or
/// `{"v":1,"id":1,"ok":false,"error":{…}}`, with the result typed as its method declares.
public struct ResponseFrame<Result: Codable>: Codable {
    public var v: Int?
    public var id: JSONValue?
    public var ok: Bool
    public var result: Result?
    public var error: ControlErrorBody?

    public static func success(id: JSONValue?, result: Result) -> ResponseFrame {
        ResponseFrame(v: ControlProtocol.version, id: id, ok: true, result: result, error: nil)
    }

    /// The response as one line of JSON, newline included.
    public func line() -> Data {
        var data = (try? ControlCoding.encode(self))
            ?? Data(#"{"v":\#(ControlProtocol.version),"ok":false,"error":{"code":"internal","message":"the result could not be encoded"}}"#.utf8)
        data.append(0x0A)
        return data
    }
}

/// A failed response, whatever the method.
public typealias ErrorFrame = ResponseFrame<JSONValue>

extension ResponseFrame where Result == JSONValue {
    public static func failure(id: JSONValue?, _ error: HuifangError) -> ErrorFrame {
        ErrorFrame(v: ControlProtocol.version, id: id, ok: false, result: nil, error: ControlErrorBody(error))
    }
}

/// Limits that both ends apply to a line.
public enum ControlLimits {
    /// The default largest request line, in bytes; `[control] max_line_bytes` changes it.
    public static let defaultMaxLineBytes = 64 * 1024
    /// The largest response line a client accepts (lists can be long).
    public static let maxResponseBytes = 64 * 1024 * 1024
    /// The deepest nesting of arrays and objects a request may have. No command needs more
    /// than three; Foundation's decoder takes time growing with the square of the depth,
    /// so a line of 500 brackets would otherwise cost the daemon a second of CPU.
    public static let maxRequestDepth = 32

    /// Whether `line` nests arrays or objects deeper than `limit` (`JSONDepth`).
    public static func nestsDeeper(_ line: some Sequence<UInt8>, than limit: Int) -> Bool {
        JSONDepth.exceeds(line, limit)
    }
}
