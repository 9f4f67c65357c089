import Foundation
import HuifangControl
import HuifangCore

/// What gateways send back (R-IN-1…3), each request one unit of work with its audit row:
/// receipts update their messages (a non-delivery falls back, R-DLV-4), customers' replies
/// become contact records and mean what `ReplyRules` says, staff outcomes run the task
/// commands as the member of staff.
struct Inbound {
    let context: CommandContext
    let router: RequestRouter
    let source: InboundSource

    /// What one request did, for the log and the answer.
    struct Result: Sendable {
        var lines: [String] = []
        /// A staff outcome the command table refused (not found, not allowed).
        var refused: HuifangError?
    }

    /// Applies the items of one request. `requestId` (a Standard Webhooks `webhook-id`) is
    /// remembered in the same unit: a replay is refused with `.conflict`.
    func apply(_ items: [InboundItem], requestId: String?) throws(HuifangError) -> Result {
        let now = context.clock.now()
        let nudges = PendingNudges()
        var context = context
        context.pendingNudges = nudges
        defer { nudges.send() }
        let store = context.store
        // A staff outcome runs the task command in its own unit of work, after this one.
        let outcomes = items.compactMap { item -> InboundItem.Outcome? in if case .outcome(let o) = item { o } else { nil } }
        var result = Result()
        do {
            try store.unitOfWork { () throws in
                if let requestId, !(try store.rememberInbound(source: source.name, id: requestId, now: now,
                                                               keepSince: now.addingTimeInterval(-86_400))) {
                    throw HuifangError(.conflict, "webhook-id \(requestId.prefix(64)) was received before: a replay is refused", field: "webhook-id")
                }
                for item in items {
                    switch item {
                    case .receipt(let receipt): result.lines.append(try self.receipt(receipt, context, now: now))
                    case .reply(let reply): result.lines.append(try self.reply(reply, context, now: now))
                    case .outcome: break
                    }
                }
                guard !result.lines.isEmpty else { return }
                let kinds = Set(items.map(\.kind)).sorted().joined(separator: ",")
                try store.audit(AuditEntry(at: now, uid: nil, role: "gateway", command: "inbound.\(kinds)",
                                           customerId: nil, outcome: .ok, detail: result.lines.joined(separator: "; "),
                                           actor: "inbound:\(source.name)"))
            }
        } catch let error as HuifangError {
            throw error
        } catch {
            context.logger.error("an inbound request from \(source.name) could not be saved: \(error)")
            throw HuifangError(.unavailable, "the store could not save it; nothing was changed; send it again later")
        }
        for outcome in outcomes {
            let (line, refused) = self.outcome(outcome)
            result.lines.append(line)
            result.refused = result.refused ?? refused
        }
        return result
    }

    // MARK: - receipts (R-IN-1)

    private func receipt(_ receipt: InboundItem.Receipt, _ context: CommandContext, now: Date) throws -> String {
        guard !receipt.messageId.isEmpty, let message = try context.store.message(id: receipt.messageId) else {
            context.logger.notice("a receipt for an unknown message", metadata: [
                "huifang.source": "\(source.name)", "huifang.message_id": "\(receipt.messageId.prefix(64))"])
            return "receipt for unknown message \(receipt.messageId.prefix(64))"
        }
        var copy: Message?
        if !receipt.delivered, message.status == .delivered || message.status == .sending,
           let customer = try context.store.customer(id: message.customerId) {
            let settings = context.config.snapshot
            copy = ChannelFallback.next(after: message, order: settings.delivery.fallbackOrder, customer: customer,
                                        policy: settings.consentPolicy).map { ChannelFallback.copy(of: message, on: $0, now: now) }
        }
        switch try context.store.recordReceipt(receipt, copy: copy, now: now) {
        case .unknown: return "receipt for unknown message \(receipt.messageId)"
        case .repeated: return "repeated receipt for \(receipt.messageId): no change"
        case .recorded(let dead):
            if dead {
                context.logger.notice("the gateway reports a message undelivered", metadata: [
                    "huifang.message_id": "\(message.id)", "huifang.fallback_id": "\(copy?.id ?? "-")"])
                if copy != nil { context.wakeup.signal() }
                return "\(message.id) undelivered" + (copy.map { "; falling back to \($0.channel) \($0.id)" } ?? "; no other channel")
            }
            return "\(message.id) \(receipt.delivered ? "delivered" : "undelivered")"
        }
    }

    // MARK: - replies (R-IN-2)

    private func reply(_ reply: InboundItem.Reply, _ context: CommandContext, now: Date) throws -> String {
        if let gatewayId = reply.gatewayId,
           !(try context.store.rememberInbound(source: source.name, id: "reply:\(gatewayId)", now: now,
                                               keepSince: now.addingTimeInterval(-86_400))) {
            return "repeated reply \(gatewayId): no change"
        }
        let settings = context.config.snapshot
        let at = reply.at ?? now
        guard let customer = try who(reply, settings: settings) else {
            let from = reply.phone ?? reply.email ?? reply.wechatId ?? "?"
            let task = replyTask(customerId: 0, text: "未知号码 \(from) 回复：\(reply.text)", at: at, now: now)
            _ = try context.store.apply(PlannedWork(tasks: [task]), now: now)
            context.wakeup.signal()
            return "reply from an unknown sender: a task for customer service"
        }
        let channel = reply.phone != nil ? source.channel : reply.email != nil ? "email" : "wechat"
        let meaning = ReplyRules.interpret(reply.text, keywords: settings.replyKeywords.normalized(),
                                           questions: try context.store.replyQuestions(customerId: customer.id, now: now))
        var outcome: String
        var taskId: Int64?
        switch meaning {
        case .optOut:
            if customer.optedOut.contains(channel) || settings.channel(named: channel) == nil {
                outcome = "退订（此前已退订）"
            } else {
                _ = try Customers(context).setConsent(customer.id, channel: channel, optedOut: true)
                let confirmation = Message(
                    id: MessageID.generate(now: now), dedupeKey: "opt-out:\(customer.id):\(channel):\(now.unixMillis)",
                    kind: MessageKind.optOutConfirmation, customerId: customer.id, channel: channel,
                    text: OptOutConfirmation.text(channel: channel, locale: customer.locale), locale: customer.locale,
                    dueAt: now, expiresAt: now.addingTimeInterval(86_400), createdAt: now)
                _ = try context.store.insertMessage(confirmation)
                context.wakeup.signal()
                outcome = "退订"
            }
        case .confirm(let appointmentId):
            _ = try Appointments(context).confirm(appointmentId)
            outcome = "确认预约 #\(appointmentId)"
        case .satisfaction(let complaintId, let satisfied, let score):
            _ = try Complaints(context).answer(complaintId, satisfied: satisfied)
            outcome = (satisfied ? "满意" : "不满意") + (score.map { "（\($0)分）" } ?? "") + "，投诉 #\(complaintId)"
        case .rsvp(let campaignId, let yes):
            try context.store.setRSVP(campaignId: campaignId, customerId: customer.id, yes: yes, now: now)
            outcome = (yes ? "报名参加" : "不参加") + "活动 #\(campaignId)"
        case .task(let why):
            let task = replyTask(customerId: customer.id, text: "\(why)：\(reply.text)", at: at, now: now)
            let applied = try context.store.apply(
                StaffNotices.announced(PlannedWork(tasks: [task]), customer: customer, settings: settings, store: context.store), now: now)
            taskId = applied.tasks.first?.id
            context.wakeup.signal()
            outcome = "回复待处理"
        }
        // R-CUS-3: every reply is a contact.
        try context.store.addContact(ContactRecord(at: at, channel: channel, who: "客户", outcome: outcome, note: reply.text, taskId: taskId),
                                     customerId: customer.id)
        return "reply from customer \(customer.id): \(outcome)"
    }

    private func who(_ reply: InboundItem.Reply, settings: HuifangConfig) throws -> Customer? {
        var id: Int64?
        if let phone = reply.phone, let normalized = try? PhoneNumber.normalize(phone, region: settings.service.defaultRegion) {
            id = try context.store.customerIds(phones: [normalized])[normalized]
        } else if let email = reply.email {
            id = try context.store.customerIds(emails: [email.lowercased()])[email.lowercased()]
        } else if let wechat = reply.wechatId {
            id = try context.store.customerId(wechatId: wechat)
        }
        guard let id, id != 0, let customer = try context.store.customer(id: id), customer.erasedAt == nil else { return nil }
        return customer
    }

    private func replyTask(customerId: Int64, text: String, at: Date, now: Date) -> PlannedTask {
        PlannedTask(kind: MessageKind.replyReceived, customerId: customerId, visitId: nil, step: "reply",
                    assignee: StaffRole.customerService.rawValue, dueAt: now, overdueAt: now.addingTimeInterval(86_400),
                    text: String(text.prefix(2000)), dedupeKey: "reply:\(customerId):\(at.unixMillis):\(MessageID.generate(now: now).suffix(8))")
    }

    // MARK: - staff outcomes (R-IN-3)

    /// Runs `task.done|no_answer|abnormal` as the member of staff: the same command, access
    /// check and audit row as on the socket.
    private func outcome(_ outcome: InboundItem.Outcome) -> (String, HuifangError?) {
        guard let member = (try? context.store.staff())?.first(where: { $0.name == outcome.staff }) else {
            return ("outcome from unknown staff", HuifangError(.notFound, "no member of staff named \(outcome.staff.prefix(64))", field: "data.staff"))
        }
        let command = switch outcome.outcome {
        case .done: API.TaskDone.name
        case .noAnswer: API.TaskNoAnswer.name
        case .abnormal: API.TaskAbnormal.name
        }
        let reply = router.perform(command, args: TaskCloseArgs(id: outcome.taskId, note: outcome.note, who: member.name),
                                   as: member, via: "inbound:\(source.name)")
        if let error = reply.error { return ("\(command) \(outcome.taskId) refused: \(error.code.rawValue)", error) }
        return ("\(command) \(outcome.taskId) by \(member.name)", nil)
    }
}
