import ArgumentParser
import HuifangControl

struct AppointmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "appointment", abstract: "Book and change appointments; reminders follow at once.",
        subcommands: [Add.self, List.self, Show.self, Confirm.self, CheckIn.self, Cancel.self, Reschedule.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.AppointmentAdd.abstract)

        @OptionGroup var global: GlobalOptions
        @Option(help: "The customer's id.") var customer: Int64
        @Option(help: "The service as staff say it: its id, name or an alias (service list).") var service: String
        @Flag(help: "Book a service the catalogue does not have, as written.") var unlisted = false
        @Option(help: "The staff member.") var staff: String
        @Option(help: "The start: 2026-11-28 15:00, 11-28 15:00, 明天 15:00 or ISO-8601 (clinic time).") var start: String
        @Option(help: "Minutes (default 60).") var duration: Int?
        @Option(help: "Where (default: the clinic's name).") var place: String?
        @Option(help: "The branch it is booked at ([[branches]] id); default: the customer's home branch.") var branch: String?

        func run() throws {
            var args = AppointmentAddArgs(customer: customer, service: service, staff: staff, start: start, duration: duration, place: place)
            args.unlisted = unlisted ? true : nil
            args.branch = branch
            let a = try global.call(API.AppointmentAdd.self, args)
            global.output(a) { print(a.id) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.AppointmentList.abstract)

        @OptionGroup var global: GlobalOptions
        @Option(help: "One day: 2026-11-28, 11-28, 今天 or 明天 (default today).") var date: String?
        @Option(help: "The first day of a range (with --to).") var from: String?
        @Option(help: "The last day of a range (with --from).") var to: String?
        @Option(help: "Only this staff member's appointments.") var staff: String?
        @Option(help: "booked, confirmed, cancelled, no-show or completed.") var status: String?

        func run() throws {
            let book = try global.call(API.AppointmentList.self,
                                       AppointmentListArgs(date: date, from: from, to: to, staff: staff, status: status))
            global.output(book) {
                // A chain's book says where each is, when they are not all at one place.
                let places = Set(book.map(\.place)).count > 1
                Table.print(header: ["ID", "TIME", "MIN", "CUSTOMER", "PHONE", "SERVICE", "STAFF"] + (places ? ["PLACE"] : []) + ["STATUS"],
                            rows: book.map {
                    ["\($0.id)", LocalTimeText.show($0.start), "\($0.duration)", $0.customerName ?? "#\($0.customer)", $0.phone ?? "-",
                     $0.service, $0.staff] + (places ? [$0.place.isEmpty ? "-" : $0.place] : []) + [$0.status]
                })
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.AppointmentShow.abstract)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The appointment's id.") var id: Int64
        func run() throws { try AppointmentCommand.call(API.AppointmentShow.self, IDArgs(id: id), global) }
    }

    struct Confirm: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.AppointmentConfirm.abstract)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The appointment's id.") var id: Int64
        func run() throws { try AppointmentCommand.call(API.AppointmentConfirm.self, IDArgs(id: id), global) }
    }

    struct CheckIn: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "checkin", abstract: API.AppointmentCheckin.abstract)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The appointment's id.") var id: Int64
        func run() throws { try AppointmentCommand.call(API.AppointmentCheckin.self, IDArgs(id: id), global) }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.AppointmentCancel.abstract)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The appointment's id.") var id: Int64
        func run() throws { try AppointmentCommand.call(API.AppointmentCancel.self, IDArgs(id: id), global) }
    }

    struct Reschedule: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.AppointmentReschedule.abstract)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The appointment's id.") var id: Int64
        @Option(help: "The new start: 2026-11-28 15:00, 11-28 15:00, 明天 15:00 or ISO-8601 (clinic time).") var start: String
        func run() throws { try AppointmentCommand.call(API.AppointmentReschedule.self, AppointmentRescheduleArgs(id: id, start: start), global) }
    }

    static func call<M: ControlMethod>(_ method: M.Type, _ args: M.Args, _ global: GlobalOptions) throws
        where M.Result == AppointmentView {
        let a = try global.call(method, args)
        global.output(a) { print("appointment \(a.id) \(a.status), \(LocalTimeText.show(a.start)) (\(a.duration) min, \(a.service), \(a.staff))") }
    }
}
