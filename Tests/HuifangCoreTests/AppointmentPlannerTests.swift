import Foundation
import HuifangCore
import Testing

@Suite struct AppointmentPlannerTests {
    let shanghai = TimeZone(identifier: "Asia/Shanghai")!

    func at(_ text: String) -> Date {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = shanghai
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.date(from: text)!
    }

    var customer: Customer {
        Customer(id: 9, name: "王小梅", gender: .female, phone: "13800000000", email: "w@example.com", createdAt: Date(timeIntervalSince1970: 0))
    }

    func settings(second: [String] = []) -> AppointmentSettings {
        var s = AppointmentSettings(template: DefaultTemplates.appointmentReminder)
        s.secondReminderServices = second
        s.channels = ["sms", "email"]
        return s
    }

    func plan(_ a: Appointment, _ s: AppointmentSettings, now: String, customer c: Customer? = nil,
              essential: Set<String> = ConsentPolicy.defaultEssentialKinds, calls: ContactWindows = .defaultCalls) -> FollowUpPlan {
        AppointmentPlanner.plan(a, customer: c ?? customer, settings: s, clinic: "回访诊所",
                                windows: ["sms": .defaultMessages, "email": .defaultMessages], callWindows: calls,
                                consent: ConsentPolicy(essentialKinds: essential, configured: ["sms", "email"], order: ["sms", "email"]),
                                now: at(now))
    }

    func appointment(_ start: String, service: String = "laser", status: Appointment.Status = .booked) -> Appointment {
        Appointment(id: 5, customerId: 9, service: service, staff: "李医生", start: at(start), durationMinutes: 60,
                    place: "静安店", status: status)
    }

    @Test("R-APT-2 a reminder the day before with name, time, service and place; a second one 2 h before for services that ask")
    func reminders() {
        let p = plan(appointment("2026-11-25 15:00", service: "surgery"), settings(second: ["surgery"]), now: "2026-11-23 10:00")
        let reminders = p.messages.filter { $0.dedupeKey.contains(":reminder") }
        #expect(reminders.map(\.dueAt) == [at("2026-11-24 15:00"), at("2026-11-25 13:00")])
        #expect(reminders.allSatisfy { $0.expiresAt == at("2026-11-25 15:00") && $0.channel == "sms" })
        #expect(reminders[0].text == "王女士您好，回访诊所提醒您：11月25日 15:00在静安店有surgery预约（李医生），请回复确认。")
        #expect(plan(appointment("2026-11-25 15:00"), settings(second: ["surgery"]), now: "2026-11-23 10:00")
            .messages.filter { $0.dedupeKey.contains(":reminder") }.count == 1)
    }

    @Test("R-APT-2 R-TIME-1 a reminder falling before the message window waits for it: 08:00 tomorrow is reminded at 09:00 today")
    func reminderInWindow() {
        let p = plan(appointment("2026-11-25 08:00"), settings(), now: "2026-11-23 10:00")
        #expect(p.messages.first { $0.dedupeKey.contains(":reminder:") }?.dueAt == at("2026-11-24 09:00"))
    }

    @Test("R-APT-3 unconfirmed: a retry on a second channel, then a front-desk call — at most two retries")
    func confirmationRetries() {
        let p = plan(appointment("2026-11-25 15:00"), settings(), now: "2026-11-23 10:00")
        let retry = p.messages.filter { $0.dedupeKey.contains("confirm-retry") }
        #expect(retry.map(\.channel) == ["email"])
        #expect(retry.map(\.dueAt) == [at("2026-11-24 19:00")])
        let call = p.tasks.filter { $0.kind == "appointment.confirm-call" }
        #expect(call.map(\.dueAt) == [at("2026-11-25 11:00")], "23:00 the night before waits for the call window")
        #expect(call.map(\.assignee) == ["front-desk"])
        let confirmed = plan(appointment("2026-11-25 15:00", status: .confirmed), settings(), now: "2026-11-23 10:00")
        #expect(confirmed.messages.allSatisfy { !$0.dedupeKey.contains("confirm") })
        #expect(confirmed.tasks.allSatisfy { $0.kind != "appointment.confirm-call" })
    }

    @Test("R-APT-3 R-TIME-1 the confirmation call is due in the call window, and not planned when the window opens only after the start")
    func confirmationCallInCallWindow() {
        // Reminder 10:00 the day before, retry 14:00, call 18:00: the evening window opens at 19:30.
        let evening = plan(appointment("2026-11-25 10:00"), settings(), now: "2026-11-23 10:00")
        #expect(evening.tasks.filter { $0.kind == "appointment.confirm-call" }.map(\.dueAt) == [at("2026-11-24 19:30")])
        // With calls only 11:00-12:30 the next opening is the appointment's own morning, too late.
        let late = plan(appointment("2026-11-25 10:00"), settings(), now: "2026-11-23 10:00",
                        calls: ContactWindows([TimeWindow("11:00-12:30")!]))
        #expect(late.tasks.allSatisfy { $0.kind != "appointment.confirm-call" })
        #expect(late.tasks.contains { $0.kind == "appointment.no-show-check" })
    }

    @Test("R-APT-4 a front-desk task 15 minutes after the start, overdue at the end; nothing for past or cancelled appointments")
    func checkInTask() {
        let p = plan(appointment("2026-11-25 15:00"), settings(), now: "2026-11-23 10:00")
        let task = p.tasks.first { $0.kind == "appointment.no-show-check" }
        #expect(task?.dueAt == at("2026-11-25 15:15"))
        #expect(task?.overdueAt == at("2026-11-25 16:00"))
        #expect(task?.urgent == true, "the no-show check reaches the front desk at once, whatever the hour")
        #expect(plan(appointment("2026-11-20 15:00"), settings(), now: "2026-11-23 10:00") == FollowUpPlan())
        #expect(plan(appointment("2026-11-25 15:00", status: .cancelled), settings(), now: "2026-11-23 10:00") == FollowUpPlan())
    }

    @Test("R-APT-5 R-CUS-4 every key carries the appointment and the start, so a reschedule plans afresh; essential reminders ignore an SMS opt-out")
    func keysAndConsent() {
        let p = plan(appointment("2026-11-25 15:00"), settings(), now: "2026-11-23 10:00")
        let keys = p.messages.map(\.dedupeKey) + p.tasks.map(\.dedupeKey)
        #expect(keys.allSatisfy { $0.hasPrefix("apt:5:") && $0.hasSuffix(":\(at("2026-11-25 15:00").unixMillis)") })
        var optedOut = customer
        optedOut.optedOut = ["sms"]
        #expect(plan(appointment("2026-11-25 15:00"), settings(), now: "2026-11-23 10:00", customer: optedOut).messages.first?.channel == "sms")
        #expect(plan(appointment("2026-11-25 15:00"), settings(), now: "2026-11-23 10:00", customer: optedOut, essential: [])
            .messages.first?.channel == "email", "not essential in this business: the next allowed channel")
    }
}
