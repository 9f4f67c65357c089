import Foundation
import HuifangControl
import HuifangTestSupport
import Testing

extension Integration {
    @Suite struct Appointments {
        @Test("R-APT-1 R-APT-2 R-APT-3 R-APT-5 a booking sends its reminder on time; confirm stops retries; reschedule moves and cancel stops reminders")
        func appointmentLifecycle() throws {
            let sink = try WebhookSink()
            let always = ["window = \"always\""]
            let daemon = DaemonHarness(
                channels: [("sms", sink.url("sms")), ("email", sink.url("email")), ("staff-task", sink.url("staff-task"))],
                extra: "[appointments]\nchannels = [\"sms\", \"email\"]\n",
                channelSettings: ["sms": always, "email": always, "staff-task": always])
            try daemon.start()
            let customer = try daemon.ctl(["customer", "add", "--name", "王小梅", "--phone", "13800000000",
                                           "--email", "w@example.com", "--gender", "female"]).stdout.trimmed
            // Starts a day and 2 s from now: the day-before reminder is due in 2 s.
            let start = Date().addingTimeInterval(86_400 + 2)
            let booked = try daemon.ctlJSON(["appointment", "add", "--customer", customer, "--service", "laser",
                                             "--staff", "李医生", "--start", iso(start), "--place", "静安店"])
            let id = try #require(booked["id"]?.int)
            #expect(booked["status"]?.stringValue == "booked")
            let upcoming = try #require(try daemon.ctlJSON(["forecast", "--customer", customer, "--days", "3"]).array)
            #expect(upcoming.filter { $0["kind"]?.stringValue == "appointment.reminder" }.count == 2, "reminder + confirmation retry")

            let reminder = try #require(try sink.waitFor(count: 1, timeout: 10).first)
            #expect(reminder.path == "/sms")
            #expect(reminder.body?["type"]?.stringValue == "appointment.reminder")
            #expect(reminder.body?["text"]?.stringValue?.contains("静安店有laser预约（李医生）") == true)
            #expect(reminder.body?["data"]?["appointment"]?.int == id)

            // R-APT-3: confirmation cancels the retries (second channel and the front-desk call).
            #expect(try daemon.ctlJSON(["appointment", "confirm", "\(id)"])["status"]?.stringValue == "confirmed")
            let cancelled = try #require(try daemon.ctlJSON(["message", "list", "--status", "cancelled"]).array)
            // The e-mail retry, and the staff notice of the front-desk call task.
            #expect(Set(cancelled.compactMap { $0["channel"]?.stringValue }) == ["email", "staff-task"])
            #expect(cancelled.allSatisfy { $0["last_error"]?.stringValue == "cancelled: the appointment was confirmed" })
            let frontDesk = try #require(try daemon.ctlJSON(["task", "list", "--staff", "front-desk"]).array)
            #expect(frontDesk.compactMap { $0["kind"]?.stringValue } == ["appointment.no-show-check"])

            // R-APT-5: reschedule moves the check-in task; cancel cancels it.
            let later = Date().addingTimeInterval(3 * 86_400)
            let moved = try daemon.ctlJSON(["appointment", "reschedule", "\(id)", "--start", iso(later)])
            #expect(moved["status"]?.stringValue == "booked")
            let afterMove = try #require(try daemon.ctlJSON(["task", "list", "--staff", "front-desk"]).array)
            #expect(afterMove.filter { $0["kind"]?.stringValue == "appointment.no-show-check" }.count == 1)
            let plannedReminder = try #require(try daemon.ctlJSON(["forecast", "--customer", customer, "--days", "4"]).array)
                .first { $0["kind"]?.stringValue == "appointment.reminder" && $0["channel"]?.stringValue == "sms" }
            #expect(plannedReminder?["due_at"]?.stringValue != nil)

            #expect(try daemon.ctlJSON(["appointment", "cancel", "\(id)"])["status"]?.stringValue == "cancelled")
            #expect(try #require(try daemon.ctlJSON(["task", "list", "--staff", "front-desk"]).array).isEmpty)
            let pending = try #require(try daemon.ctlJSON(["message", "list", "--status", "pending"]).array)
            #expect(!pending.contains { $0["kind"]?.stringValue == "appointment.reminder" }, "no reminder is left for a cancelled appointment")
            #expect(pending.allSatisfy { $0["kind"]?.stringValue == "appointment.changed" }, "at most the word that it was cancelled")
            let again = try daemon.ctl(["appointment", "checkin", "\(id)"])
            #expect(again.status == 65)
            #expect(again.stderr.contains("cancelled appointment cannot be checked in"))
            #expect(try daemon.ctl(["appointment", "add", "--customer", customer, "--service", "x", "--staff", "y",
                                    "--start", iso(Date().addingTimeInterval(-60))]).status == 65)
            #expect(try sink.received().filter { $0.body?["type"]?.stringValue == "appointment.reminder" }.count == 1)
        }
    }
}
