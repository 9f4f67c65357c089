import Foundation
import HuifangControl
import HuifangCore

/// appointment.add, .show, .confirm, .checkin, .cancel, .reschedule (R-APT-1…5): the socket's
/// side of `Appointments`.
enum AppointmentCommands {
    static let all = [add, show, confirm, checkIn, cancel, reschedule]

    static let add = CommandHandler(API.AppointmentAdd.self) { (args: AppointmentAddArgs, context) throws(HuifangError) in
        guard let start = ControlCoding.parseTimestamp(args.start) else {
            throw .invalid("start", "must be ISO-8601 with a zone, e.g. 2026-11-24T15:00:00+08:00")
        }
        let customer = try liveCustomer(args.customer, field: "customer", context)
        let appointments = Appointments(context)
        let appointment = try appointments.checked(customer: customer, service: args.service, staff: args.staff, start: start,
                                                   duration: args.duration, place: args.place)
        return view(try appointments.book(appointment, customer: customer))
    }

    static let show = CommandHandler(API.AppointmentShow.self) { (args: IDArgs, context) throws(HuifangError) in
        guard let appointment = try storeCall(context, "reading an appointment", { try context.store.appointment(id: args.id) }) else {
            throw HuifangError(.notFound, "no appointment with id \(args.id)", field: "id")
        }
        return view(appointment)
    }

    static let confirm = CommandHandler(API.AppointmentConfirm.self) { (args: IDArgs, context) throws(HuifangError) in
        view(try Appointments(context).confirm(args.id))
    }

    static let checkIn = CommandHandler(API.AppointmentCheckin.self) { (args: IDArgs, context) throws(HuifangError) in
        view(try Appointments(context).checkIn(args.id))
    }

    static let cancel = CommandHandler(API.AppointmentCancel.self) { (args: IDArgs, context) throws(HuifangError) in
        view(try Appointments(context).cancel(args.id))
    }

    static let reschedule = CommandHandler(API.AppointmentReschedule.self) { (args: AppointmentRescheduleArgs, context) throws(HuifangError) in
        guard let start = ControlCoding.parseTimestamp(args.start) else {
            throw .invalid("start", "must be ISO-8601 with a zone, e.g. 2026-11-24T15:00:00+08:00")
        }
        return view(try Appointments(context).reschedule(args.id, to: start))
    }

    static func view(_ a: Appointment) -> AppointmentView {
        AppointmentView(id: a.id, customer: a.customerId, service: a.service, staff: a.staff, start: ControlCoding.timestamp(a.start),
                        duration: a.durationMinutes, place: a.place, status: a.status.rawValue,
                        checkedInAt: a.checkedInAt.map(ControlCoding.timestamp))
    }
}
