import Foundation
import HuifangControl
import HuifangCore

/// appointment.add, .show, .confirm, .checkin, .cancel, .reschedule (R-APT-1…5).
enum AppointmentCommands {
    static let all = [add, show, confirm, checkIn, cancel, reschedule]

    static let add = CommandHandler(API.AppointmentAdd.self) { (args: AppointmentAddArgs, context) throws(HuifangError) in
        guard let start = ControlCoding.parseTimestamp(args.start) else {
            throw .invalid("start", "must be ISO-8601 with a zone, e.g. 2026-11-24T15:00:00+08:00")
        }
        let customer = try customer(args.customer, context)
        let appointment = try checked(customer: customer, service: args.service, staff: args.staff, start: start,
                                      duration: args.duration, place: args.place, context)
        return view(try book(appointment, customer, context))
    }

    /// An appointment as `appointment.add` would book it, checked (imports use it too).
    static func checked(customer: Customer, service: String, staff: String, start: Date, duration: Int?, place: String?,
                        _ context: CommandContext) throws(HuifangError) -> Appointment {
        guard start > context.clock.now() else { throw .invalid("start", "must lie in the future") }
        let duration = duration ?? 60
        guard (5...24 * 60).contains(duration) else { throw .invalid("duration", "must be 5 to 1440 minutes") }
        guard !service.trimmingCharacters(in: .whitespaces).isEmpty else { throw .invalid("service", "must not be empty") }
        guard !staff.trimmingCharacters(in: .whitespaces).isEmpty else { throw .invalid("staff", "must not be empty") }
        return Appointment(id: 0, customerId: customer.id, service: service, staff: staff, start: start,
                           durationMinutes: duration, place: place ?? context.config.snapshot.service.name)
    }

    /// Books a checked appointment with its reminders and check-in task, in one transaction.
    static func book(_ appointment: Appointment, _ customer: Customer, _ context: CommandContext) throws(HuifangError) -> Appointment {
        let now = context.clock.now()
        let settings = context.config.snapshot
        let stored = try storeCall(context, "booking an appointment") {
            try context.store.unitOfWork {
                let stored = try context.store.addAppointment(appointment, now: now)
                let (tasks, messages) = plan(stored, customer, settings, now)
                try context.store.apply(PlannedWork(tasks: StaffNotices.announced(tasks, customer: customer, settings: settings),
                                                     messages: messages), now: now)
                return stored
            }
        }
        context.wakeup.signal()
        return stored
    }

    static let show = CommandHandler(API.AppointmentShow.self) { (args: IDArgs, context) throws(HuifangError) in
        guard let appointment = try storeCall(context, "reading an appointment", { try context.store.appointment(id: args.id) }) else {
            throw HuifangError(.notFound, "no appointment with id \(args.id)", field: "id")
        }
        return view(appointment)
    }

    static let confirm = CommandHandler(API.AppointmentConfirm.self) { (args: IDArgs, context) throws(HuifangError) in
        try change(args.id, context) { a, _, _ in
            guard a.isOpen else { throw HuifangError(.conflict, "a \(a.status.rawValue) appointment cannot be confirmed", field: "id") }
            var updated = a
            updated.status = .confirmed
            return AppointmentChange(appointment: updated, cancelPrefixes: AppointmentPlanner.confirmationPrefix(a),
                                     reason: "cancelled: the appointment was confirmed")
        }
    }

    static let checkIn = CommandHandler(API.AppointmentCheckin.self) { (args: IDArgs, context) throws(HuifangError) in
        try change(args.id, context) { a, _, now in
            guard a.isOpen else { throw HuifangError(.conflict, "a \(a.status.rawValue) appointment cannot be checked in", field: "id") }
            var updated = a
            updated.status = .completed
            updated.checkedInAt = now
            return AppointmentChange(appointment: updated, cancelPrefixes: [a.dedupePrefix],
                                     reason: "cancelled: the customer checked in")
        }
    }

    static let cancel = CommandHandler(API.AppointmentCancel.self) { (args: IDArgs, context) throws(HuifangError) in
        try change(args.id, context) { a, _, _ in
            guard a.isOpen else { throw HuifangError(.conflict, "a \(a.status.rawValue) appointment cannot be cancelled", field: "id") }
            var updated = a
            updated.status = .cancelled
            return AppointmentChange(appointment: updated, cancelPrefixes: [a.dedupePrefix],
                                     reason: "cancelled: the appointment was cancelled")
        }
    }

    static let reschedule = CommandHandler(API.AppointmentReschedule.self) { (args: AppointmentRescheduleArgs, context) throws(HuifangError) in
        guard let start = ControlCoding.parseTimestamp(args.start) else {
            throw .invalid("start", "must be ISO-8601 with a zone, e.g. 2026-11-24T15:00:00+08:00")
        }
        return try change(args.id, context) { a, customer, now in
            guard a.isOpen else { throw HuifangError(.conflict, "a \(a.status.rawValue) appointment cannot be rescheduled", field: "id") }
            guard start > now else { throw HuifangError.invalid("start", "must lie in the future") }
            var updated = a
            updated.start = start
            updated.status = .booked
            let (tasks, messages) = plan(updated, customer, context.config.snapshot, now)
            return AppointmentChange(appointment: updated, cancelPrefixes: [a.dedupePrefix],
                                     reason: "cancelled: the appointment was rescheduled", tasks: tasks, messages: messages)
        }
    }

    // MARK: - Helpers

    static func plan(_ appointment: Appointment, _ customer: Customer, _ settings: HuifangConfig, _ now: Date)
        -> (tasks: [PlannedTask], messages: [Message])
    {
        let plan = AppointmentPlanner.plan(appointment, customer: customer, settings: settings.appointments,
                                           clinic: settings.service.name, windows: settings.channelWindows(),
                                           configured: Set(settings.channels.map(\.name)), now: now)
        return (plan.tasks, plan.messages.map { $0.message(id: MessageID.generate(now: now), now: now) })
    }

    private static func customer(_ id: Int64, _ context: CommandContext) throws(HuifangError) -> Customer {
        try liveCustomer(id, field: "customer", context)
    }

    private static func change(_ id: Int64, _ context: CommandContext,
                               _ body: @escaping (Appointment, Customer, Date) throws -> AppointmentChange) throws(HuifangError) -> AppointmentView {
        let now = context.clock.now()
        guard let current = try storeCall(context, "reading an appointment", { try context.store.appointment(id: id) }) else {
            throw HuifangError(.notFound, "no appointment with id \(id)", field: "id")
        }
        let customer = try customer(current.customerId, context)
        let settings = context.config.snapshot
        let updated = try storeCall(context, "changing an appointment") {
            try context.store.unitOfWork { () throws -> Appointment in
                // Read again inside the unit: what the change is decided on is what it writes over.
                guard let latest = try context.store.appointment(id: id) else {
                    throw HuifangError(.notFound, "no appointment with id \(id)", field: "id")
                }
                let change = try body(latest, customer, now)
                try context.store.updateAppointment(change.appointment, now: now)
                try context.store.apply(PlannedWork(cancelPrefixes: change.cancelPrefixes, reason: change.reason,
                                                    tasks: StaffNotices.announced(change.tasks, customer: customer, settings: settings),
                                                    messages: change.messages), now: now)
                return change.appointment
            }
        }
        context.wakeup.signal()
        context.logger.info("appointment changed", metadata: ["huifang.appointment_id": "\(id)", "huifang.status": "\(updated.status.rawValue)"])
        return view(updated)
    }

    static func view(_ a: Appointment) -> AppointmentView {
        AppointmentView(id: a.id, customer: a.customerId, service: a.service, staff: a.staff, start: ControlCoding.timestamp(a.start),
                        duration: a.durationMinutes, place: a.place, status: a.status.rawValue,
                        checkedInAt: a.checkedInAt.map(ControlCoding.timestamp))
    }
}
