import Foundation
import HuifangControl
import HuifangCore

/// complaint.open, .respond, .resolve, .satisfaction, .close, .show, .list (R-CMP-1…5).
enum ComplaintCommands {
    static let all = [open, respond, resolve, satisfaction, close, show, list]

    static let open = CommandHandler(API.ComplaintOpen.self) { (args: ComplaintOpenArgs, context) throws(HuifangError) in
        guard Complaint.channels.contains(args.channel) else {
            throw .invalid("channel", "must be one of \(Complaint.channels.joined(separator: ", "))")
        }
        let content = args.content.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !content.isEmpty else { throw .invalid("content", "must not be empty") }
        guard let severity = Complaint.Severity(rawValue: args.severity ?? "normal") else {
            throw .invalid("severity", "must be one of \(Complaint.Severity.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let now = context.clock.now()
        let settings = context.config.snapshot
        let customer = try customer(args.customer, context)
        let complaint = Complaint(id: 0, customerId: customer.id, receivedAt: now, channel: args.channel, content: content,
                                  severity: severity, expectation: args.expects ?? "", owner: StaffRole.customerService.rawValue,
                                  cause: args.cause, service: args.service, staff: args.staff)
        let deadlines = settings.complaintDeadlines[severity]!
        let stored = try storeCall(context, "recording a complaint") {
            try context.store.unitOfWork { () throws -> Complaint in
                let c = try context.store.addComplaint(complaint, now: now)
                let task = PlannedTask(kind: MessageKind.complaintReceived, customerId: c.customerId, visitId: nil, step: "complaint/respond",
                                       assignee: c.owner, dueAt: now, overdueAt: ComplaintRules.deadlines(c, deadlines).response ?? now,
                                       text: "新投诉 #\(c.id)（\(severity.rawValue)）：\(customer.name)：\(content)", urgent: severity >= .high,
                                       dedupeKey: "cmp:\(c.id):respond")
                let ack = notice(customer, c, "received", settings, now)
                try context.store.apply(PlannedWork(tasks: StaffNotices.announced([task], customer: customer, settings: settings),
                                                    messages: ack.map { [$0] } ?? []), now: now)
                return c
            }
        }
        context.wakeup.signal()
        return view(stored, settings)
    }

    static let respond = CommandHandler(API.ComplaintRespond.self) { (args: ComplaintNoteArgs, context) throws(HuifangError) in
        try change(args.id, context) { c, customer, settings, now in
            guard c.isOpen else { throw HuifangError(.conflict, "a \(c.status.rawValue) complaint takes no response", field: "id") }
            var updated = c
            updated.status = .investigating
            if updated.respondedAt == nil { updated.respondedAt = now }
            let message = notice(customer, updated, "update:\(now.unixMillis)", settings, now, note: args.note)
            return (updated, PlannedWork(cancelPrefixes: ["cmp:\(c.id):respond"], reason: "cancelled: responded",
                                         messages: message.map { [$0] } ?? []))
        }
    }

    static let resolve = CommandHandler(API.ComplaintResolve.self) { (args: ComplaintNoteArgs, context) throws(HuifangError) in
        guard let resolution = args.note, !resolution.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw .invalid("note", "says how it was resolved")
        }
        return try change(args.id, context) { c, customer, settings, now in
            guard c.isOpen else { throw HuifangError(.conflict, "a \(c.status.rawValue) complaint cannot be resolved", field: "id") }
            var updated = c
            updated.status = .resolved
            updated.resolvedAt = now
            updated.resolution = resolution
            if updated.respondedAt == nil { updated.respondedAt = now }
            var messages: [Message] = []
            if let m = notice(customer, updated, "resolved:\(now.unixMillis)", settings, now, note: resolution) { messages.append(m) }
            if let m = notice(customer, updated, "satisfaction:\(now.unixMillis)", settings, now,
                              due: now.addingTimeInterval(ComplaintRules.satisfactionDelay)) { messages.append(m) }
            return (updated, PlannedWork(cancelPrefixes: ["cmp:\(c.id):respond"], reason: "cancelled: resolved", messages: messages))
        }
    }

    static let satisfaction = CommandHandler(API.ComplaintSatisfaction.self) { (args: ComplaintSatisfactionArgs, context) throws(HuifangError) in
        try change(args.id, context) { c, customer, _, now in
            guard c.status == .resolved else {
                throw HuifangError(.conflict, "only a resolved complaint has a satisfaction answer; this one is \(c.status.rawValue)", field: "id")
            }
            var updated = c
            if args.satisfied {
                updated.status = .closed
            } else {
                updated.status = .investigating
                updated.reopenedAt = now
                updated.resolvedAt = nil
                updated.respondedAt = now
                let task = PlannedTask(kind: MessageKind.complaintReopened, customerId: c.customerId, visitId: nil, step: "complaint/reopened",
                                       assignee: updated.owner, dueAt: now, overdueAt: now.addingTimeInterval(86_400),
                                       text: "投诉 #\(c.id) 客户不满意，已重新打开：\(customer.name)", urgent: true,
                                       dedupeKey: "cmp:\(c.id):reopened:\(now.unixMillis)")
                return (updated, PlannedWork(cancelPrefixes: ["cmp:\(c.id):satisfaction"], reason: "cancelled: answered", tasks: [task]))
            }
            return (updated, PlannedWork(cancelPrefixes: ["cmp:\(c.id):satisfaction"], reason: "cancelled: answered"))
        }
    }

    static let close = CommandHandler(API.ComplaintClose.self) { (args: ComplaintNoteArgs, context) throws(HuifangError) in
        try change(args.id, context) { c, _, _, _ in
            guard c.status == .resolved else { throw HuifangError(.conflict, "only a resolved complaint can be closed", field: "id") }
            var updated = c
            updated.status = .closed
            return (updated, PlannedWork())
        }
    }

    static let show = CommandHandler(API.ComplaintShow.self) { (args: IDArgs, context) throws(HuifangError) in
        guard let c = try storeCall(context, "reading a complaint", { try context.store.complaint(id: args.id) }) else {
            throw HuifangError(.notFound, "no complaint with id \(args.id)", field: "id")
        }
        return view(c, context.config.snapshot)
    }

    static let list = CommandHandler(API.ComplaintList.self) { (args: ComplaintListArgs, context) throws(HuifangError) in
        let complaints = try storeCall(context, "listing complaints") { try context.store.complaints(openOnly: args.open ?? false, limit: 500) }
        let settings = context.config.snapshot
        return complaints.map { view($0, settings) }
    }

    // MARK: - Helpers

    /// R-CMP-4: what the customer hears, in their language.
    static func notice(_ customer: Customer, _ c: Complaint, _ event: String, _ settings: HuifangConfig, _ now: Date,
                       note: String? = nil, due: Date? = nil) -> Message? {
        let kind = event.hasPrefix("satisfaction") ? MessageKind.complaintSatisfaction : (event.hasPrefix("resolved") ? MessageKind.complaintResolved : MessageKind.complaintUpdate)
        let template: CustomerNotice = switch kind {
        case MessageKind.complaintSatisfaction: .complaintSatisfaction
        case MessageKind.complaintResolved: .complaintResolved
        default: event == "received" ? .complaintReceived : .complaintUpdate
        }
        let text = settings.notices.render(template, for: customer, clinic: settings.service.name,
                                           ["detail": CustomerNotice.detail(note, locale: customer.locale)])
        return StaffNotices.toCustomer(customer, kind: kind, text: text, key: "cmp:\(c.id):\(event)", due: due ?? now,
                                       settings: settings, now: now)
    }

    private static func customer(_ id: Int64, _ context: CommandContext) throws(HuifangError) -> Customer {
        try liveCustomer(id, field: "customer", context)
    }

    private static func change(_ id: Int64, _ context: CommandContext,
                               _ body: @escaping (Complaint, Customer, HuifangConfig, Date) throws -> (Complaint, PlannedWork))
        throws(HuifangError) -> ComplaintView
    {
        let now = context.clock.now()
        let settings = context.config.snapshot
        guard let current = try storeCall(context, "reading a complaint", { try context.store.complaint(id: id) }) else {
            throw HuifangError(.notFound, "no complaint with id \(id)", field: "id")
        }
        let customer = try customer(current.customerId, context)
        let updated = try storeCall(context, "changing a complaint") {
            try context.store.unitOfWork { () throws -> Complaint in
                // Read again inside the unit: what the change is decided on is what it writes over.
                guard let latest = try context.store.complaint(id: id) else {
                    throw HuifangError(.notFound, "no complaint with id \(id)", field: "id")
                }
                let (changed, work) = try body(latest, customer, settings, now)
                try context.store.updateComplaint(changed, now: now)
                try context.store.apply(StaffNotices.announced(work, customer: customer, settings: settings), now: now)
                return changed
            }
        }
        context.wakeup.signal()
        return view(updated, settings)
    }

    static func view(_ c: Complaint, _ settings: HuifangConfig) -> ComplaintView {
        let deadlines = ComplaintRules.deadlines(c, settings.complaintDeadlines[c.severity] ?? ComplaintDeadlines.defaults[.normal]!)
        return ComplaintView(id: c.id, customer: c.customerId, receivedAt: ControlCoding.timestamp(c.receivedAt), channel: c.channel,
                             content: c.content, severity: c.severity.rawValue, expects: c.expectation, owner: c.owner,
                             status: c.status.rawValue, level: c.level, responseDue: deadlines.response.map(ControlCoding.timestamp),
                             resolutionDue: ControlCoding.timestamp(deadlines.resolution), resolution: c.resolution)
    }
}
