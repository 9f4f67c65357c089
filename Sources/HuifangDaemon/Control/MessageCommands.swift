import Foundation
import HuifangControl
import HuifangCore

/// message.schedule, message.list, message.show.
enum MessageCommands {
    static let all = [schedule, list, show, why, retry, replay]

    static let schedule = CommandHandler(API.MessageSchedule.self) { (args: MessageScheduleArgs, context) throws(HuifangError) in
        let config = context.config.snapshot
        guard config.channel(named: args.channel) != nil else {
            let known = config.channels.map(\.name).joined(separator: ", ")
            throw .invalid("channel", "is not a configured channel (configured: \(known))")
        }
        let text = args.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw .invalid("text", "must not be empty") }
        guard text.utf8.count <= 16 * 1024 else { throw .invalid("text", "is longer than 16 KiB") }
        let now = context.clock.now()
        var due = now
        if let at = args.at {
            due = try context.time(at, field: "at")
        }
        var expires: Date?
        if let text = args.expiresAt {
            let parsed = try context.time(text, field: "expires_at")
            guard parsed > due else { throw .invalid("expires_at", "must lie after the due time") }
            expires = parsed
        }
        let kind = args.kind ?? MessageKind.manual
        guard MessageScheduleArgs.kinds.contains(kind) else {
            throw .invalid("kind", "must be one of \(MessageScheduleArgs.kinds.joined(separator: ", "))")
        }
        if args.marketing == true, kind != MessageKind.manual {
            throw .invalid("kind", "a marketing message is of kind \(MessageKind.manual), never \(kind)")
        }
        let customer = try liveCustomer(args.customer, field: "customer", context)
        let id = MessageID.generate(now: now)
        var message = Message(
            id: id, dedupeKey: "manual:\(id)", kind: kind, customerId: customer.id,
            channel: args.channel, text: text, locale: customer.locale, dueAt: due, expiresAt: expires,
            createdAt: now)
        // R-TIME-1: marketing waits for the customer's message window, like every rule's message.
        message.windowed = args.windowed ?? (args.marketing == true)
        if args.marketing == true { message.category = .marketing }
        message.origin = "scheduled by operator uid \(context.peer.map { String($0.uid) } ?? "?") (message schedule)"
        _ = try storeCall(context, "queueing a message") { try context.store.insertMessage(message) }
        if due <= now.addingTimeInterval(Double(config.scheduler.pollIntervalMs) / 1000) {
            context.wakeup.signal()
        }
        context.logger.info("message scheduled", metadata: ["huifang.message_id": "\(id)", "huifang.channel": "\(args.channel)"])
        return CreatedID(id: id)
    }

    static let list = CommandHandler(API.MessageList.self) { (args: MessageListArgs, context) throws(HuifangError) in
        var status: MessageStatus?
        if let text = args.status {
            guard let parsed = MessageStatus(rawValue: text) else {
                throw .invalid("status", "must be one of \(MessageStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            status = parsed
        }
        let limit = args.limit ?? 100
        guard (1...10_001).contains(limit) else { throw .invalid("limit", "must lie between 1 and 10000") }
        if let channel = args.channel, context.config.snapshot.channel(named: channel) == nil {
            throw .invalid("channel", "is not a configured channel")
        }
        let since = try args.since.map { text throws(HuifangError) in try context.time(text, field: "since") }
        // A role limited to a branch sees its branch's customers' messages only.
        let filter = MessageFilter(status: status, channel: args.channel, customerId: args.customer, since: since, branch: context.branch,
                                   limit: limit)
        let (messages, customers) = try storeCall(context, "listing messages") { () throws -> ([Message], [Int64: Customer]) in
            let messages = try context.store.messages(filter)
            return (messages, try context.store.customers(ids: messages.map(\.customerId)))
        }
        return messages.map { message in
            var view = MessageView(message, attempts: nil)
            view.customerName = customers[message.customerId]?.name
            return view
        }
    }

    static let show = CommandHandler(API.MessageShow.self) { (args: MessageIDArgs, context) throws(HuifangError) in
        let (message, customer) = try visibleMessage(args.id, context)
        let attempts = try storeCall(context, "reading attempts") { try context.store.attempts(messageId: args.id) }
        var view = MessageView(message, attempts: attempts)
        view.customerName = customer?.name
        view.held = held(message, context)
        let events = try storeCall(context, "reading a message's story") { try context.store.events(messageId: args.id) }
        if let receipt = events.last(where: { $0.kind == .receipt }) {
            view.receipt = receipt.detail
            view.receiptAt = ControlCoding.timestamp(receipt.at)
        }
        return view
    }

    /// R-DLV-7: what made the message, each decision about it and each attempt, in order.
    static let why = CommandHandler(API.MessageWhy.self) { (args: MessageIDArgs, context) throws(HuifangError) in
        _ = try visibleMessage(args.id, context)
        let (events, attempts) = try storeCall(context, "reading a message's story") {
            (try context.store.events(messageId: args.id), try context.store.attempts(messageId: args.id))
        }
        return MessageStory.merge(events: events, attempts: attempts).map(MessageEventView.init)
    }

    /// The message so named and its customer; a message to another branch's customer is
    /// refused to a caller limited to one branch, as the customer would be.
    private static func visibleMessage(_ id: String, _ context: CommandContext) throws(HuifangError) -> (Message, Customer?) {
        guard let message = try storeCall(context, "reading a message", { try context.store.message(id: id) }) else {
            throw HuifangError(.notFound, "no message with id \(id.prefix(40))", field: "id", chinese: "找不到这条消息。")
        }
        let customer = try storeCall(context, "reading the customer") { try context.store.customer(id: message.customerId) }
        if context.branch != nil {
            try Branches(context).require(customer ?? Customer(id: message.customerId, name: "", createdAt: message.createdAt), field: "id")
        }
        return (message, customer)
    }

    /// Why a message still to be sent waits now: its whole lane (an open circuit, a pause),
    /// or its own hold (window, cap) until its due time.
    private static func held(_ message: Message, _ context: CommandContext) -> String? {
        guard message.status == .pending || message.status == .failed else { return nil }
        let now = context.clock.now()
        if let lane = context.endpoints.with(message.channel, { $0.machine.hold }),
           let reason = Scheduler.liveHold(lane, channel: message.channel, zone: context.zone) {
            return reason
        }
        guard message.dueAt > now, let reason = message.lastError,
              reason.hasPrefix("window:") || reason.hasPrefix("cap:") else { return nil }
        return reason
    }

    static let retry = CommandHandler(API.MessageRetry.self) { (args: MessageIDArgs, context) throws(HuifangError) in
        _ = try visibleMessage(args.id, context)
        let message = try storeCall(context, "re-queueing a message") {
            try context.store.requeue(id: args.id, now: context.clock.now())
        }
        context.wakeup.signal()
        context.logger.notice("message re-queued by an operator", metadata: ["huifang.message_id": "\(message.id)"])
        return MessageView(message, attempts: nil)
    }

    static let replay = CommandHandler(API.MessageReplay.self) { (args: MessageReplayArgs, context) throws(HuifangError) in
        if let mine = context.branch {
            throw HuifangError(.permissionDenied, "replay re-queues the whole chain's messages and your role is limited to \(Branches(context).name(mine)); "
                               + "re-queue your branch's one by one (message retry ID)", field: "status",
                               chinese: "批量重发针对全部分店，您只能处理\(Branches(context).chineseName(mine))的消息，请逐条重发。")
        }
        guard let status = MessageStatus(rawValue: args.status) else {
            throw .invalid("status", "must be one of dead, failed, skipped, cancelled")
        }
        if let channel = args.channel, context.config.snapshot.channel(named: channel) == nil {
            throw .invalid("channel", "is not a configured channel")
        }
        var since: Date?
        if let text = args.since {
            since = try context.time(text, field: "since")
        }
        let count = try storeCall(context, "replaying messages") {
            try context.store.replay(ReplayFilter(status: status, channel: args.channel, since: since), now: context.clock.now())
        }
        if count > 0 { context.wakeup.signal() }
        context.logger.notice("messages replayed by an operator", metadata: ["huifang.count": "\(count)", "huifang.status": "\(status.rawValue)"])
        return CountResult(count: count)
    }
}
