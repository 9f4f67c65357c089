import Foundation
import HuifangControl
import HuifangCore

/// contact.add (R-CUS-3): contacts made outside Huifang join the customer's record.
enum ContactCommands {
    static let all = [add]

    /// R-CUS-3: a contact made outside Huifang, naming who made it.
    static let add = CommandHandler(API.ContactAdd.self) { (args: ContactAddArgs, context) throws(HuifangError) in
        guard ContactAddArgs.channels.contains(args.channel) else {
            throw .invalid("channel", "must be one of \(ContactAddArgs.channels.joined(separator: ", "))", chinese: "请选择沟通方式。")
        }
        let note = args.note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !note.isEmpty, note.count <= 2000 else {
            throw .invalid("note", "says what was said (1 to 2000 characters)", chinese: "请写下沟通内容（1 到 2000 字）。")
        }
        let customer = try liveCustomer(args.customer, field: "customer", context)
        let who: String
        if let staff = args.staff?.trimmingCharacters(in: .whitespaces), !staff.isEmpty {
            guard try Staff(context).member(named: staff) != nil else {
                throw .invalid("staff", "\(staff.prefix(40)) is no member of staff", chinese: "「\(staff.prefix(40))」不是本院员工。")
            }
            who = staff
        } else if let me = try Staff(context).me() {
            who = me.name
        } else {
            throw .invalid("staff", "say who made the contact: uid \(context.peer.map { String($0.uid) } ?? "?") is no member of staff")
        }
        let at = try args.at.map { text throws(HuifangError) in try context.time(text, field: "at") } ?? context.clock.now()
        let record = ContactRecord(at: at, channel: args.channel, who: who, outcome: "contact", note: note, taskId: nil)
        try storeCall(context, "recording a contact") { try context.store.addContact(record, customerId: customer.id) }
        return ContactView(at: ControlCoding.timestamp(at), channel: record.channel, who: who, outcome: record.outcome, note: note, task: nil)
    }
}
