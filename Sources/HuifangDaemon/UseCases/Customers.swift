import Foundation
import HuifangControl
import HuifangCore

/// Customers (R-CUS-1, 4, 5, R-PPL-2): added under one set of rules (`customer.add` and the
/// CSV import alike), one record per phone or e-mail, corrected, found, consent per
/// channel, and erasure on request.
struct Customers {
    let context: CommandContext

    init(_ context: CommandContext) { self.context = context }

    /// A new customer as the rules accept one (names, phone, e-mail, birthday, zone, locale).
    func checked(_ draft: CustomerDraft) throws(HuifangError) -> Customer {
        let service = context.config.snapshot.service
        return try draft.validated(defaultTimeZone: service.defaultTimeZone, region: service.defaultRegion, now: context.clock.now())
    }

    /// Adds a checked customer; their greetings are planned at once. A phone or e-mail on
    /// file already is refused unless `allowDuplicate`.
    func add(_ customer: Customer, allowDuplicate: Bool = false) throws(HuifangError) -> Customer {
        if !allowDuplicate { try refuseDuplicate(of: customer) }
        let stored = try storeCall(context, "adding a customer") { try context.store.addCustomer(customer) }
        context.logger.info("customer added", metadata: ["huifang.customer_id": "\(stored.id)"])
        context.greetingTrigger.signal()
        return stored
    }

    /// R-PPL-2: corrects a customer's record. Each changed field goes into the audit row
    /// with its old and new value; a change to what greetings are made of (the day, the
    /// zone, the name, the language, the channel) withdraws the pending ones and plans
    /// them afresh. Messages read the phone and e-mail when they are sent.
    func edit(_ args: CustomerEditArgs) throws(HuifangError) -> Customer {
        guard let old = try storeCall(context, "reading a customer", { try context.store.customer(id: args.id) }),
              old.erasedAt == nil, old.id != 0 else {
            throw HuifangError(.notFound, "no customer with id \(args.id)", field: "id", chinese: "找不到编号为 \(args.id) 的客户。")
        }
        let branches = Branches(context)
        try branches.require(old, field: "id")
        func cleared(_ text: String?, _ current: String?) -> String? {
            guard let text else { return current }
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty ? nil : trimmed
        }
        var draft = CustomerDraft(name: args.name ?? old.name)
        draft.phone = cleared(args.phone, old.phone)
        draft.email = cleared(args.email, old.email)
        draft.wechatId = cleared(args.wechatId, old.wechatId)
        draft.birthday = cleared(args.birthday, old.birthday?.description)
        draft.lunarBirthday = draft.birthday == nil ? false : (args.lunarBirthday ?? old.lunarBirthday)
        if let lunar = args.lunarDate, !lunar.trimmingCharacters(in: .whitespaces).isEmpty {
            // A lunar date given replaces the birthday.
            draft.birthday = args.birthday
            draft.lunarBirthday = false
            draft.lunarDate = lunar
            draft.birthYear = args.birthYear
        } else if args.birthday == nil, args.lunarDate == nil, let kept = old.lunarDate {
            draft.lunarDate = LunarInput.code(kept)
        }
        draft.timeZone = args.tz ?? old.timeZone
        draft.locale = args.locale ?? old.locale.rawValue
        draft.gender = old.gender
        if let text = args.gender {
            guard let gender = Gender(rawValue: text) else {
                throw .invalid("gender", "must be one of \(Gender.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            draft.gender = gender
        }
        let untag = Set(args.untag ?? [])
        draft.tags = (old.tags + (args.tags ?? []).filter { !old.tags.contains($0) }).filter { !untag.contains($0) }
        draft.notes = args.notes ?? old.notes
        var updated = try checked(draft)
        updated.id = old.id
        updated.createdAt = old.createdAt
        updated.optedOut = old.optedOut
        updated.address = cleared(args.address, old.address)
        updated.occupation = cleared(args.occupation, old.occupation)
        updated.preferredChannel = cleared(args.preferredChannel, old.preferredChannel)
        if let channel = updated.preferredChannel, context.config.snapshot.channel(named: channel) == nil {
            throw .invalid("preferred_channel", "is not a configured channel")
        }
        updated.consultant = cleared(args.consultant, old.consultant)
        updated.branch = args.branch == nil ? old.branch : try branches.home(args.branch)

        let changes = Self.changes(from: old, to: updated)
        guard !changes.isEmpty else { return old }
        if args.allowDuplicate != true {
            try refuseDuplicate(of: updated, changedPhone: updated.phone != old.phone, changedEmail: updated.email != old.email)
        }
        let now = context.clock.now()
        let regreet = old.birthday != updated.birthday || old.lunarBirthday != updated.lunarBirthday || old.lunarDate != updated.lunarDate
            || old.timeZone != updated.timeZone
            || old.name != updated.name || old.gender != updated.gender || old.locale != updated.locale
            || old.preferredChannel != updated.preferredChannel
        try storeCall(context, "saving a customer") { () throws in
            try context.store.updateCustomer(updated, now: now)
            if regreet {
                _ = try context.store.withdrawGreetings(customerId: old.id, reason: "superseded by an edit of the customer's record",
                                                        now: now)
            }
        }
        context.auditNote.add(changes.joined(separator: "; "))
        if regreet { context.greetingTrigger.signal() }
        context.logger.info("customer edited", metadata: ["huifang.customer_id": "\(old.id)", "huifang.fields": "\(changes.count)"])
        return updated
    }

    /// R-PPL-2: one person, one record: everything of `drop` goes to `keep` in one unit of
    /// work (the router's), `drop`'s health record re-sealed for `keep`, and the audit row
    /// says what moved. Cannot be undone, so it takes `confirm`.
    func merge(keep: Int64, drop: Int64, confirm: Bool) throws(HuifangError) -> MergeReport {
        guard confirm else { throw .invalid("confirm", "a merge cannot be undone: look at both records, then add --confirm") }
        // Both records must be the caller's to see (a role limited to a branch: its own).
        _ = try visibleCustomer(keep, field: "keep", context)
        _ = try visibleCustomer(drop, field: "drop", context)
        let now = context.clock.now()
        let (kept, dropped) = try storeCall(context, "reading health records") {
            (try context.store.sealedHealth(customerId: keep), try context.store.sealedHealth(customerId: drop))
        }
        if let dropped {
            guard kept == nil else {
                throw HuifangError(.conflict, "both customers have a health record; set the kept one with customer health-set, then merge", field: "drop")
            }
            let resealed = try context.health.withKey { (key: HealthKey) throws(HuifangError) -> SealedHealth in
                try key.seal(try key.open(dropped), customerId: keep, at: now)
            }
            try storeCall(context, "moving a health record") { try context.store.saveSealedHealth(resealed) }
        }
        let report = try storeCall(context, "merging customers") { try context.store.mergeCustomers(keep: keep, drop: drop, now: now) }
        context.auditNote.add("customer \(drop) merged into \(keep): \(report.visits) visits, \(report.messages) messages, "
            + "\(report.tasks) tasks, \(report.complaints) complaints, \(report.appointments) appointments, \(report.contacts) contacts, "
            + "\(report.purchases) purchases" + (report.fieldsFilled.isEmpty ? "" : "; filled \(report.fieldsFilled.joined(separator: ", "))"))
        context.greetingTrigger.signal()
        context.wakeup.signal()
        context.logger.notice("customers merged", metadata: ["huifang.customer_id": "\(keep)", "huifang.merged": "\(drop)"])
        return report
    }

    /// R-PPL-2: customers by phone ending, name or e-mail.
    func find(_ text: String, limit: Int?) throws(HuifangError) -> [Customer] {
        let needle = text.trimmingCharacters(in: .whitespaces)
        guard !needle.isEmpty else { throw .invalid("text", "must not be empty", chinese: "请输入手机尾号、姓名或邮箱。") }
        let limit = limit ?? 20
        guard (1...500).contains(limit) else { throw .invalid("limit", "must lie between 1 and 500") }
        return Branches(context).visible(try storeCall(context, "finding customers") { try context.store.findCustomers(needle, limit: limit) })
    }

    /// `field: old → new` for each field that changed.
    static func changes(from old: Customer, to new: Customer) -> [String] {
        func text(_ value: (some CustomStringConvertible)?) -> String { value.map { "\($0)" } ?? "-" }
        var lines: [String] = []
        func compare(_ field: String, _ a: String, _ b: String) { if a != b { lines.append("\(field): \(a) → \(b)") } }
        compare("name", old.name, new.name)
        compare("phone", text(old.phone), text(new.phone))
        compare("email", text(old.email), text(new.email))
        compare("wechat_id", text(old.wechatId), text(new.wechatId))
        compare("birthday", text(old.birthday) + (old.lunarBirthday ? " (lunar)" : ""), text(new.birthday) + (new.lunarBirthday ? " (lunar)" : ""))
        compare("lunar_date", old.lunarDate.map(LunarInput.chinese) ?? "-", new.lunarDate.map(LunarInput.chinese) ?? "-")
        compare("tz", old.timeZone, new.timeZone)
        compare("locale", old.locale.rawValue, new.locale.rawValue)
        compare("gender", old.gender.rawValue, new.gender.rawValue)
        compare("tags", old.tags.joined(separator: ","), new.tags.joined(separator: ","))
        compare("notes", old.notes, new.notes)
        compare("address", text(old.address), text(new.address))
        compare("occupation", text(old.occupation), text(new.occupation))
        compare("preferred_channel", text(old.preferredChannel), text(new.preferredChannel))
        compare("consultant", text(old.consultant), text(new.consultant))
        compare("branch", text(old.branch), text(new.branch))
        return lines
    }

    /// `conflict: phone: already customer 12 王小梅`: one person, one record (R-PPL-2). To a
    /// role limited to a branch, a customer of another branch is named with that branch, and
    /// how they come over.
    private func refuseDuplicate(of customer: Customer, changedPhone: Bool = true, changedEmail: Bool = true) throws(HuifangError) {
        func refuse(_ other: Int64, field: String) throws(HuifangError) -> Never {
            let existing = try storeCall(context, "reading a customer") { try context.store.customer(id: other) }
            let name = existing.map { " \($0.name)" } ?? ""
            let what = field == "phone" ? "手机号" : "邮箱"
            if let mine = context.branch, let existing, existing.branch != mine {
                let branches = Branches(context)
                throw HuifangError(.conflict, "already customer \(other)\(name) of \(branches.name(existing.branch)); a manager of the whole "
                                   + "chain can move them to \(branches.name(mine)) (customer edit \(other) --branch \(mine))", field: field,
                                   chinese: "这个\(what)已是\(branches.chineseName(existing.branch))的客户 \(other)\(name)；"
                                   + "请总部经理把客户转到\(branches.chineseName(mine))，不要重复建档。")
            }
            throw HuifangError(.conflict, "already customer \(other)\(name); to keep both, allow a duplicate (--allow-duplicate)",
                               field: field, chinese: "这个\(what)已是客户 \(other)\(name) 的；同一个人请勿重复建档。")
        }
        if changedPhone, let phone = customer.phone,
           let other = try storeCall(context, "looking up a phone", { try context.store.customerIds(phones: [phone])[phone] }),
           other != customer.id {
            try refuse(other, field: "phone")
        }
        if changedEmail, let email = customer.email,
           let other = try storeCall(context, "looking up an e-mail", { try context.store.customerIds(emails: [email])[email] }),
           other != customer.id {
            try refuse(other, field: "email")
        }
    }

    /// R-CUS-4: opts the customer out of a configured channel, or back in; effective at once,
    /// queued messages included.
    func setConsent(_ id: Int64, channel: String, optedOut: Bool) throws(HuifangError) -> Customer {
        guard context.config.snapshot.channel(named: channel) != nil else {
            throw .invalid("channel", "is not a configured channel")
        }
        _ = try visibleCustomer(id, field: "id", context)
        let now = context.clock.now()
        let policy = context.config.snapshot.consentPolicy
        let customer = try storeCall(context, "saving consent") { () throws -> Customer? in
            try context.store.setOptOut(customerId: id, channel: channel, optedOut: optedOut, now: now)
            guard optedOut, let customer = try context.store.customer(id: id) else { return try context.store.customer(id: id) }
            // What is queued on the channel and now has nowhere to go is skipped at once;
            // what consent reroutes goes on the other channel at its own time.
            let refused = try context.store.queued(customerId: id, branch: nil, from: nil, through: .distantFuture, limit: 10_000).compactMap { message -> (String, String)? in
                guard message.channel == channel, case .skip(let reason) = Consent.decide(message, customer: customer, policy: policy) else { return nil }
                return (message.id, reason)
            }
            try context.store.skipQueued(refused, now: now)
            return customer
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
        _ = try visibleCustomer(id, field: "id", context)
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
