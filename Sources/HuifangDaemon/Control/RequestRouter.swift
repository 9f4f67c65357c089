import Foundation
import HuifangControl
import HuifangCore
import HuifangStore
import Logging

/// Turns one request line into one response line: decode the frame (arguments straight into
/// the method's `Args`), check the peer's role, run the handler, audit what changed.
/// Every failure becomes an error response; nothing here ends the connection.
struct RequestRouter: Sendable {
    let handlers: HandlerTable
    let makeContext: @Sendable (PeerCredentials?) -> CommandContext

    func respond(to line: [UInt8], peer: PeerCredentials?) -> Data {
        if ControlLimits.nestsDeeper(line, than: ControlLimits.maxRequestDepth) {
            return ErrorFrame.failure(id: nil, HuifangError(.malformedRequest, "the request nests deeper than \(ControlLimits.maxRequestDepth) levels")).line()
        }
        let request: IncomingRequest
        if let read = IncomingRequest.read(line, handlers: handlers) {
            request = read
        } else {
            let decoder = ControlCoding.decoder()
            decoder.userInfo[IncomingRequest.handlersKey] = handlers
            do {
                request = try decoder.decode(IncomingRequest.self, from: Data(line))
            } catch DecodingError.typeMismatch(_, let context) where context.codingPath.isEmpty {
                return ErrorFrame.failure(id: nil, HuifangError(.malformedRequest, "a request must be a JSON object")).line()
            } catch {
                return ErrorFrame.failure(id: nil, HuifangError(.malformedRequest, "the line is not valid JSON")).line()
            }
        }
        let (handler, args): (CommandHandler, any Sendable)
        switch request.parsed {
        case .failure(let error): return ErrorFrame.failure(id: request.id, error).line()
        case .success(let parsed): (handler, args) = parsed
        }
        var context = makeContext(peer)
        let role = Authorizer.role(for: peer, roles: context.config.snapshot.roles, staff: { (try? context.store.staff()) ?? [] })
        context.branch = Authorizer.branch(for: peer, config: context.config.snapshot, staff: { (try? context.store.staff()) ?? [] })
        // Instants go out in the clinic's offset (R-PPL-1): one format in every answer.
        return ControlCoding.$zone.withValue(context.zone) {
            let reply = run(handler, args, id: request.id, context: context, role: role)
            Self.count(handler.method.name, reply)
            return reply.line
        }
    }

    /// The role of a socket peer (R-OPS-2): asked when it connects, before it takes a slot.
    func role(for peer: PeerCredentials?) -> Result<OperatorRole, HuifangError> {
        let context = makeContext(peer)
        return Authorizer.role(for: peer, roles: context.config.snapshot.roles, staff: { (try? context.store.staff()) ?? [] })
    }

    /// A command from somewhere other than the socket, already decoded: a member of staff
    /// acting through a staff app's signed callback or the console. The same access check,
    /// unit of work and audit row as a socket request; the audit row names the person.
    func perform(_ name: String, args: any Sendable, as member: StaffMember, via channel: String) -> CommandHandler.Reply {
        guard let handler = handlers.byName[name] else {
            let error = HuifangError(.unknownCommand, "no command named \(name)")
            return CommandHandler.Reply(line: ErrorFrame.failure(id: nil, error).line(), error: error, customer: nil)
        }
        var context = makeContext(nil)
        context.staffCaller = member
        context.branch = member.branch
        context.actor = "\(member.name) (\(channel))"
        let role: Result<OperatorRole, HuifangError> = member.active
            ? Authorizer.operatorRole(of: member).map { .success($0) }
                ?? .failure(HuifangError(.permissionDenied, "\(member.name) has no role that may act"))
            : .failure(HuifangError(.permissionDenied, "\(member.name) is no longer active staff"))
        return ControlCoding.$zone.withValue(context.zone) {
            let reply = run(handler, args, id: nil, context: context, role: role)
            Self.count(name, reply)
            return reply
        }
    }

    /// `huifang_control_requests_total{command, outcome}` (R-IN-5).
    private static func count(_ command: String, _ reply: CommandHandler.Reply) {
        let outcome = switch reply.error?.code {
        case nil: "ok"
        case .permissionDenied: "denied"
        default: "error"
        }
        DaemonMetrics.control(command: command, outcome: outcome)
    }

    /// A typed command from the web console: the result, or what went wrong.
    func perform<M: ControlMethod>(_ method: M.Type, _ args: M.Args, as member: StaffMember,
                                   via channel: String = "console") -> Result<M.Result, HuifangError> {
        let reply = perform(M.name, args: args, as: member, via: channel)
        if let error = reply.error { return .failure(error) }
        guard let value = reply.value as? M.Result else { return .failure(HuifangError(.internal, "\(M.name) answered no result")) }
        return .success(value)
    }

    /// Checks the caller's role, runs the handler (in one unit of work with its audit row
    /// when it changes something) and answers.
    private func run(_ handler: CommandHandler, _ args: any Sendable, id requestId: JSONValue?, context: CommandContext,
                     role: Result<OperatorRole, HuifangError>) -> CommandHandler.Reply {
        let method = handler.method
        var context = context
        func refused(_ error: HuifangError) -> CommandHandler.Reply {
            CommandHandler.Reply(line: ErrorFrame.failure(id: requestId, error).line(), error: error, customer: nil)
        }
        // R-OPS-2: the caller's role must be one the command allows; refusals are audited.
        switch role {
        case .success(let role) where method.access.allows(role):
            context.role = role
        case .success(let role):
            let error = HuifangError(.permissionDenied, "the \(role.rawValue) role may not run \(method.name)", field: "cmd")
            audit(context, role: role.rawValue, command: method.name, customer: nil, outcome: .denied, detail: error.message)
            return refused(error)
        case .failure(let error):
            audit(context, role: "none", command: method.name, customer: nil, outcome: .denied, detail: error.message)
            return refused(error)
        }
        guard method.mutates else {
            // A read is not audited, unless it was refused (a customer of another branch).
            let reply = handler.run(args, requestId, context)
            if let error = reply.error, error.code == .permissionDenied {
                audit(context, role: context.role.rawValue, command: method.name, customer: reply.customer, outcome: .denied,
                      detail: error.message)
            }
            return reply
        }
        guard method.atomic else {
            let reply = handler.run(args, requestId, context)
            audit(context, role: context.role.rawValue, command: method.name, customer: reply.customer,
                  outcome: reply.error.map(Self.outcome) ?? .ok, detail: reply.error.map(Self.detail) ?? "")
            return reply
        }
        // One unit of work: the change and its audit row commit together. A refused or
        // failed command rolls back whatever it wrote, then its failure is audited alone.
        let nudges = PendingNudges()
        context.pendingNudges = nudges
        defer { nudges.send() }  // after the commit (or the rollback): services look at what is there
        do {
            return try context.store.unitOfWork { () throws -> CommandHandler.Reply in
                let reply = handler.run(args, requestId, context)
                if let error = reply.error { throw FailedCommand(reply: reply, error: error) }
                try context.store.audit(AuditEntry(at: context.clock.now(), uid: context.peer?.uid, role: context.role.rawValue,
                                                   command: method.name, customerId: reply.customer, outcome: .ok,
                                                   detail: context.auditNote.text, actor: context.actor))
                return reply
            }
        } catch let failed as FailedCommand {
            audit(context, role: context.role.rawValue, command: method.name, customer: failed.reply.customer,
                  outcome: Self.outcome(failed.error), detail: Self.detail(failed.error))
            return failed.reply
        } catch {
            context.logger.error("the unit of work of \(method.name) did not commit: \(error)")
            let failure = SQLiteStore.isDiskFull(error) ? HuifangError.diskFull
                : HuifangError(.internal, "the store failed while saving \(method.name); nothing was changed; see the daemon log")
            audit(context, role: context.role.rawValue, command: method.name, customer: nil, outcome: .error, detail: failure.code.rawValue)
            return refused(failure)
        }
    }

    /// A refusal inside a command (another branch's customer) is audited as one, with its reason.
    private static func outcome(_ error: HuifangError) -> AuditEntry.Outcome { error.code == .permissionDenied ? .denied : .error }
    private static func detail(_ error: HuifangError) -> String { error.code == .permissionDenied ? error.message : error.code.rawValue }

    /// Carries a command's failure out of its unit of work, so the unit rolls back.
    private struct FailedCommand: Error {
        let reply: CommandHandler.Reply
        let error: HuifangError
    }

    private func audit(_ context: CommandContext, role: String, command: String, customer: Int64?,
                       outcome: AuditEntry.Outcome, detail: String) {
        do {
            try context.store.audit(AuditEntry(at: context.clock.now(), uid: context.peer?.uid, role: role, command: command,
                                               customerId: customer, outcome: outcome, detail: detail, actor: context.actor))
        } catch {
            context.logger.error("could not write the audit log: \(error)")
        }
    }
}

/// A request frame as the daemon reads it: `{"v":1,"id":…,"cmd":"…","args":{…}}`, decoded in
/// one pass. The method is looked up while decoding, so its arguments are decoded straight
/// into its `Args`. What is wrong with the frame is kept, not thrown, so the answer can
/// carry the request's id.
struct IncomingRequest: Decodable {
    static let handlersKey = CodingUserInfoKey(rawValue: "huifang.handlers")!

    var id: JSONValue?
    var parsed: Result<(CommandHandler, any Sendable), HuifangError>

    private init(id: JSONValue?, parsed: Result<(CommandHandler, any Sendable), HuifangError>) {
        self.id = id
        self.parsed = parsed
    }

    /// The bulk path: a well-formed frame of a command that reads its arguments from bytes
    /// (`CommandHandler.readArgs`, an import batch), read without JSONDecoder. Nil for any
    /// other line, and for anything unusual in this one: JSONDecoder then reads it, and
    /// names what is wrong.
    static func read(_ line: [UInt8], handlers: HandlerTable) -> IncomingRequest? {
        var reader = JSONByteReader(line)
        var version: Int?
        var id: JSONValue?
        var name: String?
        var args: Range<Int>?
        let read = reader.object { key, reader in
            switch key {
            case "v" where version == nil:
                version = reader.int()
                return version != nil
            case "cmd" where name == nil:
                name = reader.string()
                return name != nil
            case "args" where args == nil:
                args = reader.skipValue(depth: ControlLimits.maxRequestDepth)
                return args != nil
            case "id" where id == nil:
                if reader.null() {
                    id = .null
                } else if let number = reader.int(), number.magnitude < 1 << 53 {
                    id = .number(Double(number))
                } else if let text = reader.string() {
                    id = .string(text)
                } else {
                    return false
                }
                return true
            default:
                return false
            }
        }
        guard read, reader.atEnd(), version == ControlProtocol.version, let name, let args,
              let handler = handlers.byName[name], let readArgs = handler.readArgs,
              let decoded = readArgs(line, args)
        else { return nil }
        return IncomingRequest(id: id, parsed: .success((handler, decoded)))
    }

    init(from decoder: any Decoder) throws {
        let frame = try decoder.container(keyedBy: FrameKey.self)
        if frame.contains(.id) {
            guard let id = try? frame.decode(JSONValue.self, forKey: .id), Self.isValidId(id) else {
                parsed = .failure(HuifangError(.malformedRequest, "id must be a number or a string", field: "id"))
                return
            }
            self.id = id
        }
        parsed = Self.parse(frame, handlers: decoder.userInfo[Self.handlersKey] as? HandlerTable)
    }

    private static func parse(_ frame: KeyedDecodingContainer<FrameKey>,
                              handlers: HandlerTable?) -> Result<(CommandHandler, any Sendable), HuifangError> {
        if !frame.contains(.v) {
            return .failure(ControlProtocol.mismatch(theirs: nil, peer: "client"))
        }
        guard let version = try? frame.decode(Int.self, forKey: .v) else {
            return .failure(HuifangError(.malformedRequest, "v must be the protocol version, a whole number", field: "v"))
        }
        guard version == ControlProtocol.version else {
            return .failure(ControlProtocol.mismatch(theirs: version, peer: "client"))
        }
        guard frame.contains(.cmd) else {
            return .failure(HuifangError(.malformedRequest, "the request has no cmd", field: "cmd"))
        }
        guard let name = try? frame.decode(String.self, forKey: .cmd) else {
            return .failure(HuifangError(.malformedRequest, "cmd must be a string", field: "cmd"))
        }
        if let unknown = frame.allKeys.first(where: { !FrameKey.known.contains($0) }) {
            return .failure(HuifangError(.malformedRequest, "unknown request field", field: ControlCoding.snakeCase(unknown.stringValue)))
        }
        guard let handler = handlers?.byName[name] else {
            return .failure(HuifangError(.unknownCommand, "no command named '\(name.prefix(64))'; try help", field: "cmd"))
        }
        do {
            return .success((handler, try handler.decodeArgs(frame)))
        } catch let error as DecodingError {
            if case .typeMismatch(_, let context) = error, context.codingPath.map(\.stringValue) == ["args"] {
                return .failure(HuifangError(.malformedRequest, "args must be an object", field: "args"))
            }
            var described = handler.describeFailure(error, try? frame.decode(JSONValue.self, forKey: .args))
            if let field = described.field, field.hasPrefix("args.") { described.field = String(field.dropFirst(5)) }
            return .failure(described)
        } catch {
            // Foundation reports a number that does not fit its field (`"id": 1.5`) with an
            // error of its own, not a DecodingError; look for the field that holds it.
            let unreadable = DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "\(error)"))
            let described = handler.describeFailure(unreadable, try? frame.decode(JSONValue.self, forKey: .args))
            return .failure(described.field == nil ? HuifangError(.malformedRequest, "could not read the arguments") : described)
        }
    }

    private static func isValidId(_ id: JSONValue) -> Bool {
        switch id {
        case .number, .string, .null: true
        default: false
        }
    }
}
