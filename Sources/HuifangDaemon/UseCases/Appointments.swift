import Foundation
import HuifangCore

/// Appointments (R-APT-1…5): booking, with reminders and the check-in task planned at
/// once, and every change, each with the pending work it cancels or moves, as one unit of
/// work. Called by the socket handlers and the CSV import.
struct Appointments {
    let context: CommandContext

    init(_ context: CommandContext) { self.context = context }

    /// An appointment as it may be booked: in the future, 5 to 1440 minutes, service and
    /// staff named; the place defaults to the clinic (the customer's branch in a chain).
    func checked(customer: Customer, service: String, staff: String, start: Date, duration: Int?,
                 place: String?, unlisted: Bool = false) throws(HuifangError) -> Appointment {
        guard start > context.clock.now() else { throw .invalid("start", "must lie in the future", chinese: Self.pastStart) }
        let duration = duration ?? 60
        guard (5...24 * 60).contains(duration) else {
            throw .invalid("duration", "must be 5 to 1440 minutes", chinese: "时长须为 5 到 1440 分钟。")
        }
        let service = try Services(context).resolve(service, unlisted: unlisted)
        guard !staff.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw .invalid("staff", "must not be empty", chinese: "请选择医生或员工。")
        }
        return Appointment(id: 0, customerId: customer.id, service: service, staff: staff, start: start,
                           durationMinutes: duration, place: place ?? context.config.snapshot.clinicName(for: customer))
    }

    /// Books a checked appointment with its reminders and check-in task.
    func book(_ appointment: Appointment, customer: Customer) throws(HuifangError) -> Appointment {
        let now = context.clock.now()
        let settings = context.config.snapshot
        let stored = try storeCall(context, "booking an appointment") {
            try context.store.unitOfWork {
                let stored = try context.store.addAppointment(appointment, now: now)
                let (tasks, messages) = plan(stored, customer, settings, now)
                try context.store.apply(PlannedWork(tasks: StaffNotices.announced(tasks, customer: customer, settings: settings, store: context.store),
                                                     messages: messages), now: now)
                return stored
            }
        }
        context.wakeup.signal()
        return stored
    }

    /// The customer confirmed: no more confirmation retries.
    func confirm(_ id: Int64) throws(HuifangError) -> Appointment {
        try change(id) { a, _, _ in
            guard a.isOpen else { throw Self.closed(a, "cannot be confirmed", "不能再确认") }
            var updated = a
            updated.status = .confirmed
            return AppointmentChange(appointment: updated, cancelPrefixes: AppointmentPlanner.confirmationPrefix(a),
                                     reason: "cancelled: the appointment was confirmed")
        }
    }

    /// The customer arrived: no no-show task.
    func checkIn(_ id: Int64) throws(HuifangError) -> Appointment {
        try change(id) { a, _, now in
            guard a.isOpen else { throw Self.closed(a, "cannot be checked in", "不能再登记到店") }
            var updated = a
            updated.status = .completed
            updated.checkedInAt = now
            return AppointmentChange(appointment: updated, cancelPrefixes: [a.dedupePrefix],
                                     reason: "cancelled: the customer checked in")
        }
    }

    /// R-APT-5: cancelled, with its pending reminders.
    func cancel(_ id: Int64) throws(HuifangError) -> Appointment {
        try change(id) { a, customer, now in
            guard a.isOpen else { throw Self.closed(a, "cannot be cancelled", "不能再取消") }
            var updated = a
            updated.status = .cancelled
            return AppointmentChange(appointment: updated, cancelPrefixes: [a.dedupePrefix],
                                     reason: "cancelled: the appointment was cancelled",
                                     messages: tell(customer, a, .appointmentCancelled, now: now))
        }
    }

    /// R-APT-5: moved; pending reminders are cancelled and planned for the new time.
    func reschedule(_ id: Int64, to start: Date) throws(HuifangError) -> Appointment {
        let settings = context.config.snapshot
        return try change(id) { a, customer, now in
            guard a.isOpen else { throw Self.closed(a, "cannot be rescheduled", "不能再改期") }
            guard start > now else { throw HuifangError.invalid("start", "must lie in the future", chinese: Self.pastStart) }
            var updated = a
            updated.start = start
            updated.status = .booked
            let (tasks, reminders) = plan(updated, customer, settings, now)
            let messages = reminders + tell(customer, a, .appointmentMoved, newStart: start, now: now)
            return AppointmentChange(appointment: updated, cancelPrefixes: [a.dedupePrefix],
                                     reason: "superseded by appointment \(a.id) moved to \(SendDecision.iso(start, in: context.zone))", tasks: tasks, messages: messages)
        }
    }

    private static let pastStart = "开始时间须晚于现在。"

    /// A change refused because the appointment is over (cancelled, no-show, completed).
    private static func closed(_ a: Appointment, _ english: String, _ chinese: String) -> HuifangError {
        HuifangError(.conflict, "a \(a.status.rawValue) appointment \(english)", field: "id",
                     chinese: "编号为 \(a.id) 的预约\(a.status.chineseName)，\(chinese)。")
    }

    private static func notFound(_ id: Int64) -> HuifangError {
        HuifangError(.notFound, "no appointment with id \(id)", field: "id", chinese: "找不到编号为 \(id) 的预约。")
    }

    private func plan(_ appointment: Appointment, _ customer: Customer, _ settings: HuifangConfig, _ now: Date)
        -> (tasks: [PlannedTask], messages: [Message])
    {
        let plan = AppointmentPlanner.plan(appointment, customer: customer, settings: settings.appointments,
                                           clinic: settings.clinicName(for: customer), windows: settings.channelWindows(),
                                           callWindows: settings.greetings.windows["calls"] ?? .defaultCalls,
                                           consent: settings.consentPolicy, now: now, catalogue: settings.services)
        return (plan.tasks, plan.messages.map { $0.message(id: MessageID.generate(now: now), now: now) })
    }

    /// R-APT-5: the customer hears that their appointment moved or was called off: one
    /// message on their channel as consent allows (`appointment.changed`, essential by
    /// default), in their window, no later than the appointment. A later change supersedes
    /// it while queued (its key is under the appointment's prefix).
    private func tell(_ customer: Customer, _ a: Appointment, _ notice: CustomerNotice, newStart: Date? = nil, now: Date) -> [Message] {
        let settings = context.config.snapshot
        let zone = TimeZone(identifier: customer.timeZone) ?? context.zone
        var values = ["service": settings.services.displayName(a.service, customer.locale), "time": AppointmentPlanner.localTime(a.start, zone: zone, locale: customer.locale)]
        if let newStart { values["new_time"] = AppointmentPlanner.localTime(newStart, zone: zone, locale: customer.locale) }
        let text = settings.notices.render(notice, for: customer, clinic: settings.clinicName(for: customer), values)
        guard var message = StaffNotices.toCustomer(customer, kind: MessageKind.appointmentChanged, text: text,
                                                    key: "\(a.dedupePrefix)\(notice.rawValue):\(now.unixMillis)", due: now,
                                                    settings: settings, now: now) else { return [] }
        let first = min(a.start, newStart ?? a.start)
        guard first > now else { return [] }
        message.expiresAt = first
        return [message]
    }

    /// Reads the appointment inside the unit of work, decides the change on it, and writes
    /// the change with the work it cancels and plans.
    private func change(_ id: Int64, _ body: (Appointment, Customer, Date) throws -> AppointmentChange) throws(HuifangError) -> Appointment {
        let now = context.clock.now()
        guard let current = try storeCall(context, "reading an appointment", { try context.store.appointment(id: id) }) else {
            throw Self.notFound(id)
        }
        // Booked at the caller's branch: in their book, so theirs to confirm, check in or move.
        let customer = try liveCustomer(current.customerId, field: "customer", context, at: current.branch)
        let settings = context.config.snapshot
        let updated = try storeCall(context, "changing an appointment") {
            try context.store.unitOfWork { () throws -> Appointment in
                // Read again inside the unit: what the change is decided on is what it writes over.
                guard let latest = try context.store.appointment(id: id) else {
                    throw Self.notFound(id)
                }
                let change = try body(latest, customer, now)
                try context.store.updateAppointment(change.appointment, now: now)
                try context.store.apply(PlannedWork(cancelPrefixes: change.cancelPrefixes, reason: change.reason,
                                                    tasks: StaffNotices.announced(change.tasks, customer: customer, settings: settings, store: context.store),
                                                    messages: change.messages), now: now)
                return change.appointment
            }
        }
        context.wakeup.signal()
        context.logger.info("appointment changed", metadata: ["huifang.appointment_id": "\(id)", "huifang.status": "\(updated.status.rawValue)"])
        return updated
    }
}
