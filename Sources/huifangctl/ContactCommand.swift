import ArgumentParser
import HuifangControl

struct ContactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contact", abstract: "Contacts made outside Huifang.", subcommands: [Add.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.ContactAdd.abstract)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The customer's id.") var customer: Int64
        @Option(help: "call, sms, wechat, visit or other.") var channel: String
        @Option(help: "What was said or done.") var note: String
        @Option(help: "Who made it (default: the member of staff with your uid).") var staff: String?
        @Option(help: "When (default now), e.g. 14:30 or 11-28 14:30.") var at: String?

        func run() throws {
            let c = try global.call(API.ContactAdd.self, ContactAddArgs(customer: customer, channel: channel, note: note, staff: staff, at: at))
            global.output(c) { print("contact recorded: \(c.who), \(c.channel), \(LocalTimeText.show(c.at))") }
        }
    }
}
