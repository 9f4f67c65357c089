import Foundation
import HuifangCore

/// Complaints (R-CMP-1…5): recorded with a task for their owner and a word to the customer,
/// then responded to, resolved, answered for satisfaction and closed, each step as one unit
/// of work with the notices and tasks it brings.
struct Complaints {
    let context: CommandContext

    init(_ context: CommandContext) { self.context = context }

    /// Records a complaint; customer service owns it, and the customer is told it arrived.
    func open(customer: Customer, channel: String, content: String, severity: String?, expects: String?,
              cause: String?, service: String?, staff: String?) throws(HuifangError) -> Complaint {
        guard Complaint.channels.contains(channel) else {
            throw .invalid("channel", "must be one of \(Complaint.channels.joined(separator: ", "))")
        }
        let content = content.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !content.isEmpty else { throw .invalid("content", "must not be empty") }
        guard let severity = Complaint.Severity(rawValue: severity ?? "normal") else {
            throw .invalid("severity", "must be one of \(Complaint.Severity.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let now = context.clock.now()
        let settings = context.config.snapshot
        let complaint = Complaint(id: 0, customerId: customer.id, receivedAt: now, channel: channel, content: content,
                                  severity: severity, expectation: expects ?? "", owner: StaffRole.customerService.rawValue,
                                  cause: cause, service: service, staff: staff)
        let deadlines = settings.complaintDeadlines[severity]!
        let stored = try storeCall(context, "recording a complaint") {
            try context.store.unitOfWork { () throws -> Complaint in
                let c = try context.store.addComplaint(complaint, now: now)
                let task = PlannedTask(kind: MessageKind.complaintReceived, customerId: c.customerId, visitId: nil, step: "complaint/respond",
                                       assignee: c.owner, dueAt: now, overdueAt: ComplaintRules.deadlines(c, deadlines).response ?? now,
                                       text: "新投诉 #\(c.id)（\(severity.chineseName)）：\(customer.name)：\(content)", urgent: severity >= .high,
                                       dedupeKey: "cmp:\(c.id):respond")
                var work = Self.tell(customer, c, "received", settings, now)
                work.tasks.insert(task, at: 0)
                try context.store.apply(StaffNotices.announced(work, customer: customer, settings: settings, store: context.store), now: now)
                return c
            }
        }
        context.wakeup.signal()
        return stored
    }

    /// First response: investigating; the customer hears of it.
    func respond(_ id: Int64, note: String?) throws(HuifangError) -> Complaint {
        try change(id) { c, customer, settings, now in
            guard c.isOpen else { throw Self.refused(c, "a \(c.status.rawValue) complaint takes no response", "不能再回应") }
            var updated = c
            updated.status = .investigating
            if updated.respondedAt == nil { updated.respondedAt = now }
            var work = Self.tell(customer, updated, "update:\(now.unixMillis)", settings, now, note: note)
            work.cancelPrefixes = ["cmp:\(c.id):respond"]
            work.reason = "cancelled: responded"
            return (updated, work)
        }
    }

    /// Resolved: the resolution goes to the customer; a satisfaction follow-up later (R-CMP-5).
    func resolve(_ id: Int64, note: String?) throws(HuifangError) -> Complaint {
        guard let resolution = note, !resolution.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw .invalid("note", "says how it was resolved", chinese: "请在说明里写明是如何解决的。")
        }
        return try change(id) { c, customer, settings, now in
            guard c.isOpen else { throw Self.refused(c, "a \(c.status.rawValue) complaint cannot be resolved", "不能再标为已解决") }
            var updated = c
            updated.status = .resolved
            updated.resolvedAt = now
            updated.resolution = resolution
            if updated.respondedAt == nil { updated.respondedAt = now }
            let resolved = Self.tell(customer, updated, "resolved:\(now.unixMillis)", settings, now, note: resolution)
            let satisfaction = Self.tell(customer, updated, "satisfaction:\(now.unixMillis)", settings, now,
                                         due: now.addingTimeInterval(ComplaintRules.satisfactionDelay))
            return (updated, PlannedWork(cancelPrefixes: ["cmp:\(c.id):respond"], reason: "cancelled: resolved",
                                         tasks: resolved.tasks + satisfaction.tasks, messages: resolved.messages + satisfaction.messages))
        }
    }

    /// R-CMP-5: satisfied closes it; not satisfied re-opens it, deadlines counted afresh.
    func answer(_ id: Int64, satisfied: Bool) throws(HuifangError) -> Complaint {
        try change(id) { c, customer, _, now in
            guard c.status == .resolved else {
                throw Self.refused(c, "only a resolved complaint has a satisfaction answer; this one is \(c.status.rawValue)",
                                   "只有已解决的投诉才记录客户是否满意")
            }
            var updated = c
            if satisfied {
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

    /// Closes a resolved complaint.
    func close(_ id: Int64) throws(HuifangError) -> Complaint {
        try change(id) { c, _, _, _ in
            guard c.status == .resolved else { throw Self.refused(c, "only a resolved complaint can be closed", "只有已解决的投诉才能结案") }
            var updated = c
            updated.status = .closed
            return (updated, PlannedWork())
        }
    }

    /// R-CMP-4: what the customer hears, in their language.
    /// R-CMP-4, R-CUS-4: what the customer hears, on a channel they allow; when none is
    /// left, customer service is asked to call them and tell them the same.
    static func tell(_ customer: Customer, _ c: Complaint, _ event: String, _ settings: HuifangConfig, _ now: Date,
                     note: String? = nil, due: Date? = nil) -> PlannedWork {
        let message = notice(customer, c, event, settings, now, note: note, due: due)
        if let message { return PlannedWork(messages: [message]) }
        let at = due ?? now
        let text = noticeText(customer, event, settings, note: note)
        let reach = customer.phone.map { "（\($0)）" } ?? ""
        let task = PlannedTask(kind: MessageKind.complaintCall, customerId: customer.id, visitId: nil,
                               step: "complaint/call", assignee: StaffRole.customerService.rawValue, dueAt: at,
                               overdueAt: at.addingTimeInterval(86_400),
                               text: "请致电\(customer.name)\(reach)告知投诉 #\(c.id) 的进展（客户已退订所有消息渠道）：\(text)",
                               dedupeKey: "cmp:\(c.id):\(event):call")
        return PlannedWork(tasks: [task])
    }

    /// The complaint notice for `event`, on the customer's first allowed channel; nil when none is left.
    private static func notice(_ customer: Customer, _ c: Complaint, _ event: String, _ settings: HuifangConfig, _ now: Date,
                               note: String? = nil, due: Date? = nil) -> Message? {
        StaffNotices.toCustomer(customer, kind: kind(of: event), text: noticeText(customer, event, settings, note: note),
                                key: "cmp:\(c.id):\(event)", due: due ?? now, settings: settings, now: now)
    }

    private static func kind(of event: String) -> String {
        if event.hasPrefix("satisfaction") { return MessageKind.complaintSatisfaction }
        if event.hasPrefix("resolved") { return MessageKind.complaintResolved }
        return MessageKind.complaintUpdate
    }

    private static func noticeText(_ customer: Customer, _ event: String, _ settings: HuifangConfig, note: String?) -> String {
        let template: CustomerNotice = switch kind(of: event) {
        case MessageKind.complaintSatisfaction: .complaintSatisfaction
        case MessageKind.complaintResolved: .complaintResolved
        default: event == "received" ? .complaintReceived : .complaintUpdate
        }
        return settings.notices.render(template, for: customer, clinic: settings.clinicName(for: customer),
                                       ["detail": CustomerNotice.detail(note, locale: customer.locale)])
    }

    /// Withdraws the queued notices of earlier statuses, and the calls to tell them.
    static func superseded(_ c: Complaint) -> PlannedWork {
        PlannedWork(cancelPrefixes: ["received", "update", "resolved", "satisfaction"].map { "cmp:\(c.id):\($0)" },
                    reason: "superseded by complaint #\(c.id) now \(c.status.rawValue)")
    }

    /// A change the complaint's status does not allow.
    private static func refused(_ c: Complaint, _ english: String, _ chinese: String) -> HuifangError {
        HuifangError(.conflict, english, field: "id", chinese: "投诉 #\(c.id) 现在是「\(c.status.chineseName)」，\(chinese)。")
    }

    private static func notFound(_ id: Int64) -> HuifangError {
        HuifangError(.notFound, "no complaint with id \(id)", field: "id", chinese: "找不到编号为 \(id) 的投诉。")
    }

    /// Reads the complaint inside the unit of work, decides the change on it, and writes the
    /// change with the work it brings.
    private func change(_ id: Int64, _ body: (Complaint, Customer, HuifangConfig, Date) throws -> (Complaint, PlannedWork))
        throws(HuifangError) -> Complaint
    {
        let now = context.clock.now()
        let settings = context.config.snapshot
        guard let current = try storeCall(context, "reading a complaint", { try context.store.complaint(id: id) }) else {
            throw Self.notFound(id)
        }
        let customer = try liveCustomer(current.customerId, field: "customer", context)
        let updated = try storeCall(context, "changing a complaint") {
            try context.store.unitOfWork { () throws -> Complaint in
                // Read again inside the unit: what the change is decided on is what it writes over.
                guard let latest = try context.store.complaint(id: id) else {
                    throw Self.notFound(id)
                }
                let (changed, work) = try body(latest, customer, settings, now)
                try context.store.updateComplaint(changed, now: now)
                // R-CMP-4, R-DLV-7: only the latest status reaches the customer; what is still
                // queued about an earlier one (or the call to tell it) is no longer true.
                try context.store.apply(Self.superseded(changed), now: now)
                try context.store.apply(StaffNotices.announced(work, customer: customer, settings: settings, store: context.store), now: now)
                return changed
            }
        }
        context.wakeup.signal()
        return updated
    }
}
