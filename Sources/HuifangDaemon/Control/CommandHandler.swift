import Foundation
import HuifangControl
import HuifangCore
import HuifangStore
import Logging
import Synchronization

/// What a command handler may use.
struct CommandContext: Sendable {
    let store: any Store
    let config: LiveConfig
    let endpoints: EndpointRegistry
    let backups: BackupManager
    let health: HealthKeyring
    let clock: any WallClock
    let schedulerWakeup: Wakeup
    let greetingWakeup: Wakeup
    /// Inside a unit of work: the wake-ups to send once it commits.
    var pendingNudges: PendingNudges?
    let peer: PeerCredentials?
    /// The peer's role, once the router has authorised the command.
    var role: OperatorRole = .admin
    /// The member of staff acting, when the command came from a staff app or the console
    /// rather than a local user.
    var staffCaller: StaffMember?
    /// Who acted, by name, for the audit log: the member of staff or the gateway.
    var actor: String?
    let startedAt: Date
    /// This node's id: its lease owner and its row in the store's heartbeats.
    let node: String
    /// The branch the caller's role is limited to (`[roles]` or their staff record); nil: the chain.
    var branch: String?
    /// Where the HTTP listener is bound, once it listens.
    let listener: ListenerState
    /// Whether the store takes writes (the scheduler's heartbeat), for `status`.
    let readiness: Readiness
    let logger: Logger
    /// What the command's audit row says besides its outcome (old and new values of an edit).
    let auditNote = AuditNote()

    /// Wakes the scheduler (due work was added or changed).
    var wakeup: Nudge { Nudge(target: schedulerWakeup, pending: pendingNudges) }
    /// Wakes the greeting planner (a customer was added or changed).
    var greetingTrigger: Nudge { Nudge(target: greetingWakeup, pending: pendingNudges) }

    /// The clinic's zone: times people type are read in it, answers written in it.
    var zone: TimeZone { config.snapshot.clinicZone }

    /// A time as people type it (`TimeInput`), in the clinic's zone unless it has an offset.
    func time(_ text: String, field: String) throws(HuifangError) -> Date {
        switch TimeInput.parse(text, zone: zone, now: clock.now()) {
        case .success(let date): return date
        case .failure(let error): throw .invalid(field, error.description, chinese: error.chinese)
        }
    }

    /// A calendar date as people type it (`2026-11-28`, `11-28`, 今天, 明天); relative words
    /// count from today in `zone` (a branch's), else in the clinic's.
    func date(_ text: String, field: String, in zone: TimeZone? = nil) throws(HuifangError) -> LocalDate {
        guard let date = TimeInput.date(text, zone: zone ?? self.zone, now: clock.now()) else {
            throw .invalid(field, "'\(text.prefix(40))' is not a date: write 2026-11-28, 11-28, 今天 or 明天",
                           chinese: "「\(text.prefix(40))」不是日期：请写成 2026-11-28、11-28、今天 或 明天。")
        }
        return date
    }

    /// Writes an audit line for this peer (reads of health data; the router audits mutations).
    func audit(command: String, customerId: Int64?, outcome: AuditEntry.Outcome, detail: String) {
        do {
            try store.audit(AuditEntry(at: clock.now(), uid: peer?.uid, role: role.rawValue, command: command,
                                       customerId: customerId, outcome: outcome, detail: detail, actor: actor))
        } catch {
            logger.error("could not write the audit log: \(error)")
        }
    }
}

/// The HTTP listener's bound address, set when it starts listening.
final class ListenerState: Sendable {
    private let bound = Mutex<String?>(nil)

    var address: String? { bound.withLock { $0 } }
    func listening(at address: String) { bound.withLock { $0 = address } }
}

/// The detail a command leaves for its audit row, written by the router in the same unit.
final class AuditNote: Sendable {
    private let lines = Mutex<[String]>([])

    func add(_ line: String) { lines.withLock { $0.append(line) } }
    var text: String { lines.withLock { $0.joined(separator: "; ") } }
}

/// A wake-up a command sends a background service. Inside a unit of work it goes out when
/// the unit commits: sent earlier, the service would look before the command's rows exist.
struct Nudge: Sendable {
    let target: Wakeup
    let pending: PendingNudges?

    func signal() {
        if let pending { pending.add(target) } else { target.signal() }
    }

    /// A signal in a burst (an import's batches): the service acts once the signals have
    /// stopped for `settling`, not after each.
    func signalInBurst(settling: Duration = .seconds(1)) {
        target.settle(for: settling)
        signal()
    }
}

/// The wake-ups a unit of work holds until it commits.
final class PendingNudges: Sendable {
    private let targets = Mutex<[Wakeup]>([])

    func add(_ target: Wakeup) {
        targets.withLock { list in
            if !list.contains(where: { $0 === target }) { list.append(target) }
        }
    }

    /// Sends them (after a commit).
    func send() {
        for target in targets.withLock({ $0 }) { target.signal() }
    }
}

/// The daemon's side of one `ControlMethod`: decodes its arguments (straight from the
/// request line, once), runs its handler, encodes its typed result. The name, access,
/// argument and result types all come from the declaration in `HuifangControl.API`.
struct CommandHandler: Sendable {
    let method: any ControlMethod.Type
    /// Decodes the `args` of a request into the method's `Args` (an empty object when absent).
    let decodeArgs: @Sendable (KeyedDecodingContainer<FrameKey>) throws -> any Sendable
    /// For the bulk commands whose `Args` are `JSONBytesDecodable`: the arguments read
    /// straight from the line's bytes (the `args` value's range), or nil to decode the line
    /// with `decodeArgs` instead.
    private(set) var readArgs: (@Sendable ([UInt8], Range<Int>) -> (any Sendable)?)?
    /// What a failed decoding means, naming the argument (`args` is the raw JSON of the
    /// arguments, parsed only on this error path).
    let describeFailure: @Sendable (DecodingError, @autoclosure () -> JSONValue?) -> HuifangError
    /// Runs the handler on decoded arguments.
    let run: @Sendable (any Sendable, JSONValue?, CommandContext) -> Reply

    struct Reply {
        /// The response line, newline included.
        let line: Data
        let error: HuifangError?
        /// Whom the command acted on, for the audit log (from the declaration).
        let customer: Int64?
        /// The typed result, for callers in this process (the web console).
        var value: (any Sendable)? = nil
    }

    init<M: ControlMethod>(_ method: M.Type,
                           _ body: @escaping @Sendable (M.Args, CommandContext) throws(HuifangError) -> M.Result) {
        self.init(declaration: method, body)
    }

    private init<M: ControlMethod>(declaration method: M.Type,
                                   _ body: @escaping @Sendable (M.Args, CommandContext) throws(HuifangError) -> M.Result) {
        self.method = method
        decodeArgs = { container in
            if let args = try container.decodeIfPresent(M.Args.self, forKey: .args) { return args }
            return try ControlCoding.decoder().decode(M.Args.self, from: Data("{}".utf8))
        }
        describeFailure = { error, args in ControlCoding.describe(error, decoding: M.Args.self, value: args()) }
        readArgs = nil
        run = { decoded, id, context in
            let args = decoded as! M.Args  // decodeArgs made it
            do throws(HuifangError) {
                let result = try body(args, context)
                return Reply(line: ResponseFrame.success(id: id, result: result).line(), error: nil,
                             customer: M.auditCustomer(args: args, result: result), value: result)
            } catch {
                return Reply(line: ErrorFrame.failure(id: id, error).line(), error: error,
                             customer: M.auditCustomer(args: args, result: nil))
            }
        }
    }

    /// A bulk command whose arguments can be read from the line's bytes (an import batch):
    /// typed here, so the reading is specialized for them.
    init<M: ControlMethod>(_ method: M.Type,
                           _ body: @escaping @Sendable (M.Args, CommandContext) throws(HuifangError) -> M.Result)
        where M.Args: JSONBytesDecodable
    {
        self.init(declaration: method, body)
        readArgs = { line, range in
            var reader = JSONByteReader(line, range: range)
            guard let args = M.Args(json: &reader), reader.atEnd() else { return nil }
            return args
        }
    }
}

/// The keys of a request frame; any other key is refused by name.
struct FrameKey: CodingKey, Hashable {
    let stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }

    static let v = FrameKey(stringValue: "v")
    static let id = FrameKey(stringValue: "id")
    static let cmd = FrameKey(stringValue: "cmd")
    static let args = FrameKey(stringValue: "args")
    static let known: Set<FrameKey> = [v, id, cmd, args]
}

/// Every handler the daemon has, one per declared method. Registering a method twice, or a
/// name no declaration has, is an error at start.
struct HandlerTable: Sendable {
    let byName: [String: CommandHandler]

    init(_ handlers: [CommandHandler]) throws(HuifangError) {
        var byName: [String: CommandHandler] = [:]
        for handler in handlers {
            let name = handler.method.name
            guard byName[name] == nil else {
                throw HuifangError(.internal, "two handlers are registered for \(name)")
            }
            byName[name] = handler
        }
        self.byName = byName
    }

    /// The declared methods without a handler, and the handlers without a declaration.
    func coverage(of declared: [any ControlMethod.Type]) -> (unhandled: [String], undeclared: [String]) {
        let declaredNames = Set(declared.map { $0.name })
        return (declaredNames.subtracting(byName.keys).sorted(), Set(byName.keys).subtracting(declaredNames).sorted())
    }
}

/// Every handler the daemon registers.
enum CommandTable {
    static let handlers: [CommandHandler] = [HelpCommand.command, StatusCommand.command]
        + CustomerCommands.all + MessageCommands.all + EndpointCommands.all + FollowUpCommands.all + AppointmentCommands.all
        + ComplaintCommands.all + BackupCommands.all + HealthCommands.all + ImportCommands.all + MembershipCommands.all
        + ReportCommands.all + ArrearsCommands.all + StaffCommands.all + ContactCommands.all + PetCommands.all + ServiceCommands.all + CampaignCommands.all + [StatusCommand.logLevel, StatusCommand.planNow, StoreCopyCommand.command] + [ForecastCommand.command, AuditCommand.command]

    /// The table the daemon serves; a duplicate, or a handler or declaration without its
    /// other half, stops the start.
    static func checked() throws(HuifangError) -> HandlerTable {
        let table = try HandlerTable(handlers)
        let (unhandled, undeclared) = table.coverage(of: API.all)
        guard unhandled.isEmpty, undeclared.isEmpty else {
            throw HuifangError(.internal, "commands without a handler: \(unhandled); handlers without a declaration: \(undeclared)")
        }
        return table
    }
}

enum HelpCommand {
    static let command = CommandHandler(API.Help.self) { (_: NoArgs, _) throws(HuifangError) in
        API.all.map { CommandHelp(name: $0.name, usage: $0.usage, summary: $0.summary) }
    }
}

/// The customer a command reads about: they must exist, and be of the caller's branch when
/// the caller's role is limited to one (or the thing read must be `at` it, as an appointment
/// booked there). An erased customer may be read (what is left).
func visibleCustomer(_ id: Int64, field: String, _ context: CommandContext, at place: String? = nil) throws(HuifangError) -> Customer {
    guard let customer = try storeCall(context, "reading a customer", { try context.store.customer(id: id) }) else {
        throw HuifangError(.notFound, "no customer with id \(id)", field: field, chinese: "找不到编号为 \(id) 的客户。")
    }
    try Branches(context).require(customer, field: field, at: place)
    return customer
}

/// The customer a command acts for: as `visibleCustomer`, and not erased (R-CUS-5), since
/// nothing new is recorded or sent for an erased customer.
func liveCustomer(_ id: Int64, field: String, _ context: CommandContext, at place: String? = nil) throws(HuifangError) -> Customer {
    let customer = try visibleCustomer(id, field: field, context, at: place)
    if customer.erasedAt != nil {
        throw HuifangError(.conflict, "customer \(id) was erased on request; nothing more is recorded or sent for them", field: field,
                           chinese: "编号为 \(id) 的客户已按本人要求删除资料，不再记录或发送任何内容。")
    }
    return customer
}

/// Store errors are logged in full at the edge and reported without detail (DESIGN rule 6).
func storeCall<T>(_ context: CommandContext, _ what: String, _ body: () throws -> T) throws(HuifangError) -> T {
    do {
        return try body()
    } catch let error as HuifangError {
        throw error
    } catch {
        context.logger.error("store error while \(what): \(error)")
        if SQLiteStore.isDiskFull(error) { throw HuifangError.diskFull }
        throw HuifangError(.internal, "the store failed while \(what); see the daemon log")
    }
}

extension HuifangError {
    /// What a client hears when the store's disk is full: nothing was changed; try later.
    static let diskFull = HuifangError(.unavailable, "disk full; nothing was changed; free space on the store's disk and try again",
                                       field: "store", chinese: "服务器磁盘已满，这次什么都没有改。请联系管理员腾出空间后再试。")
}
