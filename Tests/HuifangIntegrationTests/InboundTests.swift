import Foundation
import HuifangControl
import HuifangDelivery
import HuifangTestSupport
import Testing

/// Two-way HTTP (R-IN-1…5): real requests to the running daemon's listener.
extension Integration {
    @Suite struct Inbound {
        static let always = ["window = \"always\""]
        static let gatewaySecret = "whsec_ZGVtby1pbmJvdW5kLXNlY3JldC0wMTIzNDU2Nzg5"
        static let token = "3f9a0c1d2e4b5a6978877665544332211"
        static let sources = """
            [inbound.gateway]
            format = "standard-webhooks"
            secret = "\(gatewaySecret)"

            [inbound.aliyun]
            format = "aliyun-sms"
            token = "\(token)"

            """

        /// A Standard Webhooks request as a gateway signs it.
        static func signed(_ body: String, id: String = "evt_\(UUID().uuidString)", at: Date = Date(),
                           secret: String = gatewaySecret) throws -> [(String, String)] {
            let stamp = Int64(at.timeIntervalSince1970)
            let signature = StandardWebhooks.signature(id: id, timestamp: stamp, body: Array(body.utf8),
                                                       secret: try WebhookSecret(parsing: secret))
            return [("content-type", "application/json"), ("webhook-id", id), ("webhook-timestamp", "\(stamp)"),
                    ("webhook-signature", signature)]
        }

        static func post(_ port: Int, _ path: String, _ body: String, headers: [(String, String)] = []) throws -> (Int, JSONValue) {
            let (status, data) = try LoopbackHTTP.request(port: port, method: "POST", path: path, body: Data(body.utf8), headers: headers)
            return (status, (try? JSONDecoder().decode(JSONValue.self, from: data)) ?? .null)
        }

        static func auditCount(_ daemon: DaemonHarness) throws -> Int {
            try daemon.ctlJSON(["audit", "list", "--limit", "10000"]).array?.count ?? -1
        }

        @Test("R-IN-1 R-IN-4 a signed receipt is recorded once; its replay and a bad signature are refused and change nothing")
        func signedReceipt() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))], extra: Self.sources, channelSettings: ["sms": Self.always])
            try daemon.start()
            let port = try daemon.httpPort()
            let customer = try daemon.ctl(["customer", "add", "--name", "王小梅", "--phone", "13800000000"]).stdout.trimmed
            let id = try #require(try daemon.ctlJSON(["message", "schedule", "--customer", customer, "--channel", "sms",
                                                      "--text", "术后第三天回访"])["id"]?.stringValue)
            _ = try sink.waitFor(count: 1)
            #expect(try eventually { try daemon.ctlJSON(["message", "show", id])["status"]?.stringValue == "delivered" })

            let body = #"{"type":"message.receipt","timestamp":"2026-11-28T10:00:04+08:00","data":{"message_id":"\#(id)","status":"delivered","at":"2026-11-28T10:00:04+08:00"}}"#
            let headers = try Self.signed(body)
            let (status, answer) = try Self.post(port, "/inbound/gateway", body, headers: headers)
            #expect(status == 200, "\(answer)")
            let shown = try daemon.ctlJSON(["message", "show", id])
            #expect(shown["receipt"]?.stringValue == "the gateway reports it delivered to the recipient")
            #expect(shown["receipt_at"]?.stringValue == "2026-11-28T10:00:04.000+08:00")
            let story = try #require(try daemon.ctlJSON(["message", "why", id]).array)
            #expect(story.contains { $0["event"]?.stringValue == "receipt" })

            let audits = try Self.auditCount(daemon)
            // The same request again: a replay.
            let (replayed, replayAnswer) = try Self.post(port, "/inbound/gateway", body, headers: headers)
            #expect(replayed == 409)
            #expect(replayAnswer["error"]?["field"]?.stringValue == "webhook-id")
            // A body the secret did not sign.
            let forged = body.replacingOccurrences(of: "delivered\",\"at", with: "undelivered\",\"at")
            let (bad, badAnswer) = try Self.post(port, "/inbound/gateway", forged, headers: try Self.signed(body))
            #expect(bad == 401)
            #expect(badAnswer["error"]?["code"]?.stringValue == "bad_signature")
            // Signed, but ten minutes old.
            let (stale, staleAnswer) = try Self.post(port, "/inbound/gateway", body, headers: try Self.signed(body, at: Date().addingTimeInterval(-600)))
            #expect(stale == 401)
            #expect(staleAnswer["error"]?["field"]?.stringValue == "webhook-timestamp")
            // A repeated receipt under a fresh id is answered, and changes nothing.
            let (repeated, _) = try Self.post(port, "/inbound/gateway", forged, headers: try Self.signed(forged))
            #expect(repeated == 200)
            let after = try daemon.ctlJSON(["message", "show", id])
            #expect(after["status"]?.stringValue == "delivered")
            #expect(after["receipt"] == shown["receipt"])
            // A receipt for an id nobody knows is answered 200 and logged.
            let unknown = #"{"type":"message.receipt","data":{"message_id":"msg_nobody","status":"delivered"}}"#
            #expect(try Self.post(port, "/inbound/gateway", unknown, headers: try Self.signed(unknown)).0 == 200)
            #expect(try Self.auditCount(daemon) == audits + 2, "the refusals wrote nothing")
        }

        @Test("R-IN-1 R-DLV-4 an Aliyun SmsReport array with two receipts: the undelivered one falls back to e-mail, once")
        func aliyunReportFallsBack() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms")), ("email", sink.url("email"))], extra: Self.sources,
                                       delivery: ["fallback_order = [\"sms\", \"email\"]"],
                                       channelSettings: ["sms": Self.always, "email": Self.always])
            try daemon.start()
            let port = try daemon.httpPort()
            let first = try daemon.ctl(["customer", "add", "--name", "王小梅", "--phone", "13800000000", "--email", "w@example.com"]).stdout.trimmed
            let second = try daemon.ctl(["customer", "add", "--name", "李娜", "--phone", "13900000001", "--email", "l@example.com"]).stdout.trimmed
            var ids: [String] = []
            for customer in [first, second] {
                ids.append(try #require(try daemon.ctlJSON(["message", "schedule", "--customer", customer, "--channel", "sms",
                                                            "--text", "明天下午三点的预约"])["id"]?.stringValue))
            }
            _ = try sink.waitFor(count: 2)
            #expect(try eventually { try ids.allSatisfy { try daemon.ctlJSON(["message", "show", $0])["status"]?.stringValue == "delivered" } })
            let fixture = try String(contentsOfFile: TestPaths.fixture("aliyun-sms/smsreport.json"), encoding: .utf8)
            let report = fixture.replacingOccurrences(of: "msg_01M83Q7ZD2DR1XFM9GK7V7BXZ3", with: ids[0])
                .replacingOccurrences(of: "msg_01M83Q7ZD2DR1XFM9GK7V7BXZ4", with: ids[1])
            let (status, answer) = try Self.post(port, "/inbound/aliyun/\(Self.token)", report)
            #expect(status == 200)
            #expect(answer["code"]?.int == 0 && answer["msg"]?.stringValue == "接收成功")

            let copy = try #require(try sink.waitFor(count: 3).first { $0.path == "/email" })
            #expect(copy.body?["customer"]?["email"]?.stringValue == "l@example.com")
            let undelivered = try daemon.ctlJSON(["message", "show", ids[1]])
            #expect(undelivered["status"]?.stringValue == "dead")
            #expect(undelivered["receipt"]?.stringValue == "the gateway reports it undelivered (MK:0001)")
            #expect(try daemon.ctlJSON(["message", "show", ids[0]])["status"]?.stringValue == "delivered")
            // Aliyun pushes again (its receipts are not idempotent): nothing changes.
            #expect(try Self.post(port, "/inbound/aliyun/\(Self.token)", report).0 == 200)
            Thread.sleep(forTimeInterval: 0.5)
            #expect(try sink.count() == 3)
            // The token is the key.
            #expect(try Self.post(port, "/inbound/aliyun/not-the-token-at-all-000000", report).0 == 401)
        }

        @Test("R-IN-2 R-CUS-4 R-CUS-3 an Aliyun SmsUp \"TD\" opts the customer out of SMS: the queued SMS is skipped at once, one confirmation goes")
        func replyOptsOut() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))], extra: Self.sources,
                                       channelSettings: ["sms": Self.always + ["signature = \"【伊美】\"", "unsubscribe_footer = \"拒收请回复R\""]])
            try daemon.start()
            let port = try daemon.httpPort()
            let customer = try daemon.ctl(["customer", "add", "--name", "王小梅", "--phone", "13800000000"]).stdout.trimmed
            let offer = try #require(try daemon.ctlJSON(["message", "schedule", "--customer", customer, "--channel", "sms",
                                                         "--text", "会员日全场九折", "--marketing"])["id"]?.stringValue)
            // The campaign goes out with the signature and the way to unsubscribe.
            let campaign = try #require(try sink.waitFor(count: 1).first)
            #expect(campaign.body?["text"]?.stringValue == "【伊美】会员日全场九折。拒收请回复R")
            let queued = try #require(try daemon.ctlJSON(["message", "schedule", "--customer", customer, "--channel", "sms",
                                                          "--text", "冬季护肤讲座", "--marketing", "--at", iso(Date().addingTimeInterval(3600))])["id"]?.stringValue)
            _ = offer

            let fixture = try String(contentsOfFile: TestPaths.fixture("aliyun-sms/smsup.json"), encoding: .utf8)
            let (status, _) = try Self.post(port, "/inbound/aliyun/\(Self.token)", fixture)
            #expect(status == 200)
            let skipped = try daemon.ctlJSON(["message", "show", queued])
            #expect(skipped["status"]?.stringValue == "skipped")
            #expect(skipped["last_error"]?.stringValue?.hasPrefix("consent: the customer opted out of sms") == true)
            let confirmation = try #require(try sink.waitFor(count: 2).last)
            #expect(confirmation.body?["type"]?.stringValue == "consent.opt-out-confirmation")
            #expect(confirmation.body?["text"]?.stringValue?.hasPrefix("【伊美】您已退订我们的短信") == true)
            #expect(confirmation.body?["text"]?.stringValue?.hasSuffix("拒收请回复R") == false, "a transactional text carries no footer")
            let contacts = try #require(try daemon.ctlJSON(["customer", "contacts", customer]).array)
            #expect(contacts.first?["outcome"]?.stringValue == "退订")
            #expect(contacts.first?["note"]?.stringValue == "TD")
            // The fixture's second reply ("1") came from a number nobody has: a task, not an error.
            let tasks = try #require(try daemon.ctlJSON(["task", "list", "--staff", "customer-service"]).array)
            #expect(tasks.contains { $0["text"]?.stringValue == "未知号码 13900000001 回复：1" })
            // The gateway pushes the same replies again: one confirmation, one task.
            #expect(try Self.post(port, "/inbound/aliyun/\(Self.token)", fixture).0 == 200)
            Thread.sleep(forTimeInterval: 0.5)
            #expect(try sink.count() == 2)
            #expect(try daemon.ctlJSON(["task", "list", "--staff", "customer-service"]).array?.count == tasks.count)
        }

        @Test("R-IN-2 R-APT-3 a reply \"1\" confirms the next appointment and cancels its confirmation retries")
        func replyConfirmsAppointment() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(
                channels: [("sms", sink.url("sms")), ("email", sink.url("email")), ("staff-task", sink.url("staff-task"))],
                extra: Self.sources + "[appointments]\nchannels = [\"sms\", \"email\"]\n",
                channelSettings: ["sms": Self.always, "email": Self.always, "staff-task": Self.always])
            try daemon.start()
            let port = try daemon.httpPort()
            let customer = try daemon.ctl(["customer", "add", "--name", "王小梅", "--phone", "13800000000", "--email", "w@example.com"]).stdout.trimmed
            let booked = try daemon.ctlJSON(["appointment", "add", "--customer", customer, "--service", "laser", "--staff", "李医生",
                                             "--start", iso(Date().addingTimeInterval(86_400 + 1)), "--place", "静安店"])
            let id = try #require(booked["id"]?.int)
            #expect(try sink.waitFor(count: 1).first?.body?["type"]?.stringValue == "appointment.reminder")

            let reply = #"[{"phone_number":"138-0000-0000","send_time":"2026-11-28 10:05:12","content":"1","sequence_id":501}]"#
            #expect(try Self.post(port, "/inbound/aliyun/\(Self.token)", reply).0 == 200)
            #expect(try daemon.ctlJSON(["appointment", "show", "\(id)"])["status"]?.stringValue == "confirmed")
            let cancelled = try #require(try daemon.ctlJSON(["message", "list", "--status", "cancelled"]).array)
            #expect(Set(cancelled.compactMap { $0["channel"]?.stringValue }) == ["email", "staff-task"])
            #expect(cancelled.allSatisfy { $0["last_error"]?.stringValue == "cancelled: the appointment was confirmed" })
            let contacts = try #require(try daemon.ctlJSON(["customer", "contacts", customer]).array)
            #expect(contacts.first?["outcome"]?.stringValue == "确认预约 #\(id)")
        }

        @Test("R-IN-2 R-CMP-5 a reply \"不满意\" to the satisfaction check re-opens the complaint")
        func replyReopensComplaint() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms")), ("staff-task", sink.url("staff-task"))], extra: Self.sources,
                                       channelSettings: ["sms": Self.always, "staff-task": Self.always])
            try daemon.start()
            let port = try daemon.httpPort()
            let customer = try daemon.ctl(["customer", "add", "--name", "王小梅", "--phone", "13800000000"]).stdout.trimmed
            let complaint = try #require(try daemon.ctlJSON(["complaint", "open", "--customer", customer, "--channel", "phone",
                                                             "--content", "术后红肿"])["id"]?.int)
            #expect(try daemon.ctl(["complaint", "resolve", "\(complaint)", "--note", "已复诊处理"]).status == 0)
            let reply = #"[{"phone_number":"13800000000","send_time":"2026-11-28 10:05:12","content":"不满意","sequence_id":601}]"#
            #expect(try Self.post(port, "/inbound/aliyun/\(Self.token)", reply).0 == 200)
            let shown = try daemon.ctlJSON(["complaint", "show", "\(complaint)"])
            #expect(shown["status"]?.stringValue == "investigating")
            let tasks = try #require(try daemon.ctlJSON(["task", "list"]).array)
            #expect(tasks.contains { $0["kind"]?.stringValue == "complaint.reopened" })
            // Anything else a customer writes becomes a task with the text.
            let other = #"[{"phone_number":"13800000000","content":"请问周六营业吗","sequence_id":602}]"#
            #expect(try Self.post(port, "/inbound/aliyun/\(Self.token)", other).0 == 200)
            let again = try #require(try daemon.ctlJSON(["task", "list"]).array)
            #expect(again.contains { $0["kind"]?.stringValue == "reply.received" && $0["text"]?.stringValue?.hasSuffix("请问周六营业吗") == true })
        }

        @Test("R-IN-3 R-FU-9 a signed staff outcome no_answer sends the call-back SMS and plans the consultant's tasks, audited under the staff name")
        func staffOutcome() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms")), ("staff-task", sink.url("staff-task"))], extra: Self.sources,
                                       channelSettings: ["sms": Self.always, "staff-task": Self.always])
            try daemon.start()
            let port = try daemon.httpPort()
            let customer = try daemon.ctl(["customer", "add", "--name", "王小梅", "--phone", "13800000000", "--gender", "female"]).stdout.trimmed
            #expect(try daemon.ctl(["staff", "add", "--name", "赵护士", "--role", "customer-service"]).status == 0)
            let task = try #require(try daemon.ctlJSON(["task", "add", "--customer", customer, "--at", iso(Date()), "--staff", "赵护士",
                                                        "--note", "术后两小时回访"])["id"]?.int)
            _ = try sink.waitFor(count: 1)   // the task's notice to the staff app

            let body = #"{"type":"task.outcome","data":{"task_id":\#(task),"outcome":"no_answer","note":"无人接听","staff":"赵护士"}}"#
            let (status, answer) = try Self.post(port, "/inbound/gateway", body, headers: try Self.signed(body))
            #expect(status == 200, "\(answer)")
            let callBack = try #require(try sink.waitFor(count: 2).first { $0.path == "/sms" })
            #expect(callBack.body?["type"]?.stringValue == "followup.call-back")
            let consultant = try #require(try daemon.ctlJSON(["task", "list", "--staff", "consultant"]).array)
            #expect(consultant.count == 2)
            let audit = try #require(try daemon.ctlJSON(["audit", "list"]).array?.first { $0["command"]?.stringValue == API.TaskNoAnswer.name })
            #expect(audit["actor"]?.stringValue == "赵护士 (inbound:gateway)")
            let contacts = try #require(try daemon.ctlJSON(["customer", "contacts", customer]).array)
            #expect(contacts.first?["who"]?.stringValue == "赵护士")
            // A task that does not exist: 404, named.
            let missing = #"{"type":"task.outcome","data":{"task_id":999999,"outcome":"done","staff":"赵护士"}}"#
            let (notFound, why) = try Self.post(port, "/inbound/gateway", missing, headers: try Self.signed(missing))
            #expect(notFound == 404)
            #expect(why["error"]?["message"]?.stringValue?.contains("999999") == true)
        }

        @Test("R-BIZ-3 R-IN-2 a reply \"参加\" to an event invitation is recorded as its RSVP")
        func replyRSVP() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))], extra: Self.sources, channelSettings: ["sms": Self.always])
            try daemon.start()
            let port = try daemon.httpPort()
            let customer = try daemon.ctl(["customer", "add", "--name", "李娜", "--phone", "13900000001", "--tag", "讲座"]).stdout.trimmed
            let id = try #require(try daemon.ctlJSON(["campaign", "create", "--name", "冬季养生讲座", "--audience", "tag:讲座", "--channel", "sms",
                                                      "--text", "{salutation}您好，周六下午冬季养生讲座，回复“参加”报名。", "--rsvp"])["id"]?.int)
            _ = try sink.waitFor(count: 1)
            #expect(try eventually { try daemon.ctlJSON(["campaign", "show", "\(id)"])["delivered"]?.int == 1 })
            let reply = #"[{"phone_number":"13900000001","content":"参加","sequence_id":901}]"#
            #expect(try Self.post(port, "/inbound/aliyun/\(Self.token)", reply).0 == 200)
            let shown = try daemon.ctlJSON(["campaign", "show", "\(id)"])
            #expect(shown["rsvp_yes"]?.int == 1)
            let contacts = try #require(try daemon.ctlJSON(["customer", "contacts", customer]).array)
            #expect(contacts.first?["outcome"]?.stringValue == "报名参加活动 #\(id)")
        }
    }
}
