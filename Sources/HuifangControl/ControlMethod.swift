import HuifangCore

/// A control command, declared once (DESIGN rule 8): its name, what it does, who may run it,
/// whether it changes anything, and the types of its arguments and result. The socket,
/// `huifangctl`, the daemon's `help` and (later) the web console all read this one
/// declaration; the daemon registers one handler per method (`HandlerTable`).
///
/// The wire names of `Args` and `Result` are their property names in snake_case, from the
/// coders' key strategies (`ControlCoding`); no type spells its keys by hand.
public protocol ControlMethod: Sendable {
    associatedtype Args: Codable & Sendable
    associatedtype Result: Codable & Sendable

    /// `area.verb`, e.g. `arrears.pay`.
    static var name: String { get }
    /// One line for `help` and `huifangctl … --help`.
    static var summary: String { get }
    /// Who may run it (R-OPS-2). Admin may run everything.
    static var access: Access { get }
    /// Whether it changes anything; changes are audited, refusals always are.
    static var mutates: Bool { get }
    /// Whether the daemon runs it as one unit of work: its changes and its audit row in one
    /// transaction. Every change is, but for an online backup (it reads the whole store).
    static var atomic: Bool { get }
    /// The customer the command acts on, for the audit log (R-OPS-2): read off its
    /// arguments, or off its result when the command creates the customer.
    static func auditCustomer(args: Args, result: Result?) -> Int64?
}

extension ControlMethod {
    public static var mutates: Bool { false }
    public static var atomic: Bool { mutates }
    public static func auditCustomer(args: Args, result: Result?) -> Int64? { nil }

    /// `arrears.pay {customer, amount}`: generated from `Args`, so it cannot drift from
    /// what the daemon decodes. Optional keys end in `?`.
    public static var usage: String {
        let keys = ArgumentSchema.keys(of: Args.self)
        if keys.isEmpty { return name }
        return "\(name) {\(keys.map { $0.required ? $0.name : $0.name + "?" }.joined(separator: ", "))}"
    }
}

/// Which operator roles may run a command (R-OPS-2); admin may run everything. The
/// narrowest set is the default of every declaration that names none, so a forgotten
/// one fails closed.
public struct Access: Sendable, Equatable {
    public let roles: Set<OperatorRole>

    public init(roles: Set<OperatorRole>) { self.roles = roles }

    public static let everyone = Access(roles: Set(OperatorRole.allCases))
    /// The people who deal with customers: front desk, customer service, consultants, doctors, managers.
    public static let frontLine = Access(roles: [.frontDesk, .customerService, .consultant, .doctor, .manager])
    /// Customer service and managers (messages, complaints).
    public static let service = Access(roles: [.customerService, .manager])
    public static let managers = Access(roles: [.manager])
    /// R-CUS-2: the roles that may see health data (and admin).
    public static let clinical = Access(roles: [.doctor, .consultant])
    /// Only admin (and root).
    public static let adminOnly = Access(roles: [])

    public func allows(_ role: OperatorRole) -> Bool { role == .admin || roles.contains(role) }
}
