import ArgumentParser
import HuifangControl

struct MessageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "message", abstract: "Schedule and inspect messages.",
        subcommands: [Schedule.self, List.self, Show.self, Why.self, Retry.self, Replay.self])

    struct Schedule: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.MessageSchedule.abstract)

        @OptionGroup var global: GlobalOptions
        @Option(help: "The customer's id.") var customer: Int64
        @Option(help: "A configured channel, e.g. sms or email.") var channel: String
        @Option(help: "The message text.") var text: String
        @Option(help: "When to send, in clinic time: 2026-11-28 15:00, 11-28 15:00, 15:00, 明天 15:00, or ISO-8601 (default: now).") var at: String?
        @Option(help: "Skip instead of sending after this time, in clinic time: 2026-11-28 15:00, 11-28 15:00, 15:00, 明天 15:00, or ISO-8601.") var expires: String?
        @Option(help: ArgumentHelp("What it is about: \(MessageScheduleArgs.kinds.joined(separator: ", ")). Kinds in [consent] essential_kinds go despite an opt-out.",
                                   valueName: "kind")) var kind: String?
        @Flag(help: "Hold it to the channel's contact window in the customer's time zone.") var windowed = false
        @Flag(help: "Marketing: capped per customer per week, never during an open complaint, only in the message window.") var marketing = false

        func run() throws {
            var args = MessageScheduleArgs(customer: customer, channel: channel, text: text, at: at, expiresAt: expires)
            args.kind = kind
            args.windowed = windowed ? true : nil
            args.marketing = marketing
            let created = try global.call(API.MessageSchedule.self, args)
            global.output(created) { print(created.id) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.MessageList.abstract)

        @OptionGroup var global: GlobalOptions
        @Option(help: "pending, sending, failed, delivered, dead, skipped or cancelled.") var status: String?
        @Option(help: "Only this channel.") var channel: String?
        @Option(help: "Only this customer's.") var customer: Int64?
        @Option(help: "Only those due since, in clinic time: 2026-11-28 15:00, 11-28, 今天 09:00, or ISO-8601.") var since: String?
        @Option(help: "At most this many.") var limit: Int = 100

        func run() throws {
            var args = MessageListArgs(status: status, limit: limit + 1)   // one more: is there more?
            args.channel = channel
            args.customer = customer
            args.since = since
            let all = try global.call(API.MessageList.self, args)
            let messages = Array(all.prefix(limit))
            global.output(messages) {
                Table.print(header: ["ID", "CUSTOMER", "CHANNEL", "STATUS", "DUE", "TRIES", "LAST ERROR"], rows: messages.map {
                    [$0.id, $0.customerName ?? "\($0.customer)", $0.channel, $0.status, LocalTimeText.show($0.dueAt), "\($0.attemptCount)", $0.lastError ?? ""]
                })
                if all.count > limit { print("more: the list stops at \(limit); use --limit \(limit * 10) or narrow it (--status, --channel, --customer, --since)") }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.MessageShow.abstract)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The message id (msg_…).") var id: String

        func run() throws {
            let m = try global.call(API.MessageShow.self, MessageIDArgs(id: id))
            global.output(m) {
                Table.printFields([
                    ("id", m.id), ("kind", m.kind), ("customer", m.customerName.map { "\($0) (\(m.customer))" } ?? "\(m.customer)"), ("channel", m.channel),
                    ("status", m.status), ("held", m.held ?? "-"), ("due", LocalTimeText.show(m.dueAt)), ("expires", LocalTimeText.show(m.expiresAt)),
                    ("delivered", LocalTimeText.show(m.deliveredAt)),
                    ("receipt", m.receipt.map { "\(LocalTimeText.show(m.receiptAt)) \($0)" } ?? "-"), ("last error", m.lastError ?? "-"),
                    ("fallback of", m.fallbackOf ?? "-"), ("text", m.text),
                ])
                print("")
                Table.print(header: ["#", "STARTED", "MS", "HTTP", "OUTCOME", "ERROR"], rows: (m.attempts ?? []).map {
                    ["\($0.attempt)", LocalTimeText.show($0.startedAt), "\($0.latencyMs)", $0.httpStatus.map(String.init) ?? "-", $0.outcome, $0.error ?? ""]
                })
            }
        }
    }

    struct Why: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.MessageWhy.abstract)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The message id (msg_…).") var id: String

        func run() throws {
            let events = try global.call(API.MessageWhy.self, MessageIDArgs(id: id))
            global.output(events) {
                Table.print(header: ["AT", "EVENT", "WHAT"], rows: events.map {
                    [LocalTimeText.show($0.at), $0.event, $0.detail + ($0.related.map { " → \($0)" } ?? "")]
                })
            }
        }
    }

    struct Retry: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: API.MessageRetry.abstract)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The message id (msg_…).") var id: String

        func run() throws {
            let m = try global.call(API.MessageRetry.self, MessageIDArgs(id: id))
            global.output(m) { print("\(m.id) \(m.status), due \(LocalTimeText.show(m.dueAt))") }
        }
    }

    struct Replay: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: API.MessageReplay.abstract)

        @OptionGroup var global: GlobalOptions
        @Option(help: "dead, failed, skipped or cancelled.") var status: String
        @Option(help: "Only this channel.") var channel: String?
        @Option(help: "Only messages that reached the status at or after this time (in clinic time: 2026-11-28 15:00, 11-28 15:00, 15:00, 明天 15:00, or ISO-8601).") var since: String?

        func run() throws {
            let result = try global.call(
                API.MessageReplay.self, MessageReplayArgs(status: status, channel: channel, since: since))
            global.output(result) { print("\(result.count) message\(result.count == 1 ? "" : "s") re-queued") }
        }
    }
}
