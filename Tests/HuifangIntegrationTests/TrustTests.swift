import Foundation
import HuifangControl
import HuifangTestSupport
import Testing

/// Messages a customer can trust: consent, windows, supersession and `message why`, on a
/// real daemon whose clock is moved to the hour each test needs.
extension Integration {
    @Suite struct Trust {
        static let always = ["window = \"always\""]

        @Test("R-CUS-4 a customer who opted out of SMS gets no greeting, campaign or tier notice there: each goes by e-mail, the channel they allow, queued ones included")
        func optedOutChannelCarriesNothing() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms")), ("email", sink.url("email"))],
                                       channelSettings: ["sms": Self.always, "email": Self.always])
            let noon = ClockOffset(toNext: 12, 0)   // a birthday greeting (10:00) is due
            try daemon.start(environment: noon.environment)
            // SMS held back while the customers are set up: a greeting queued on SMS before
            // the opt-out must not go there either.
            #expect(try daemon.ctl(["endpoint", "pause", "sms"]).status == 0)
            let birthday = "1990" + noon.today.dropFirst(4)
            let customer = try daemon.ctl(["customer", "add", "--name", "周敏", "--phone", "13800000000", "--email", "zhou@example.com",
                                           "--birthday", String(birthday), "--gender", "female"]).stdout.trimmed
            #expect(try daemon.ctl(["customer", "opt-out", customer, "--channel", "sms"]).status == 0)
            let campaign = try #require(try daemon.ctlJSON(["message", "schedule", "--customer", customer, "--channel", "sms",
                                                            "--text", "会员日九折", "--marketing"])["id"]?.stringValue)
            #expect(try daemon.ctl(["purchase", "add", "--customer", customer, "--amount", "50000.00"]).status == 0)
            #expect(try daemon.ctl(["endpoint", "resume", "sms"]).status == 0)

            var types: [String] = []
            #expect(try eventually {
                types = try sink.received().compactMap { $0.body?["type"]?.stringValue }
                return Set(types).isSuperset(of: ["membership.tier_changed", "message.manual", "birthday.greeting"])
            }, "\(types)")
            let hooks = try sink.received()
            #expect(!hooks.contains { $0.path == "/sms" }, "nothing on the channel they left: \(hooks.map(\.path))")
            #expect(hooks.filter { $0.path == "/email" }.count == 3)
            let shown = try daemon.ctlJSON(["message", "show", campaign])
            #expect(shown["status"]?.stringValue == "skipped")
            #expect(shown["last_error"]?.stringValue == "consent: the customer opted out of sms; rerouted to email")
            let story = try #require(try daemon.ctlJSON(["message", "why", campaign]).array)
            let rerouted = try #require(story.first { $0["event"]?.stringValue == "rerouted" })
            let copy = try #require(rerouted["related"]?.stringValue)
            let copied = try daemon.ctlJSON(["message", "show", copy])
            #expect(copied["channel"]?.stringValue == "email" && copied["status"]?.stringValue == "delivered")
        }

        @Test("R-TIME-1 a marketing message scheduled before the message window opens is delivered at its opening, not before")
        func marketingWaitsForTheWindow() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])
            let clock = ClockOffset(toNext: 8, 59, 45)
            try daemon.start(environment: clock.environment)
            let customer = try daemon.ctl(["customer", "add", "--name", "郑洁", "--phone", "13800000000"]).stdout.trimmed
            let id = try #require(try daemon.ctlJSON(["message", "schedule", "--customer", customer, "--channel", "sms",
                                                      "--text", "冬季护肤课堂报名中", "--marketing"])["id"]?.stringValue)
            let opening = clock.next(9, 0)
            var held = JSONValue.null
            #expect(try eventually { held = try daemon.ctlJSON(["message", "show", id]); return held["held"]?.stringValue != nil })
            #expect(held["held"]?.stringValue?.hasPrefix("window:") == true)
            #expect(held["due_at"]?.stringValue.flatMap(ControlCoding.parseTimestamp) == opening)
            let arrived = try #require(try sink.waitFor(count: 1, timeout: 40).first)
            #expect(arrived.receivedDate.addingTimeInterval(clock.seconds) >= opening, "sent before 09:00")
            let delivered = try daemon.ctlJSON(["message", "show", id])
            #expect(delivered["status"]?.stringValue == "delivered")
        }

        @Test("R-TIME-1 staff notices follow staff hours: at 23:00 an urgent task's goes at once, an ordinary one's waits for 08:30")
        func staffNoticesAtNight() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms")), ("staff-task", sink.url("staff-task"))])
            let clock = ClockOffset(toNext: 23, 0)
            try daemon.start(environment: clock.environment)
            let customer = try daemon.ctl(["customer", "add", "--name", "冯强", "--phone", "13800000000"]).stdout.trimmed
            let urgent = try #require(try daemon.ctlJSON(["complaint", "open", "--customer", customer, "--channel", "phone",
                                                          "--content", "术后红肿", "--severity", "high"])["id"]?.int)
            let ordinary = try #require(try daemon.ctlJSON(["complaint", "open", "--customer", customer, "--channel", "phone",
                                                            "--content", "停车不便"])["id"]?.int)
            let hooks = try sink.waitFor(count: 1)
            #expect(hooks.first?.body?["text"]?.stringValue?.contains("#\(urgent)") == true)
            let messages = try #require(try daemon.ctlJSON(["message", "list"]).array)
            let notice = try #require(messages.first {
                $0["channel"]?.stringValue == "staff-task" && ($0["text"]?.stringValue ?? "").contains("#\(ordinary)")
            }?["id"]?.stringValue)
            var shown = JSONValue.null
            #expect(try eventually { shown = try daemon.ctlJSON(["message", "show", notice]); return shown["held"]?.stringValue != nil })
            #expect(shown["due_at"]?.stringValue.flatMap(ControlCoding.parseTimestamp) == clock.next(8, 30))
            // The customer's acknowledgements wait for their own window (09:00) too: nothing else went out.
            #expect(try sink.count() == 1, "only the urgent notice goes at 23:00")
        }

        @Test("R-CMP-4 R-DLV-7 a complaint's four status updates queued at night leave only the last one to be sent; the rest say what superseded them")
        func complaintUpdatesSuperseded() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])
            try daemon.start(environment: ClockOffset(toNext: 23, 0).environment)
            let customer = try daemon.ctl(["customer", "add", "--name", "褚丽", "--phone", "13800000000", "--gender", "female"]).stdout.trimmed
            let id = try #require(try daemon.ctlJSON(["complaint", "open", "--customer", customer, "--channel", "phone",
                                                      "--content", "预约被推迟"])["id"]?.int)
            _ = try daemon.ctlJSON(["complaint", "respond", "\(id)", "--note", "已联系门店"])
            _ = try daemon.ctlJSON(["complaint", "respond", "\(id)", "--note", "门店将致电说明"])
            _ = try daemon.ctlJSON(["complaint", "resolve", "\(id)", "--note", "已改约并赠送护理"])
            let messages = try #require(try daemon.ctlJSON(["message", "list"]).array)
                .filter { ($0["kind"]?.stringValue ?? "").hasPrefix("complaint.") && $0["kind"]?.stringValue != "complaint.satisfaction" }
            #expect(messages.count == 4)
            let live = messages.filter { $0["status"]?.stringValue == "pending" }
            #expect(live.map { $0["kind"]?.stringValue } == ["complaint.resolved"], "only the latest status is sent")
            let withdrawn = messages.filter { $0["status"]?.stringValue == "cancelled" }
            #expect(withdrawn.count == 3)
            #expect(withdrawn.allSatisfy { $0["last_error"]?.stringValue?.hasPrefix("superseded by complaint #\(id) now ") == true })
            let firstWithdrawn = try #require(withdrawn.first?["id"]?.stringValue)
            let story = try #require(try daemon.ctlJSON(["message", "why", firstWithdrawn]).array)
            #expect(story.last?["event"]?.stringValue == "superseded")
        }

        @Test("R-TIME-5 a greeting whose local day ends while the daemon is stopped is skipped on start, with the reason")
        func greetingStaleAfterStop() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))], channelSettings: ["sms": Self.always])
            let late = ClockOffset(toNext: 23, 59, 20)
            try daemon.start(environment: late.environment)
            #expect(try daemon.ctl(["endpoint", "pause", "sms"]).status == 0)
            let birthday = "1990" + late.today.dropFirst(4)
            _ = try daemon.ctl(["customer", "add", "--name", "卫红", "--phone", "13800000000", "--birthday", String(birthday)])
            var greeting: JSONValue?
            #expect(try eventually {
                greeting = try daemon.ctlJSON(["message", "list"]).array?.first { $0["kind"]?.stringValue == "birthday.greeting" }
                return greeting != nil
            })
            let id = try #require(greeting?["id"]?.stringValue)
            #expect(daemon.stop() == 0)

            // The next morning (local): the day of the birthday is over.
            let nextDay = ClockOffset(seconds: late.seconds + 8 * 3600)
            try daemon.start(environment: nextDay.environment)
            #expect(try daemon.ctl(["endpoint", "resume", "sms"]).status == 0)
            var shown = JSONValue.null
            #expect(try eventually { shown = try daemon.ctlJSON(["message", "show", id]); return shown["status"]?.stringValue == "skipped" })
            #expect(shown["last_error"]?.stringValue?.hasPrefix("stale:") == true)
            #expect(try sink.count() == 0, "no 生日快乐 the day after")
        }

        @Test("R-DLV-7 message why tells a delivered message's story: held by the window, one failed attempt, held by the open circuit, delivered")
        func messageWhy() throws {
            let sink = try WebhookSink()
            try sink.script([SinkReply(status: 503)])
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))],
                                       channelSettings: ["sms": ["circuit_failure_threshold = 1", "circuit_cool_down_ms = 4000"]])
            let clock = ClockOffset(toNext: 8, 59, 50)
            try daemon.start(environment: clock.environment)
            let customer = try daemon.ctl(["customer", "add", "--name", "蒋文", "--phone", "13800000000"]).stdout.trimmed
            let id = try #require(try daemon.ctlJSON(["message", "schedule", "--customer", customer, "--channel", "sms",
                                                      "--text", "您好，明天上午十点复诊", "--windowed"])["id"]?.stringValue)
            // While the circuit is open, `message show` says so.
            var circuit: String?
            #expect(try eventually(timeout: 30) {
                circuit = try daemon.ctlJSON(["message", "show", id])["held"]?.stringValue
                return circuit?.hasPrefix("circuit:") == true
            })
            #expect(circuit?.contains("sms circuit open until") == true)
            #expect(try eventually(timeout: 20) { try daemon.ctlJSON(["message", "show", id])["status"]?.stringValue == "delivered" })

            let story = try #require(try daemon.ctlJSON(["message", "why", id]).array)
            func index(_ event: String, _ prefix: String) -> Int? {
                story.firstIndex { $0["event"]?.stringValue == event && ($0["detail"]?.stringValue ?? "").hasPrefix(prefix) }
            }
            let created = try #require(index("created", "scheduled by operator uid"))
            let window = try #require(index("held", "window:"))
            let failed = try #require(index("attempt", "attempt 1 to sms: HTTP 503"))
            let open = try #require(index("held", "circuit: the sms circuit was open"))
            let delivered = try #require(index("attempt", "attempt 2 to sms: HTTP 200"))
            #expect(created < window && window < failed && failed < open && open < delivered, "\(story)")
            let times = story.compactMap { $0["at"]?.stringValue.flatMap(ControlCoding.parseTimestamp) }
            #expect(times.count == story.count && times == times.sorted(), "in time order")

            let text = try daemon.ctl(["message", "why", id]).stdout
            #expect(text.contains("held") && text.contains("attempt 2 to sms: HTTP 200"))
        }
    }
}
