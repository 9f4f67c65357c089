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
        return try entries(customer: args.customer, through: through, limit: limit, context).map(\.entry)
    }

    /// Everything due from now through `through`, queued and planned, in due order (the
    /// monthly plan report uses it too).
    static func entries(customer: Int64?, through: Date, limit: Int, _ context: CommandContext) throws(HuifangError)
        -> [(dueAt: Date, entry: ForecastEntry)]
    {
        let settings = context.config.snapshot
        let now = context.clock.now()
        var customers: [Customer]
        if let id = customer {
            customers = [try liveCustomer(id, field: "customer", context)]
        } else {
            customers = try storeCall(context, "reading customers") { try greetable(through: through, settings: settings, context) }
        }
        let queued = try storeCall(context, "reading queued messages") {
            try context.store.queued(customerId: customer, through: through, limit: limit)
        }
        let complaints = try storeCall(context, "reading complaints") {
            try context.store.complaints(openOnly: true, limit: 10_000).filter { customer == nil || $0.customerId == customer }
        }
        // The queue's and the complaints' customers, for their names and zones.
        let known = Set(customers.map(\.id))
        let others = Set(queued.map(\.customerId) + complaints.map(\.customerId)).subtracting(known)
        let named = customers + (try storeCall(context, "reading customers") { Array(try context.store.customers(ids: Array(others)).values) })
        let zones = Dictionary(named.map { ($0.id, $0.timeZone) }) { first, _ in first }
        let names = Dictionary(named.map { ($0.id, $0.name) }) { first, _ in first }
        var planned = settings.greetings.enabled
            ? GreetingPlanner.plan(customers: customers, settings: settings.greetingSettings(),
                                   consent: settings.consentPolicy, from: now, through: through, now: now,
                                   tiers: settings.membership.ladder.tiers(of: try storeCall(context, "reading tiers") {
                                       try context.store.tierNames(customerIds: customers.map(\.id))
                                   }),
                                   pets: try storeCall(context, "reading pets") { try context.store.pets(customerIds: customers.map(\.id)) },
                                   since: try storeCall(context, "reading anniversaries") {
                                       try settings.greetings.anniversary.map { basis in
                                           try context.store.anniversaryStarts(customerIds: customers.map(\.id),
                                                                               basis: basis == .firstVisit ? .firstVisit : .membership)
                                       } ?? [:]
                                   })
            : []
        let stored = try storeCall(context, "reading dedupe keys") { try context.store.existingDedupeKeys(planned.map(\.dedupeKey)) }
        planned.removeAll { stored.contains($0.dedupeKey) }

        // Each entry is made only if it is among the first `limit` by due time (a holiday in
        // the range plans the whole clinic; the default limit shows a thousand).
        let stamps = ZonedTimestamps()
        var entries: [(dueAt: Date, make: () -> ForecastEntry)] = queued.map { message in
            (message.dueAt, { ForecastEntry(
                kind: message.kind, customer: message.customerId, customerName: names[message.customerId], channel: message.channel,
                dueAt: stamps.string(message.dueAt, zoneNamed: zones[message.customerId] ?? "UTC"), text: message.text, source: "queued",
                messageId: message.id, dedupeKey: message.dedupeKey) })
        }
        entries += planned.map { plan in
            (plan.dueAt, { ForecastEntry(
                kind: plan.kind, customer: plan.customerId, customerName: names[plan.customerId], channel: plan.channel,
                dueAt: stamps.string(plan.dueAt, zoneNamed: plan.timeZone), text: plan.text, source: "planned",
                messageId: nil, dedupeKey: plan.dedupeKey) })
        }
        // R-CMP-3: the next escalation of each open complaint, if it comes in the range.
        for complaint in complaints {
            let deadlines = settings.complaintDeadlines[complaint.severity] ?? ComplaintDeadlines.defaults[.normal]!
            guard let at = ComplaintRules.nextEscalation(complaint, deadlines, after: now), at <= through else { continue }
            let next = ComplaintRules.chain[min(complaint.level + 1, ComplaintRules.chain.count - 1)]
            entries.append((at, { ForecastEntry(
                kind: ComplaintRules.escalatedKind, customer: complaint.customerId, customerName: names[complaint.customerId],
                channel: ChannelName.staffTask,
                dueAt: stamps.string(at, zoneNamed: zones[complaint.customerId] ?? settings.service.defaultTimeZone),
                text: "投诉 #\(complaint.id) 届时仍未处理，将升级至\(next.chineseName)", source: "planned",
                messageId: nil, dedupeKey: "cmp:\(complaint.id):escalate:\(complaint.level + 1)") }))
        }
        return entries.sorted { $0.dueAt < $1.dueAt }.prefix(limit).map { (dueAt: $0.dueAt, entry: $0.make()) }
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
