import Foundation
import HuifangControl
import HuifangCore

/// audit.list {customer?, since?, limit?}: who did what, latest first (R-OPS-2).
enum AuditCommand {
    static let command = CommandHandler(API.AuditList.self) { (args: AuditListArgs, context) throws(HuifangError) in
        var since: Date?
        if let text = args.since {
            since = try context.time(text, field: "since")
        }
        let limit = args.limit ?? 200
        guard (1...10_000).contains(limit) else { throw .invalid("limit", "must lie between 1 and 10000") }
        let entries = try storeCall(context, "reading the audit log") {
            // A manager limited to a branch reads what was done to its customers and what they
            // did themselves (the chain's other operations and other branches' customers are
            // not theirs).
            let scope = context.branch.map { AuditScope(branch: $0, uid: context.peer?.uid, actor: context.actor) }
            return try context.store.auditEntries(customerId: args.customer, since: since, scope: scope, limit: limit)
        }
        // Names for people: the customers', and who acted (staff by uid, else the local user).
        let (customers, staff) = try storeCall(context, "reading names") {
            (try context.store.customers(ids: entries.compactMap(\.customerId)), try context.store.staff())
        }
        var users: [UInt32: String] = [:]
        for member in staff { if let uid = member.uid { users[uid] = member.name } }
        for uid in Set(entries.compactMap(\.uid)) where users[uid] == nil { users[uid] = Authorizer.userName(uid) ?? "uid \(uid)" }
        return entries.map {
            AuditView(at: ControlCoding.timestamp($0.at), uid: $0.uid, role: $0.role, command: $0.command, customer: $0.customerId,
                      outcome: $0.outcome.rawValue, detail: $0.detail, actor: $0.actor,
                      who: $0.actor ?? $0.uid.flatMap { users[$0] }, customerName: $0.customerId.flatMap { customers[$0]?.name })
        }
    }
}
