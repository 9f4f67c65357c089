import Foundation
import HuifangControl
import HuifangCore
import Logging

/// Turns one request line into one response: parse the envelope, find the command, run it.
/// Every failure becomes an error response; nothing here ends the connection.
struct RequestRouter: Sendable {
    let makeContext: @Sendable (PeerCredentials?) -> CommandContext

    func respond(to line: [UInt8], peer: PeerCredentials?) -> ControlResponse {
        if ControlLimits.nestsDeeper(line, than: ControlLimits.maxRequestDepth) {
            return .failure(id: nil, HuifangError(.malformedRequest, "the request nests deeper than \(ControlLimits.maxRequestDepth) levels"))
        }
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
        var context = makeContext(peer)
        // R-OPS-2: the peer's role must be one the command allows; refusals are audited.
        let role: OperatorRole
        switch Authorizer.role(for: peer, roles: context.config.snapshot.roles) {
        case .success(let found) where command.access.allows(found):
            role = found
        case .success(let found):
            let error = HuifangError(.permissionDenied, "the \(found.rawValue) role may not run \(name)", field: "cmd")
            audit(context, peer: peer, role: found.rawValue, command: name, args: args, outcome: .denied, detail: error.message)
            return .failure(id: id, error)
        case .failure(let error):
            audit(context, peer: peer, role: "none", command: name, args: args, outcome: .denied, detail: error.message)
            return .failure(id: id, error)
        }
        context.role = role
        do {
            let result = try command.handle(args, context)
            if command.mutates {
                audit(context, peer: peer, role: role.rawValue, command: name, args: args, outcome: .ok, detail: "", result: result)
            }
            return .success(id: id, result: result)
        } catch {
            if command.mutates {
                audit(context, peer: peer, role: role.rawValue, command: name, args: args, outcome: .error, detail: error.code.rawValue)
            }
            return .failure(id: id, error)
        }
    }

    /// Writes an audit line; the customer is the `customer` argument, or `id` for customer
    /// commands (for customer.add, the new id in the result).
    private func audit(_ context: CommandContext, peer: PeerCredentials?, role: String, command: String, args: JSONValue,
                       outcome: AuditEntry.Outcome, detail: String, result: JSONValue? = nil) {
        var customer: Int64?
        if command == "customer.add", case .number(let value)? = result?["id"] {
            customer = Int64(exactly: value)
        } else if case .number(let value)? = args["customer"] {
            customer = Int64(exactly: value)
        } else if command.hasPrefix("customer."), case .number(let value)? = args["id"] {
            customer = Int64(exactly: value)
        }
        do {
            try context.store.audit(AuditEntry(at: context.clock.now(), uid: peer?.uid, role: role, command: command,
                                               customerId: customer, outcome: outcome, detail: detail))
        } catch {
            context.logger.error("could not write the audit log: \(error)")
        }
    }

    private static func isValidId(_ id: JSONValue) -> Bool {
        switch id {
        case .number, .string, .null: true
        default: false
        }
    }
}
