import Foundation
import HuifangControl
import HuifangCore

/// customer.add, .show, .list, .opt-out, .opt-in, .erase (R-CUS-1, 4, 5): the socket's side of `Customers`.
enum CustomerCommands {
    static let all = [add, edit, find, merge, show, list, optOut, optIn, erase]

    static let erase = CommandHandler(API.CustomerErase.self) { (args: CustomerEraseArgs, context) throws(HuifangError) in
        guard args.confirm else { throw .invalid("confirm", "must be true: erasure cannot be undone") }
        let (report, erasedAt) = try Customers(context).erase(args.id)
        return ErasureView(customer: args.id, erasedAt: ControlCoding.timestamp(erasedAt), report: report)
    }

    static let add = CommandHandler(API.CustomerAdd.self) { (args: CustomerAddArgs, context) throws(HuifangError) in
        let customers = Customers(context)
        let branch = try Branches(context).home(args.branch)
        var draft = try draft(args)
        // A branch customer lives in the branch's zone unless told otherwise.
        if draft.timeZone == nil, let zone = branch.flatMap({ context.config.snapshot.branch($0)?.timeZone }) { draft.timeZone = zone }
        var customer = try customers.checked(draft)
        customer.branch = branch
        return CreatedID(id: try customers.add(customer, allowDuplicate: args.allowDuplicate ?? false).id)
    }

    static let edit = CommandHandler(API.CustomerEdit.self) { (args: CustomerEditArgs, context) throws(HuifangError) in
        CustomerView(try Customers(context).edit(args))
    }

    static let merge = CommandHandler(API.CustomerMerge.self) { (args: CustomerMergeArgs, context) throws(HuifangError) in
        try Customers(context).merge(keep: args.keep, drop: args.drop, confirm: args.confirm ?? false)
    }

    static let find = CommandHandler(API.CustomerFind.self) { (args: CustomerFindArgs, context) throws(HuifangError) in
        try Customers(context).find(args.text, limit: args.limit).map(CustomerView.init)
    }

    /// The draft `customer.add` arguments describe (import rows use it too).
    static func draft(_ args: CustomerAddArgs) throws(HuifangError) -> CustomerDraft {
        var draft = CustomerDraft(name: args.name)
        draft.phone = args.phone
        draft.email = args.email
        draft.wechatId = args.wechatId
        draft.birthday = args.birthday
        draft.lunarBirthday = args.lunarBirthday ?? false
        draft.lunarDate = args.lunarDate
        draft.birthYear = args.birthYear
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
            throw HuifangError(.notFound, "no customer with id \(args.id)", field: "id", chinese: "找不到编号为 \(args.id) 的客户。")
        }
        try Branches(context).require(customer, field: "id")
        let now = context.clock.now()
        let (account, story) = try storeCall(context, "reading membership") {
            (try context.store.loyaltyAccount(customerId: args.id),
             try context.store.story(customerId: args.id, now: now, through: now.addingTimeInterval(14 * 86_400)))
        }
        var view = CustomerView(customer)
        view.membership = MembershipView(tier: account.tier, spend: Money.format(account.spendMinor), points: account.points)
        view.nextBirthday = nextBirthday(customer, context: context, now: now)?.description
        view.story = CustomerStoryView(
            visits: story.visits.map { .init(at: ControlCoding.timestamp($0.endedAt), service: $0.service, staff: $0.staff) },
            appointments: story.appointments.map(AppointmentCommands.view),
            complaints: story.complaints.map { .init(id: $0.id, status: $0.status.rawValue, severity: $0.severity.rawValue, content: $0.content) },
            tasks: story.tasks.map { FollowUpCommands.view($0, now: now) },
            upcoming: story.upcoming.map { MessageView($0, attempts: nil) })
        return view
    }

    /// The day of the customer's next birthday greeting, in their zone (today's counts).
    static func nextBirthday(_ customer: Customer, context: CommandContext, now: Date) -> LocalDate? {
        guard let rule = context.config.snapshot.greetingSettings().birthday else { return nil }
        let zone = TimeZone(identifier: customer.timeZone) ?? context.zone
        let c = ContactWindows.calendar(zone).dateComponents([.year, .month, .day], from: now)
        guard let today = LocalDate(year: c.year!, month: c.month!, day: c.day!) else { return nil }
        return (c.year! - 1...c.year! + 1).compactMap { rule.occasion(for: customer, year: $0)?.date }.filter { $0 >= today }.min()
    }

    static let list = CommandHandler(API.CustomerList.self) { (args: CustomerListArgs, context) throws(HuifangError) in
        let limit = args.limit ?? 100
        guard (1...1000).contains(limit) else { throw .invalid("limit", "must lie between 1 and 1000") }
        let customers = try storeCall(context, "listing customers") {
            try context.store.customers(afterId: args.afterId ?? 0, limit: limit)
        }
        return Branches(context).visible(customers).map(CustomerView.init)
    }

    static let optOut = CommandHandler(API.CustomerOptOut.self) { (args: OptOutArgs, context) throws(HuifangError) in
        CustomerView(try Customers(context).setConsent(args.id, channel: args.channel, optedOut: true))
    }

    static let optIn = CommandHandler(API.CustomerOptIn.self) { (args: OptOutArgs, context) throws(HuifangError) in
        CustomerView(try Customers(context).setConsent(args.id, channel: args.channel, optedOut: false))
    }
}
