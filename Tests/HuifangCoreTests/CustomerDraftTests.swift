import Foundation
import HuifangCore
import Testing

@Suite struct CustomerDraftTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    private func draft(_ edit: (inout CustomerDraft) -> Void = { _ in }) -> CustomerDraft {
        var draft = CustomerDraft(name: "王小梅")
        draft.phone = "+86 138-0000-0000"
        edit(&draft)
        return draft
    }

    @Test("R-CUS-1 a valid customer keeps its fields; the phone is normalised; defaults fill zone and locale")
    func validCustomer() throws {
        let customer = try draft { $0.birthday = "1990-02-28"; $0.lunarBirthday = true; $0.tags = ["vip"] }
            .validated(defaultTimeZone: "Asia/Shanghai", now: now)
        #expect(customer.name == "王小梅")
        #expect(customer.phone == "+8613800000000")
        #expect(customer.birthday == LocalDate(year: 1990, month: 2, day: 28))
        #expect(customer.lunarBirthday)
        #expect(customer.timeZone == "Asia/Shanghai")
        #expect(customer.locale == .zhHans)
        #expect(customer.tags == ["vip"])
    }

    static let badDrafts: [(String, CustomerDraft)] = {
        func make(_ edit: (inout CustomerDraft) -> Void) -> CustomerDraft {
            var draft = CustomerDraft(name: "王小梅")
            draft.phone = "+86 138-0000-0000"
            edit(&draft)
            return draft
        }
        return [
            ("name", make { $0.name = "   " }),
            ("phone", make { $0.phone = "12ab" }),
            ("email", make { $0.email = "not-an-address" }),
            ("birthday", make { $0.birthday = "2023-02-29" }),
            ("birthday", make { $0.birthday = "05/01/1990" }),
            ("birthday", make { $0.birthday = "2999-01-01" }),
            ("lunar_birthday", make { $0.lunarBirthday = true }),
            ("locale", make { $0.locale = "fr" }),
            ("tz", make { $0.timeZone = "Mars/Olympus" }),
            ("phone", make { $0.phone = nil }),
        ]
    }()

    @Test("R-CUS-1 R-OPS-4 each bad field is named", arguments: badDrafts)
    func namesTheBadField(field: String, draft: CustomerDraft) {
        do {
            _ = try draft.validated(defaultTimeZone: "Asia/Shanghai", now: now)
            Issue.record("expected an error about \(field)")
        } catch {
            #expect(error.code == .invalidArgument)
            #expect(error.field == field)
        }
    }

    @Test("R-CUS-1 a leap-day birthday is a real date only in leap years")
    func leapDay() {
        #expect(LocalDate(iso: "2024-02-29") != nil)
        #expect(LocalDate(iso: "2023-02-29") == nil)
        #expect(LocalDate(iso: "1900-02-29") == nil)
        #expect(LocalDate(iso: "2000-02-29") != nil)
        #expect(LocalDate(iso: "2024-02-29")?.description == "2024-02-29")
        #expect(LocalDate(iso: "0990-01-01")?.description == "0990-01-01")
    }
}

@Suite struct MessageIDTests {
    @Test("R-DLV-2 message ids are msg_ + 26 characters, unique, and sort by creation time")
    func shapeAndOrder() {
        let early = MessageID.generate(now: Date(timeIntervalSince1970: 1_700_000_000))
        let late = MessageID.generate(now: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(MessageID.isWellFormed(early))
        #expect(early.count == 30)
        #expect(early < late)
        let many = Set((0..<1000).map { _ in MessageID.generate(now: Date(timeIntervalSince1970: 1_700_000_000)) })
        #expect(many.count == 1000)
        #expect(!MessageID.isWellFormed("msg_short"))
    }
}

@Suite struct WebhookPayloadTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    private func message(channel: String) -> Message {
        Message(id: "msg_1", dedupeKey: "k", kind: "followup.due", customerId: 7, channel: channel,
                text: "王女士您好 / hello", locale: .zhHans, dataJSON: #"{"step":"day 3"}"#, dueAt: now, createdAt: now)
    }

    private let customer = Customer(id: 7, name: "王小梅", phone: "+8613800000000", email: "w@example.com",
                                    wechatId: "wxid_1", createdAt: Date(timeIntervalSince1970: 0))

    private func decode(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    @Test("R-CUS-2 the body carries only the customer fields its channel needs", arguments: [
        ("sms", "phone"), ("email", "email"), ("wechat", "wechat_id"), ("staff-task", nil),
    ] as [(String, String?)])
    func minimalCustomerFields(channel: String, field: String?) throws {
        let body = try decode(WebhookPayload.body(for: message(channel: channel), customer: customer))
        let fields = try #require(body["customer"] as? [String: Any])
        var expected: Set<String> = ["id", "name"]
        if let field { expected.insert(field) }
        #expect(Set(fields.keys) == expected)
    }

    @Test("R-DLV-2 the body has type, message id, text, locale, channel and structured data; UTF-8 is not escaped")
    func bodyShape() throws {
        let bytes = WebhookPayload.body(for: message(channel: "sms"), customer: customer)
        let body = try decode(bytes)
        #expect(body["type"] as? String == "followup.due")
        #expect(body["message_id"] as? String == "msg_1")
        #expect(body["text"] as? String == "王女士您好 / hello")
        #expect(body["locale"] as? String == "zh-Hans")
        #expect(body["channel"] as? String == "sms")
        #expect((body["data"] as? [String: Any])?["step"] as? String == "day 3")
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("王女士您好 / hello"), "Chinese text and slashes are sent as written")
    }
}

@Suite struct WebhookPayloadEncodingTests {
    @Test("R-DLV-2 the hand-written body is exactly what JSONSerialization with sorted keys writes, for awkward text too",
          arguments: ["王女士您好", "quote \" backslash \\ slash /", "line\nbreak\ttab\r\u{08}\u{0C}\u{01}\u{1F}", "emoji 😀 and ñ", ""])
    func matchesFoundation(text: String) throws {
        for channel in ["sms", "email", "wechat", "report"] {
            let message = Message(id: "msg_1", dedupeKey: "k", kind: "followup.due", customerId: 42, channel: channel,
                                  text: text, locale: .zhHant, dataJSON: #"{"a":"x","b":[1,2]}"#,
                                  dueAt: Date(timeIntervalSince1970: 0), createdAt: Date(timeIntervalSince1970: 0))
            let customer = Customer(id: 42, name: "陳\"大文\"", phone: nil, email: "c@example.com", wechatId: "wx\n1",
                                    createdAt: Date(timeIntervalSince1970: 0))
            let ours = WebhookPayload.body(for: message, customer: customer)
            let parsed = try JSONSerialization.jsonObject(with: Data(ours))
            let reference = try JSONSerialization.data(withJSONObject: parsed, options: [.sortedKeys, .withoutEscapingSlashes])
            #expect(ours == Array(reference), "\(String(decoding: ours, as: UTF8.self)) vs \(String(decoding: reference, as: UTF8.self))")
            let object = try #require(parsed as? [String: Any])
            #expect(object["text"] as? String == text)
            #expect(Array(object.keys).sorted() == ["channel", "customer", "data", "locale", "message_id", "text", "type"])
        }
    }

    @Test("R-DLV-2 a missing contact is null, and data that is not a JSON object becomes {}")
    func nullsAndBadData() throws {
        let message = Message(id: "msg_2", dedupeKey: "k", kind: "k", customerId: 1, channel: "sms", text: "t",
                              locale: .en, dataJSON: "[1,2]", dueAt: Date(), createdAt: Date())
        let customer = Customer(id: 1, name: "N", phone: nil, email: "e@example.com", createdAt: Date())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(WebhookPayload.body(for: message, customer: customer))) as? [String: Any])
        let fields = try #require(object["customer"] as? [String: Any])
        #expect(fields["phone"] is NSNull)
        #expect((object["data"] as? [String: Any])?.isEmpty == true)
        let anonymous = try #require(try JSONSerialization.jsonObject(with: Data(WebhookPayload.body(for: message, customer: nil))) as? [String: Any])
        #expect((anonymous["customer"] as? [String: Any])?.keys.sorted() == ["id"])
    }
}
