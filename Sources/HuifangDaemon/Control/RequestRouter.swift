import Foundation
import HuifangControl
import HuifangCore
import Logging

/// Turns one request line into one response: parse the envelope, find the command, run it.
/// Every failure becomes an error response; nothing here ends the connection.
struct RequestRouter: Sendable {
    let makeContext: @Sendable (PeerCredentials?) -> CommandContext

    func respond(to line: [UInt8], peer: PeerCredentials?) -> ControlResponse {
        let envelope: JSONValue
        do {
            envelope = try JSONDecoder().decode(JSONValue.self, from: Data(line))
        } catch {
            return .failure(id: nil, HuifangError(.malformedRequest, "the line is not valid JSON"))
        }
        guard case .object(let fields) = envelope else {
            return .failure(id: nil, HuifangError(.malformedRequest, "a request must be a JSON object"))
        }
        let id = fields["id"]
        if let id, !Self.isValidId(id) {
            return .failure(id: nil, .init(.malformedRequest, "id must be a number or a string", field: "id"))
        }
        guard let cmdValue = fields["cmd"] else {
            return .failure(id: id, HuifangError(.malformedRequest, "the request has no cmd", field: "cmd"))
        }
        guard case .string(let name) = cmdValue else {
            return .failure(id: id, HuifangError(.malformedRequest, "cmd must be a string", field: "cmd"))
        }
        if let unknown = fields.keys.first(where: { !["id", "cmd", "args"].contains($0) }) {
            return .failure(id: id, HuifangError(.malformedRequest, "unknown request field", field: unknown))
        }
        guard let command = CommandTable.byName[name] else {
            return .failure(id: id, HuifangError(.unknownCommand, "no command named '\(name.prefix(64))'; try help", field: "cmd"))
        }
        let args = fields["args"] ?? .object([:])
        guard case .object = args else {
            return .failure(id: id, HuifangError(.malformedRequest, "args must be an object", field: "args"))
        }
        do {
            return .success(id: id, result: try command.handle(args, makeContext(peer)))
        } catch {
            return .failure(id: id, error)
        }
    }

    private static func isValidId(_ id: JSONValue) -> Bool {
        switch id {
        case .number, .string, .null: true
        default: false
        }
    }
}
