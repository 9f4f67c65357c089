import Foundation
import HuifangCore

/// Customers (R-CUS-1, 4, 5): added under one set of rules (`customer.add` and the CSV
/// import alike), consent per channel, and erasure on request.
struct Customers {
    let context: CommandContext

    init(_ context: CommandContext) { self.context = context }

    /// A new customer as the rules accept one (names, phone, e-mail, birthday, zone, locale).
    func checked(_ draft: CustomerDraft) throws(HuifangError) -> Customer {
        try draft.validated(defaultTimeZone: context.config.snapshot.service.defaultTimeZone, now: context.clock.now())
    }

    /// Adds a checked customer; their greetings are planned at once.
    func add(_ customer: Customer) throws(HuifangError) -> Customer {
        let stored = try storeCall(context, "adding a customer") { try context.store.addCustomer(customer) }
        context.logger.info("customer added", metadata: ["huifang.customer_id": "\(stored.id)"])
        context.greetingTrigger.signal()
        return stored
    }

    /// R-CUS-4: opts the customer out of a configured channel, or back in; effective at once,
    /// queued messages included.
    func setConsent(_ id: Int64, channel: String, optedOut: Bool) throws(HuifangError) -> Customer {
        guard context.config.snapshot.channel(named: channel) != nil else {
            throw .invalid("channel", "is not a configured channel")
        }
        let customer = try storeCall(context, "saving consent") { () throws -> Customer? in
            try context.store.setOptOut(customerId: id, channel: channel, optedOut: optedOut, now: context.clock.now())
            return try context.store.customer(id: id)
        }
        guard let customer else { throw HuifangError(.notFound, "no customer with id \(id)", field: "id") }
        context.logger.notice(optedOut ? "customer opted out of a channel" : "customer opted back in",
                              metadata: ["huifang.customer_id": "\(id)", "huifang.channel": "\(channel)"])
        return customer
    }

    /// R-CUS-5: removes the customer's personal data for good, cancels what is still to
    /// come, keeps the figures. Answers what was done and when.
    func erase(_ id: Int64) throws(HuifangError) -> (report: ErasureReport, erasedAt: Date) {
        guard id != 0 else { throw .invalid("id", "0 is the house account, not a customer") }
        let now = context.clock.now()
        let report = try storeCall(context, "erasing a customer") { try context.store.eraseCustomer(id: id, now: now) }
        guard let report else { throw HuifangError(.notFound, "no customer with id \(id)", field: "id") }
        let erasedAt = try storeCall(context, "reading a customer") { try context.store.customer(id: id)?.erasedAt } ?? now
        context.logger.notice("customer erased on request", metadata: [
            "huifang.customer_id": "\(id)", "huifang.messages_cancelled": "\(report.messagesCancelled)",
        ])
        return (report, erasedAt)
    }
}
