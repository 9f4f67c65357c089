import Foundation
import HuifangControl
import HuifangCore

/// appointment.add, .list, .show, .confirm, .checkin, .cancel, .reschedule (R-APT-1…5): the socket's
/// side of `Appointments`.
enum AppointmentCommands {
    static let all = [add, list, show, confirm, checkIn, cancel, reschedule]

    static let add = CommandHandler(API.AppointmentAdd.self) { (args: AppointmentAddArgs, context) throws(HuifangError) in
        let start = try context.time(args.start, field: "start")
        let customer = try liveCustomer(args.customer, field: "customer", context)
        let appointments = Appointments(context)
        var appointment = try appointments.checked(customer: customer, service: args.service, staff: args.staff, start: start,
                                                   duration: args.duration, place: args.place, unlisted: args.unlisted == true)
        appointment.branch = try Branches(context).home(args.branch)
        var booked = view(try appointments.book(appointment, customer: customer))
        booked.customerName = customer.name
        booked.phone = customer.phone
        return booked
    }

    /// R-APT-1: the book of a day (or days) in the clinic's zone, with whom to expect.
    static let list = CommandHandler(API.AppointmentList.self) { (args: AppointmentListArgs, context) throws(HuifangError) in
        if args.date != nil, args.from != nil || args.to != nil {
            throw .invalid("date", "give either date, or from and to")
        }
        let first: LocalDate, last: LocalDate
        if args.from != nil || args.to != nil {
            guard let from = args.from, let to = args.to else { throw .invalid(args.from == nil ? "from" : "to", "is needed with the other") }
            first = try context.date(from, field: "from")
            last = try context.date(to, field: "to")
            guard first <= last else { throw .invalid("to", "lies before from") }
        } else {
            first = try context.date(args.date ?? "今天", field: "date")
            last = first
        }
        var status: Appointment.Status?
        if let text = args.status {
            guard let parsed = Appointment.Status(rawValue: text) else {
                throw .invalid("status", "must be one of \(Appointment.Status.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            status = parsed
        }
        let calendar = ContactWindows.calendar(context.zone)
        func midnight(_ day: LocalDate) -> Date {
            calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
        }
        let end = calendar.date(byAdding: .day, value: 1, to: midnight(last))!
        guard end.timeIntervalSince(midnight(first)) <= 92 * 86_400 else { throw .invalid("to", "a book covers at most 92 days") }
        let staff = args.staff?.trimmingCharacters(in: .whitespaces)
        let (booked, customers) = try storeCall(context, "reading the appointment book") { () throws -> ([Appointment], [Int64: Customer]) in
            let booked = Branches(context).visible(
                try context.store.appointments(from: midnight(first), to: end, staff: staff?.isEmpty == false ? staff : nil,
                                               status: status, limit: 5000), branch: \.branch)
            return (booked, try context.store.customers(ids: Array(Set(booked.map(\.customerId)))))
        }
        return booked.map { a in
            var row = view(a)
            row.customerName = customers[a.customerId]?.name
            row.phone = customers[a.customerId]?.phone
            return row
        }
    }

    static let show = CommandHandler(API.AppointmentShow.self) { (args: IDArgs, context) throws(HuifangError) in
        guard let appointment = try storeCall(context, "reading an appointment", { try context.store.appointment(id: args.id) }) else {
            throw HuifangError(.notFound, "no appointment with id \(args.id)", field: "id", chinese: "找不到编号为 \(args.id) 的预约。")
        }
        _ = try visibleCustomer(appointment.customerId, field: "id", context, at: appointment.branch)
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
        let start = try context.time(args.start, field: "start")
        return view(try Appointments(context).reschedule(args.id, to: start))
    }

    static func view(_ a: Appointment) -> AppointmentView {
        AppointmentView(id: a.id, customer: a.customerId, service: a.service, staff: a.staff, start: ControlCoding.timestamp(a.start),
                        duration: a.durationMinutes, place: a.place, status: a.status.rawValue,
                        checkedInAt: a.checkedInAt.map(ControlCoding.timestamp))
    }
}
