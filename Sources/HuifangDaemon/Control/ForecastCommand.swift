import Foundation
import HuifangControl
import HuifangCore

/// `forecast {customer?, days?, limit?}`: what will be sent or assigned over the next days —
/// messages already queued, and what the rules will create (birthdays and holidays of coming
/// years included) by evaluating the same planner the daemon runs.
enum ForecastCommand {
    static let command = CommandHandler(API.Forecast.self) { (args: ForecastArgs, context) throws(HuifangError) in
        let days = args.days ?? 30
        guard (1...800).contains(days) else { throw .invalid("days", "must lie between 1 and 800") }
        let limit = args.limit ?? 1000
        guard (1...100_000).contains(limit) else { throw .invalid("limit", "must lie between 1 and 100000") }
        let through = context.clock.now().addingTimeInterval(Double(days) * 86_400)
        // A role limited to a branch sees its branch's customers only.
        return try entries(customer: args.customer, branch: context.branch, through: through, limit: limit, context).map(\.entry)
    }

    /// Everything due from now (or from `from`, when later) through `through`, queued and
    /// planned, in due order, for one customer, one branch's customers or the whole chain:
    /// the first `limit` of them (the monthly plan report uses it too, from its month's
    /// first day, so that what comes before takes none of its places).
    static func entries(customer: Int64?, branch: String?, from: Date? = nil, through: Date, limit: Int, _ context: CommandContext)
        throws(HuifangError)
        -> [(dueAt: Date, entry: ForecastEntry)]
    {
        let settings = context.config.snapshot
        let now = context.clock.now()
        // A start later than now (a month's plan) leaves out what falls before it; from now,
        // a greeting the planner dates a moment back, to be sent at once, stays in.
        let later = from.flatMap { $0 > now ? $0 : nil }
        let (customers, planned) = try plans(customer: customer, branch: branch, through: through, settings: settings, now: now, context)
        let queued = try storeCall(context, "reading queued messages") {
            try context.store.queued(customerId: customer, branch: branch, from: later, through: through, limit: limit)
        }
        let complaints = try escalations(customer: customer, branch: branch, through: through, settings: settings, now: now, context)
        // The queue's and the complaints' customers, for their names and zones.
        let known = Set(customers.map(\.id))
        let others = Set(queued.map(\.customerId) + complaints.map(\.complaint.customerId)).subtracting(known)
        let named = customers + (try storeCall(context, "reading customers") { Array(try context.store.customers(ids: Array(others)).values) })
        let zones = Dictionary(named.map { ($0.id, $0.timeZone) }) { first, _ in first }
        let names = Dictionary(named.map { ($0.id, $0.name) }) { first, _ in first }

        // Each entry is made only if it is among the first `limit` by due time (a holiday in
        // the range plans the whole clinic; the default limit shows a thousand).
        let stamps = ZonedTimestamps()
        var entries: [(dueAt: Date, make: () -> ForecastEntry)] = queued.map { message in
            (message.dueAt, { ForecastEntry(
                kind: message.kind, customer: message.customerId, customerName: names[message.customerId], channel: message.channel,
                dueAt: stamps.string(message.dueAt, zoneNamed: zones[message.customerId] ?? "UTC"), text: message.text, source: "queued",
                messageId: message.id, dedupeKey: message.dedupeKey) })
        }
        entries += planned.filter { plan in later.map { plan.dueAt >= $0 } ?? true }.map { plan in
            (plan.dueAt, { ForecastEntry(
                kind: plan.kind, customer: plan.customerId, customerName: names[plan.customerId], channel: plan.channel,
                dueAt: stamps.string(plan.dueAt, zoneNamed: plan.timeZone), text: plan.text, source: "planned",
                messageId: nil, dedupeKey: plan.dedupeKey) })
        }
        for (at, complaint, next) in complaints where later.map({ at >= $0 }) ?? true {
            entries.append((at, { ForecastEntry(
                kind: ComplaintRules.escalatedKind, customer: complaint.customerId, customerName: names[complaint.customerId],
                channel: ChannelName.staffTask,
                dueAt: stamps.string(at, zoneNamed: zones[complaint.customerId] ?? settings.service.defaultTimeZone),
                text: "投诉 #\(complaint.id) 届时仍未处理，将升级至\(next.chineseName)", source: "planned",
                messageId: nil, dedupeKey: "cmp:\(complaint.id):escalate:\(complaint.level + 1)") }))
        }
        return entries.sorted { $0.dueAt < $1.dueAt }.prefix(limit).map { (dueAt: $0.dueAt, entry: $0.make()) }
    }

    /// How many of each kind the forecast of one branch's customers (or the whole chain's)
    /// through `through` holds, however many there are (the weekly report's next-month
    /// plan): queued messages counted by the store, planned ones and complaint escalations
    /// by kind; no entry is made.
    static func counts(branch: String?, through: Date, _ context: CommandContext) throws(HuifangError) -> [String: Int] {
        let settings = context.config.snapshot
        let now = context.clock.now()
        var counts = try storeCall(context, "counting queued messages") { try context.store.queuedCounts(through: through, branch: branch) }
        for plan in try plans(customer: nil, branch: branch, through: through, settings: settings, now: now, context).planned {
            counts[plan.kind, default: 0] += 1
        }
        let escalations = try escalations(customer: nil, branch: branch, through: through, settings: settings, now: now, context).count
        if escalations > 0 { counts[ComplaintRules.escalatedKind, default: 0] += escalations }
        return counts
    }

    /// The greetings the planner will create from now through `through` and has not yet
    /// (their dedupe keys are not in the store), with the customers it planned for.
    private static func plans(customer: Int64?, branch: String?, through: Date, settings: HuifangConfig, now: Date,
                              _ context: CommandContext)
        throws(HuifangError) -> (customers: [Customer], planned: [PlannedMessage])
    {
        let customers: [Customer]
        if let id = customer {
            customers = [try liveCustomer(id, field: "customer", context)]
        } else {
            customers = try storeCall(context, "reading customers") {
                try greetable(through: through, settings: settings, context).filter { branch == nil || $0.branch == branch }
            }
        }
        guard settings.greetings.enabled else { return (customers, []) }
        let ids = customers.map(\.id)
        var planned = GreetingPlanner.plan(
            customers: customers, settings: settings.greetingSettings(), consent: settings.consentPolicy, from: now, through: through, now: now,
            tiers: settings.membership.ladder.tiers(of: try storeCall(context, "reading tiers") { try context.store.tierNames(customerIds: ids) }),
            pets: try storeCall(context, "reading pets") { try context.store.pets(customerIds: ids) },
            since: try storeCall(context, "reading anniversaries") {
                try settings.greetings.anniversary.map { basis in
                    try context.store.anniversaryStarts(customerIds: ids, basis: basis == .firstVisit ? .firstVisit : .membership)
                } ?? [:]
            })
        let stored = try storeCall(context, "reading dedupe keys") { try context.store.existingDedupeKeys(planned.map(\.dedupeKey)) }
        planned.removeAll { stored.contains($0.dedupeKey) }
        return (customers, planned)
    }

    /// R-CMP-3: the next escalation of each open complaint (of `customer`, or of the branch's
    /// customers, if named), when it comes by `through`, with the level it would reach.
    private static func escalations(customer: Int64?, branch: String?, through: Date, settings: HuifangConfig, now: Date,
                                    _ context: CommandContext) throws(HuifangError) -> [(at: Date, complaint: Complaint, next: StaffRole)]
    {
        var complaints = try storeCall(context, "reading complaints") {
            try context.store.complaints(openOnly: true, limit: 10_000).filter { customer == nil || $0.customerId == customer }
        }
        if let branch {
            let homes = try storeCall(context, "reading branches") { try context.store.customerBranches(ids: complaints.map(\.customerId)) }
            complaints.removeAll { homes[$0.customerId] != branch }
        }
        return complaints.compactMap { complaint in
            let deadlines = settings.complaintDeadlines[complaint.severity] ?? ComplaintDeadlines.defaults[.normal]!
            guard let at = ComplaintRules.nextEscalation(complaint, deadlines, after: now), at <= through else { return nil }
            return (at, complaint, ComplaintRules.chain[min(complaint.level + 1, ComplaintRules.chain.count - 1)])
        }
    }

    /// The customers who may have a greeting not yet planned by `through`: those whose mark
    /// (when their next occasion comes within the planner's lookahead, `GreetingPlanning`)
    /// is at most `through` less the lookahead, by the marks' index, and those still to be
    /// worked out (new or changed). What the others have by then is planned and queued
    /// already. While the marks were worked out with other settings (a reload the planner
    /// has not run since), every customer, as the planner itself will then read them.
    static func greetable(through: Date, settings: HuifangConfig, _ context: CommandContext) throws -> [Customer] {
        guard settings.greetings.enabled else { return [] }
        if try context.store.occasionsPlannedWith() == GreetingPlanning.fingerprint(settings) {
            let marks = try context.store.greetingsDue(now: through.addingTimeInterval(-GreetingPlanning.lookahead(settings)))
            return try context.store.customers(ids: marks.map(\.customerId)).values.filter { $0.erasedAt == nil }.sorted { $0.id < $1.id }
        }
        var customers: [Customer] = []
        var afterId: Int64 = 0
        while true {
            let page = try context.store.customers(afterId: afterId, limit: 1000)
            guard let last = page.last else { break }
            customers += page
            afterId = last.id
        }
        return customers
    }

}

/// ISO-8601 in a customer's zone, e.g. 2026-12-01T10:00:00+08:00, with one formatter (and
/// one zone) per zone name: making them cost far more than using them, and a forecast of
/// the whole clinic writes a hundred thousand.
private final class ZonedTimestamps {
    private var formatters: [String: ISO8601DateFormatter] = [:]

    /// In the zone so named; UTC when no zone has the name.
    func string(_ date: Date, zoneNamed name: String) -> String {
        if let formatter = formatters[name] { return formatter.string(from: date) }
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: name) ?? TimeZone(identifier: "UTC")!
        formatter.formatOptions = [.withInternetDateTime]
        formatters[name] = formatter
        return formatter.string(from: date)
    }
}
