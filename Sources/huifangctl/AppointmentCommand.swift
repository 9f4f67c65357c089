import ArgumentParser
import HuifangControl

struct AppointmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "appointment", abstract: "Book and change appointments; reminders follow at once.",
        subcommands: [Add.self, Show.self, Confirm.self, CheckIn.self, Cancel.self, Reschedule.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Book an appointment; prints its id.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "The customer's id.") var customer: Int64
        @Option(help: "The service.") var service: String
        @Option(help: "The staff member.") var staff: String
        @Option(help: "The start, ISO-8601 with a zone.") var start: String
        @Option(help: "Minutes (default 60).") var duration: Int?
        @Option(help: "Where (default: the clinic's name).") var place: String?

        func run() throws {
            let args = AppointmentAddArgs(customer: customer, service: service, staff: staff, start: start, duration: duration, place: place)
            let (a, raw) = try global.call("appointment.add", args, as: AppointmentView.self)
            global.output(raw) { print(a.id) }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show an appointment.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The appointment's id.") var id: Int64
        func run() throws { try AppointmentCommand.call("appointment.show", IDArgs(id: id), global) }
    }

    struct Confirm: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The customer confirmed.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The appointment's id.") var id: Int64
        func run() throws { try AppointmentCommand.call("appointment.confirm", IDArgs(id: id), global) }
    }

    struct CheckIn: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "checkin", abstract: "The customer arrived.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The appointment's id.") var id: Int64
        func run() throws { try AppointmentCommand.call("appointment.checkin", IDArgs(id: id), global) }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel it and its pending reminders.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The appointment's id.") var id: Int64
        func run() throws { try AppointmentCommand.call("appointment.cancel", IDArgs(id: id), global) }
    }

    struct Reschedule: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Move it; its reminders move with it.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The appointment's id.") var id: Int64
        @Option(help: "The new start, ISO-8601 with a zone.") var start: String
        func run() throws { try AppointmentCommand.call("appointment.reschedule", AppointmentRescheduleArgs(id: id, start: start), global) }
    }

    static func call<A: Encodable>(_ cmd: String, _ args: A, _ global: GlobalOptions) throws {
        let (a, raw) = try global.call(cmd, args, as: AppointmentView.self)
        global.output(raw) { print("appointment \(a.id) \(a.status), \(a.start) (\(a.duration) min, \(a.service), \(a.staff))") }
    }
}
