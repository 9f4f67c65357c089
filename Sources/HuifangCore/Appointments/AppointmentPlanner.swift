import Foundation

/// The appointment rules (R-APT-2…4) as pure functions of (appointment, customer, settings,
/// now): what to send and what to assign, each with a dedupe key under the appointment's
/// prefix and the start time, so a reschedule plans afresh (R-APT-5).
public enum AppointmentPlanner {
    public static let reminderKind = MessageKind.appointmentReminder
    public static let checkInKind = MessageKind.appointmentNoShowCheck

    public static func plan(_ appointment: Appointment, customer: Customer, settings: AppointmentSettings, clinic: String,
                            windows: [String: ContactWindows], callWindows: ContactWindows, consent: ConsentPolicy, now: Date,
                            catalogue: ServiceCatalogue = ServiceCatalogue()) -> FollowUpPlan {
        var plan = FollowUpPlan()
        guard appointment.isOpen, appointment.start > now else { return plan }
        let zone = TimeZone(identifier: customer.timeZone) ?? TimeZone(identifier: "Asia/Shanghai")!
        // R-CUS-4: the channels consent allows for a reminder, in order (essential by default).
        let channels = settings.channels.filter { channel in
            Consent.channel(for: customer, candidates: [channel], kind: reminderKind, policy: consent) != nil
        }
        let at = appointment.start.unixMillis
        var values = Salutation.values(for: customer)
        values["clinic"] = clinic
        values["service"] = catalogue.displayName(appointment.service, customer.locale)
        values["staff"] = appointment.staff
        values["place"] = appointment.place
        values["time"] = localTime(appointment.start, zone: zone, locale: customer.locale)
        let text = settings.template.template(for: customer.locale)?.render(values) ?? ""

        func reminder(_ label: String, due: Date, channel: String) {
            let window = windows[channel] ?? .always
            let held = window.nextOpening(atOrAfter: max(due, now), in: zone)
            guard held < appointment.start else { return }
            let message = PlannedMessage(
                kind: reminderKind, customerId: customer.id, channel: channel, text: text, locale: customer.locale,
                occasion: due, dueAt: held, expiresAt: appointment.start,
                dedupeKey: "\(appointment.dedupePrefix)\(label):\(at)",
                dataJSON: #"{"appointment":\#(appointment.id),"start":"\#(ISO8601DateFormatter().string(from: appointment.start))"}"#,
                timeZone: customer.timeZone)
            plan.messages.append(message)
        }

        // R-APT-2: the day before (24 h, inside the message window) and, for services that ask, 2 h before.
        if let first = channels.first {
            let due = appointment.start.addingTimeInterval(-settings.reminderLead)
            reminder("reminder", due: due, channel: first)
            if settings.secondReminderServices.contains(appointment.service) {
                reminder("reminder-2h", due: appointment.start.addingTimeInterval(-settings.secondReminderLead), channel: first)
            }
            // R-APT-3: unconfirmed: a second channel, then a staff call; cancelled on confirmation.
            // R-TIME-1: the call is due in the customer's call window (a reminder at 15:00 the
            // day before made it due at 23:00); none when the window opens only after the start.
            let retry = max(due, now).addingTimeInterval(settings.confirmationRetryAfter)
            if appointment.status == .booked {
                if channels.count > 1 { reminder("confirm-retry-1", due: retry, channel: channels[1]) }
                let call = callWindows.nextOpening(atOrAfter: retry.addingTimeInterval(settings.confirmationRetryAfter), in: zone)
                if call < appointment.start {
                    plan.tasks.append(PlannedTask(
                        kind: MessageKind.appointmentConfirmCall, customerId: customer.id, visitId: nil, step: "appointment/confirm",
                        assignee: StaffRole.frontDesk.rawValue, dueAt: call, overdueAt: appointment.start,
                        text: "请致电\(customer.name)确认预约（\(values["time"]!)，\(values["service"]!)）",
                        dedupeKey: "\(appointment.dedupePrefix)confirm-call:\(at)"))
                }
            }
        }
        // What to do before some services (fasting before surgery, what to bring), on the
        // first channel, at its lead before the start.
        if let channel = channels.first {
            for (index, preparation) in settings.preparations.enumerated() where preparation.services.contains(appointment.service) {
                guard let template = preparation.template.template(for: customer.locale) else { continue }
                let due = appointment.start.addingTimeInterval(-preparation.lead)
                let held = (windows[channel] ?? .always).nextOpening(atOrAfter: max(due, now), in: zone)
                guard held < appointment.start else { continue }
                plan.messages.append(PlannedMessage(
                    kind: MessageKind.appointmentPreparation, customerId: customer.id, channel: channel, text: template.render(values),
                    locale: customer.locale, occasion: due, dueAt: held, expiresAt: appointment.start,
                    dedupeKey: "\(appointment.dedupePrefix)preparation-\(index):\(at)",
                    dataJSON: #"{"appointment":\#(appointment.id)}"#, timeZone: customer.timeZone))
            }
        }
        // R-APT-4: not checked in 15 minutes after the start: the front desk reaches out.
        plan.tasks.append(PlannedTask(
            kind: checkInKind, customerId: customer.id, visitId: nil, step: "appointment/check-in",
            assignee: StaffRole.frontDesk.rawValue, dueAt: appointment.start.addingTimeInterval(settings.checkInGrace),
            overdueAt: appointment.end, text: "\(customer.name) 预约\(values["time"]!)未到，请联系（\(values["service"]!)）",
            urgent: true,   // the customer may be on the way: staff hear of it at once (R-TIME-1)
            dedupeKey: "\(appointment.dedupePrefix)check-in:\(at)"))
        return plan
    }

    /// The prefixes whose pending work a change cancels: everything, or only confirmation
    /// retries (on confirm), or the check-in task (on check-in).
    public static func confirmationPrefix(_ appointment: Appointment) -> [String] {
        ["\(appointment.dedupePrefix)confirm-"]
    }

    public static func checkInPrefix(_ appointment: Appointment) -> [String] {
        ["\(appointment.dedupePrefix)check-in:"]
    }

    public static func localTime(_ date: Date, zone: TimeZone, locale: MessageLocale) -> String {
        let formatter = DateFormatter()
        formatter.timeZone = zone
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = locale == .en ? "d MMM HH:mm" : "M月d日 HH:mm"
        return formatter.string(from: date)
    }

    /// A day and time as a clinic writes it: `11月28日（周六）15:00`, `Sat 28 Nov 15:00`.
    public static func dayAndTime(_ date: Date, zone: TimeZone, locale: MessageLocale) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.month, .day, .weekday, .hour, .minute], from: date)
        let clock = String(format: "%02d:%02d", c.hour!, c.minute!)
        switch locale {
        case .zhHans: return "\(c.month!)月\(c.day!)日（\(["周日", "周一", "周二", "周三", "周四", "周五", "周六"][c.weekday! - 1])）\(clock)"
        case .zhHant: return "\(c.month!)月\(c.day!)日（\(["週日", "週一", "週二", "週三", "週四", "週五", "週六"][c.weekday! - 1])）\(clock)"
        case .en:
            let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            return "\(["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][c.weekday! - 1]) \(c.day!) \(months[c.month! - 1]) \(clock)"
        }
    }
}
