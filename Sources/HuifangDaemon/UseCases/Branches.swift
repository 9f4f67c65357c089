import Foundation
import HuifangControl
import HuifangCore

/// A chain's branches (issue 16): which branch a new customer's home is, and what a role
/// limited to one branch may see and touch. Without `[[branches]]` nobody is limited and
/// nothing carries a branch.
struct Branches {
    let context: CommandContext

    init(_ context: CommandContext) { self.context = context }

    private var settings: HuifangConfig { context.config.snapshot }

    /// A branch's name for people ("浦东店"), or its id when the config no longer has it.
    func name(_ id: String?) -> String {
        guard let id else { return "no branch" }
        return settings.branch(id).map { "\($0.name) (\(id))" } ?? id
    }

    /// The same, as the console says it ("浦东店", "总部" for none).
    func chineseName(_ id: String?) -> String {
        guard let id else { return "总部" }
        return settings.branch(id)?.name ?? id
    }

    /// The home branch for a customer added or moved by this caller: the one named (which
    /// must exist, and be the caller's own when their role is limited to one), else the
    /// caller's.
    func home(_ named: String?) throws(HuifangError) -> String? {
        guard let named = named?.trimmingCharacters(in: .whitespaces), !named.isEmpty else { return context.branch }
        guard !settings.branches.isEmpty else {
            throw .invalid("branch", "there are no [[branches]] in the config; a single clinic's customers have no branch",
                           chinese: "本院没有设分店，客户不属于任何分店。")
        }
        guard settings.branch(named) != nil else {
            throw .invalid("branch", "'\(named.prefix(40))' is not a branch (known: \(settings.branches.map(\.id).joined(separator: ", ")))",
                           chinese: "没有「\(named.prefix(40))」这个分店（现有：\(settings.branches.map(\.name).joined(separator: "、"))）。")
        }
        if let mine = context.branch, mine != named {
            throw HuifangError(.permissionDenied, "your role is limited to \(name(mine)); \(name(named)) is another branch's", field: "branch",
                               chinese: "您只能处理\(chineseName(mine))的客户，\(chineseName(named))不是您的分店。")
        }
        return named
    }

    /// Refuses a customer of another branch to a caller limited to one, unless what the
    /// command is about takes place at the caller's branch (`at`: an appointment booked there
    /// is in its book, whoever's customer it is).
    func require(_ customer: Customer, field: String, at place: String? = nil) throws(HuifangError) {
        guard let mine = context.branch, customer.branch != mine, place != mine else { return }
        throw HuifangError(.permissionDenied,
                           "customer \(customer.id) belongs to \(name(customer.branch)); your role is limited to \(name(mine))", field: field,
                           chinese: "编号为 \(customer.id) 的客户属于\(chineseName(customer.branch))，您只能处理\(chineseName(mine))的客户。")
    }

    /// Refuses a task of another branch to a caller limited to one: their task list holds
    /// their branch's only, and so do closing, moving and reassigning.
    func require(task: StaffTask) throws(HuifangError) {
        guard let mine = context.branch, task.branch != mine else { return }
        throw HuifangError(.permissionDenied, "task \(task.id) belongs to \(name(task.branch)); your role is limited to \(name(mine))",
                           field: "id",
                           chinese: "编号为 \(task.id) 的任务属于\(chineseName(task.branch))，您只能处理\(chineseName(mine))的任务。")
    }

    /// Refuses a member of staff of another branch (or of the chain as a whole) to a manager
    /// limited to one: their roles, uid and console password are not theirs to change.
    func require(member: StaffMember, field: String) throws(HuifangError) {
        guard let mine = context.branch, member.branch != mine else { return }
        throw HuifangError(.permissionDenied, "\(member.name) works for \(name(member.branch)); your role is limited to \(name(mine))",
                           field: field,
                           chinese: "\(member.name)属于\(chineseName(member.branch))，您只能管理\(chineseName(mine))的员工。")
    }

    /// Refuses a campaign of another branch to a caller limited to one (the chain's are theirs
    /// to see, counted for their customers).
    func require(campaign: Campaign) throws(HuifangError) {
        guard let mine = context.branch, let theirs = campaign.branch, theirs != mine else { return }
        throw HuifangError(.permissionDenied, "campaign \(campaign.id) is \(name(theirs))'s; your role is limited to \(name(mine))",
                           field: "id",
                           chinese: "编号为 \(campaign.id) 的活动属于\(chineseName(theirs))，您只能处理\(chineseName(mine))的活动。")
    }

    /// The rows of a list this caller may see when the chain's own rows (no branch) are
    /// everyone's: their branch's and the chain's (staff, campaigns).
    func visibleWithChain<Row>(_ rows: [Row], branch: (Row) -> String?) -> [Row] {
        guard let mine = context.branch else { return rows }
        return rows.filter { branch($0) == nil || branch($0) == mine }
    }

    /// The customers this caller may see.
    func visible(_ customers: [Customer]) -> [Customer] {
        guard let mine = context.branch else { return customers }
        return customers.filter { $0.branch == mine }
    }

    /// The rows of a list this caller may see: those of their branch (`branch` says a row's).
    func visible<Row>(_ rows: [Row], branch: (Row) -> String?) -> [Row] {
        guard let mine = context.branch else { return rows }
        return rows.filter { branch($0) == mine }
    }

    /// The rows about customers this caller may see (their customers' home branch decides).
    func visible<Row>(_ rows: [Row], customer: (Row) -> Int64) throws(HuifangError) -> [Row] {
        guard let mine = context.branch else { return rows }
        let homes = try storeCall(context, "reading branches") { try context.store.customerBranches(ids: rows.map(customer)) }
        return rows.filter { homes[customer($0)] == mine }
    }
}
