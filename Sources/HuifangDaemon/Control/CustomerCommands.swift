import Foundation
import HuifangControl
import HuifangCore

/// customer.add, customer.show, customer.list (R-CUS-1).
enum CustomerCommands {
    static let all = [add, show, list, optOut, optIn, erase]

    static let erase = CommandHandler(API.CustomerErase.self) { (args: CustomerEraseArgs, context) throws(HuifangError) in
        guard args.confirm else { throw .invalid("confirm", "must be true: erasure cannot be undone") }
        guard args.id != 0 else { throw .invalid("id", "0 is the house account, not a customer") }
        let now = context.clock.now()
        let report = try storeCall(context, "erasing a customer") { try context.store.eraseCustomer(id: args.id, now: now) }
        guard let report else { throw HuifangError(.notFound, "no customer with id \(args.id)", field: "id") }
        let erasedAt = try storeCall(context, "reading a customer") { try context.store.customer(id: args.id)?.erasedAt } ?? now
        context.logger.notice("customer erased on request", metadata: [
            "huifang.customer_id": "\(args.id)", "huifang.messages_cancelled": "\(report.messagesCancelled)",
        ])
        return ErasureView(customer: args.id, erasedAt: ControlCoding.timestamp(erasedAt), report: report)
    }

    static let add = CommandHandler(API.CustomerAdd.self) { (args: CustomerAddArgs, context) throws(HuifangError) in
        let customer = try draft(args).validated(
            defaultTimeZone: context.config.snapshot.service.defaultTimeZone, now: context.clock.now())
        let stored = try storeCall(context, "adding a customer") { try context.store.addCustomer(customer) }
        context.logger.info("customer added", metadata: ["huifang.customer_id": "\(stored.id)"])
        context.greetingTrigger.signal()
        return CreatedID(id: stored.id)
    }

    /// The draft `customer.add` arguments describe (import rows use it too).
    static func draft(_ args: CustomerAddArgs) throws(HuifangError) -> CustomerDraft {
        var draft = CustomerDraft(name: args.name)
        draft.phone = args.phone
        draft.email = args.email
        draft.wechatId = args.wechatId
        draft.birthday = args.birthday
        draft.lunarBirthday = args.lunarBirthday ?? false
        draft.timeZone = args.tz
        draft.locale = args.locale
        draft.tags = args.tags ?? []
        draft.notes = args.notes ?? ""
        if let gender = args.gender {
            guard let parsed = Gender(rawValue: gender) else {
                throw .invalid("gender", "must be one of \(Gender.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            draft.gender = parsed
        }
        return draft
    }

    static let show = CommandHandler(API.CustomerShow.self) { (args: IDArgs, context) throws(HuifangError) in
        guard let customer = try storeCall(context, "reading a customer", { try context.store.customer(id: args.id) }) else {
            throw HuifangError(.notFound, "no customer with id \(args.id)", field: "id")
        }
        let account = try storeCall(context, "reading membership") { try context.store.loyaltyAccount(customerId: args.id) }
        var view = CustomerView(customer)
        view.membership = MembershipView(tier: account.tier, spend: Money.format(account.spendMinor), points: account.points)
        return view
    }

    static let list = CommandHandler(API.CustomerList.self) { (args: CustomerListArgs, context) throws(HuifangError) in
        let limit = args.limit ?? 100
        guard (1...1000).contains(limit) else { throw .invalid("limit", "must lie between 1 and 1000") }
        let customers = try storeCall(context, "listing customers") {
            try context.store.customers(afterId: args.afterId ?? 0, limit: limit)
        }
        return customers.map(CustomerView.init)
    }

    static let optOut = CommandHandler(API.CustomerOptOut.self) { (args: OptOutArgs, context) throws(HuifangError) in
        try setOptOut(args, true, context)
    }

    static let optIn = CommandHandler(API.CustomerOptIn.self) { (args: OptOutArgs, context) throws(HuifangError) in
        try setOptOut(args, false, context)
    }

    private static func setOptOut(_ args: OptOutArgs, _ optedOut: Bool, _ context: CommandContext) throws(HuifangError) -> CustomerView {
        guard context.config.snapshot.channel(named: args.channel) != nil else {
            throw .invalid("channel", "is not a configured channel")
        }
        let customer = try storeCall(context, "saving consent") { () throws -> Customer? in
            try context.store.setOptOut(customerId: args.id, channel: args.channel, optedOut: optedOut, now: context.clock.now())
            return try context.store.customer(id: args.id)
        }
        guard let customer else { throw HuifangError(.notFound, "no customer with id \(args.id)", field: "id") }
        context.logger.notice(optedOut ? "customer opted out of a channel" : "customer opted back in",
                              metadata: ["huifang.customer_id": "\(args.id)", "huifang.channel": "\(args.channel)"])
        return CustomerView(customer)
    }
}
