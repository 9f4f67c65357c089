import Foundation
import HuifangControl
import HuifangCore
import Logging

/// What a command handler may use.
struct CommandContext: Sendable {
    let store: any Store
    let config: LiveConfig
    let endpoints: EndpointRegistry
    let backups: BackupManager
    let health: HealthKeyring
    let clock: any WallClock
    let wakeup: Wakeup
    /// Wakes the greeting planner (a customer was added or changed).
    let greetingTrigger: Wakeup
    let peer: PeerCredentials?
    /// The peer's role, once the router has authorised the command.
    var role: OperatorRole = .admin
    let startedAt: Date
    let logger: Logger

    /// Writes an audit line for this peer (reads of health data; the router audits mutations).
    func audit(command: String, customerId: Int64?, outcome: AuditEntry.Outcome, detail: String) {
        do {
            try store.audit(AuditEntry(at: clock.now(), uid: peer?.uid, role: role.rawValue, command: command,
                                       customerId: customerId, outcome: outcome, detail: detail))
        } catch {
            logger.error("could not write the audit log: \(error)")
        }
    }
}

/// Which operator roles may run a command (R-OPS-2); admin may run everything.
struct Access: Sendable {
    let roles: Set<OperatorRole>

    static let everyone = Access(roles: Set(OperatorRole.allCases))
    /// The people who deal with customers: front desk, customer service, consultants, doctors, managers.
    static let frontLine = Access(roles: [.frontDesk, .customerService, .consultant, .doctor, .manager])
    /// Customer service and managers (messages, complaints).
    static let service = Access(roles: [.customerService, .manager])
    static let managers = Access(roles: [.manager])
    /// R-CUS-2: the roles that may see health data (and admin).
    static let clinical = Access(roles: [.doctor, .consultant])
    /// Only admin (and root).
    static let adminOnly = Access(roles: [])

    func allows(_ role: OperatorRole) -> Bool { role == .admin || roles.contains(role) }
}

/// A control command, declared once: its name, who may run it, whether it changes anything
/// (mutations are audited), usage and summary (for `help`) and its handler (for dispatch)
/// (DESIGN rule 8). The access default is the narrowest, so a forgotten one fails closed.
struct ControlCommand: Sendable {
    let name: String
    let access: Access
    let mutates: Bool
    let usage: String
    let summary: String
    let handle: @Sendable (JSONValue, CommandContext) throws(HuifangError) -> JSONValue

    /// A command with typed arguments and result; argument decoding errors name the field.
    static func make<Args: Decodable, Result: Encodable>(
        _ name: String, access: Access = .managers, mutates: Bool = false, usage: String, summary: String,
        _ body: @escaping @Sendable (Args, CommandContext) throws(HuifangError) -> Result
    ) -> ControlCommand {
        ControlCommand(name: name, access: access, mutates: mutates, usage: usage, summary: summary) { raw, context throws(HuifangError) in
            let args = try ControlCoding.decode(Args.self, from: raw)
            let result = try body(args, context)
            do {
                return try JSONDecoder().decode(JSONValue.self, from: ControlCoding.encode(result))
            } catch {
                throw HuifangError(.internal, "could not encode the result of \(name)")
            }
        }
    }
}

/// Every command the daemon answers, in one table.
enum CommandTable {
    static let all: [ControlCommand] = [HelpCommand.command, StatusCommand.command]
        + CustomerCommands.all + MessageCommands.all + EndpointCommands.all + FollowUpCommands.all + AppointmentCommands.all + ComplaintCommands.all
        + BackupCommands.all + HealthCommands.all + ImportCommands.all + MembershipCommands.all + ReportCommands.all + ArrearsCommands.all + [ForecastCommand.command, AuditCommand.command]

    static let byName: [String: ControlCommand] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
}

enum HelpCommand {
    static let command = ControlCommand.make(
        "help", access: .everyone, usage: "help", summary: "list the commands this daemon answers"
    ) { (_: NoArgs, _) throws(HuifangError) in
        CommandTable.all.map { CommandHelp(name: $0.name, usage: $0.usage, summary: $0.summary) }
    }
}

/// Store errors are logged in full at the edge and reported without detail (DESIGN rule 6).
/// The customer a command acts for: it must exist and must not have been erased (R-CUS-5),
/// since nothing new is recorded or sent for an erased customer.
func liveCustomer(_ id: Int64, field: String, _ context: CommandContext) throws(HuifangError) -> Customer {
    guard let customer = try storeCall(context, "reading a customer", { try context.store.customer(id: id) }) else {
        throw HuifangError(.notFound, "no customer with id \(id)", field: field)
    }
    if customer.erasedAt != nil {
        throw HuifangError(.conflict, "customer \(id) was erased on request; nothing more is recorded or sent for them", field: field)
    }
    return customer
}

func storeCall<T>(_ context: CommandContext, _ what: String, _ body: () throws -> T) throws(HuifangError) -> T {
    do {
        return try body()
    } catch let error as HuifangError {
        throw error
    } catch {
        context.logger.error("store error while \(what): \(error)")
        throw HuifangError(.internal, "the store failed while \(what); see the daemon log")
    }
}
