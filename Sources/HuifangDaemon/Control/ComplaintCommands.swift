import Foundation
import HuifangControl
import HuifangCore

/// complaint.open, .respond, .resolve, .satisfaction, .close, .show, .list (R-CMP-1…5): the
/// socket's side of `Complaints`.
enum ComplaintCommands {
    static let all = [open, respond, resolve, satisfaction, close, show, list]

    static let open = CommandHandler(API.ComplaintOpen.self) { (args: ComplaintOpenArgs, context) throws(HuifangError) in
        let customer = try liveCustomer(args.customer, field: "customer", context)
        let complaint = try Complaints(context).open(customer: customer, channel: args.channel, content: args.content,
                                                     severity: args.severity, expects: args.expects, cause: args.cause,
                                                     service: args.service, staff: args.staff)
        return view(complaint, context.config.snapshot)
    }

    static let respond = CommandHandler(API.ComplaintRespond.self) { (args: ComplaintNoteArgs, context) throws(HuifangError) in
        view(try Complaints(context).respond(args.id, note: args.note), context.config.snapshot)
    }

    static let resolve = CommandHandler(API.ComplaintResolve.self) { (args: ComplaintNoteArgs, context) throws(HuifangError) in
        view(try Complaints(context).resolve(args.id, note: args.note), context.config.snapshot)
    }

    static let satisfaction = CommandHandler(API.ComplaintSatisfaction.self) { (args: ComplaintSatisfactionArgs, context) throws(HuifangError) in
        view(try Complaints(context).answer(args.id, satisfied: args.satisfied), context.config.snapshot)
    }

    static let close = CommandHandler(API.ComplaintClose.self) { (args: ComplaintNoteArgs, context) throws(HuifangError) in
        view(try Complaints(context).close(args.id), context.config.snapshot)
    }

    static let show = CommandHandler(API.ComplaintShow.self) { (args: IDArgs, context) throws(HuifangError) in
        guard let c = try storeCall(context, "reading a complaint", { try context.store.complaint(id: args.id) }) else {
            throw HuifangError(.notFound, "no complaint with id \(args.id)", field: "id", chinese: "找不到编号为 \(args.id) 的投诉。")
        }
        let customer = try visibleCustomer(c.customerId, field: "id", context)
        return view(c, context.config.snapshot, name: customer.name)
    }

    static let list = CommandHandler(API.ComplaintList.self) { (args: ComplaintListArgs, context) throws(HuifangError) in
        let complaints = try Branches(context).visible(
            try storeCall(context, "listing complaints") { try context.store.complaints(openOnly: args.open ?? false, limit: 500) },
            customer: \.customerId)
        let settings = context.config.snapshot
        let customers = try storeCall(context, "reading customers") { try context.store.customers(ids: complaints.map(\.customerId)) }
        return complaints.map { view($0, settings, name: customers[$0.customerId]?.name) }
    }

    static func view(_ c: Complaint, _ settings: HuifangConfig, name: String? = nil) -> ComplaintView {
        let deadlines = ComplaintRules.deadlines(c, settings.complaintDeadlines[c.severity] ?? ComplaintDeadlines.defaults[.normal]!)
        return ComplaintView(id: c.id, customer: c.customerId, receivedAt: ControlCoding.timestamp(c.receivedAt), channel: c.channel,
                             content: c.content, severity: c.severity.rawValue, expects: c.expectation, owner: c.owner,
                             status: c.status.rawValue, level: c.level, responseDue: deadlines.response.map(ControlCoding.timestamp),
                             resolutionDue: ControlCoding.timestamp(deadlines.resolution), resolution: c.resolution, customerName: name)
    }
}
