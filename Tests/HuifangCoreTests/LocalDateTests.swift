import Foundation
import Testing
@testable import HuifangCore

@Suite("LocalDate")
struct LocalDateTests {
    @Test("a day count since 1970 gives the date Foundation's Gregorian calendar gives, from 1600 to 2400")
    func daysSince1970() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for days in stride(from: -135_000, through: 157_000, by: 97) {
            let c = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(days) * 86_400))
            #expect(LocalDate(daysSince1970: days) == LocalDate(year: c.year!, month: c.month!, day: c.day!), "day \(days)")
        }
        #expect(LocalDate(daysSince1970: 0).description == "1970-01-01")
        #expect(LocalDate(daysSince1970: -1).description == "1969-12-31")
        #expect(LocalDate(daysSince1970: 11_016).description == "2000-02-29")
    }

    @Test("R-CUS-1 a birthday as people write it, year first: 1990-5-12, 1990/5/12, 1990.5.12, 1990年5月12日; mixed marks and impossible dates refused")
    func written() throws {
        for text in ["1990-05-12", "1990-5-12", "1990/5/12", "1990.05.12", "1990年5月12日", "1990年05月12", " 1990年5月12日 "] {
            #expect(LocalDate(written: text)?.description == "1990-05-12", "\(text)")
        }
        for text in ["1990年5-12", "1990/5-12", "90-5-12", "1990-5-", "1990年2月30日", "5月12日", "1990-005-12", "１９９０-5-12", "1990--5"] {
            #expect(LocalDate(written: text) == nil, "\(text)")
        }
        var draft = CustomerDraft(name: "王小梅")
        draft.phone = "13800000000"
        draft.birthday = "1990年5月12日"
        #expect(try draft.validated(defaultTimeZone: "Asia/Shanghai", now: Date()).birthday?.description == "1990-05-12",
                "a customer's birthday so written is kept as the date")
    }

    @Test("YYYY-MM-DD only: impossible dates, other shapes and other digits are refused")
    func iso() {
        #expect(LocalDate(iso: "2024-02-29") == LocalDate(year: 2024, month: 2, day: 29))
        for bad in ["2023-02-29", "2024-2-29", "2024/02/29", "2024-02-290", "", "２０２４-02-01", "2024-13-01", "0000-01-01",
                    "2024-02-2x", " 2024-02-01", "2024-02-01 "] {
            #expect(LocalDate(iso: bad) == nil, "\(bad)")
        }
    }

    @Test("the latest date on Earth (UTC+14) decides whether a birthday lies in the future")
    func latestDate() {
        let now = Date(timeIntervalSince1970: 1_790_000_000)   // 2026-09-21T14:13:20Z
        #expect(CustomerDraft.localDate(now).description == "2026-09-22")
        #expect(CustomerDraft.localDate(Date(timeIntervalSince1970: -14 * 3600 - 1)).description == "1969-12-31")
    }
}

@Suite("Customer field checks read as bytes")
struct FieldCheckTests {
    @Test("an e-mail address: one @ with something before it, a dotted domain, no spaces; blanks around it trimmed")
    func email() throws {
        #expect(try CustomerDraft.validEmail(" 王@example.cn ") == "王@example.cn")
        #expect(try CustomerDraft.validEmail("a.b@mail.example.com") == "a.b@mail.example.com")
        for bad in ["a@@b.cn", "@b.cn", "a@b", "a@.b", "a@b.", "a b@c.d", "a@b@c.d", "", "a@"] {
            #expect(throws: HuifangError.self, "\(bad)") { try CustomerDraft.validEmail(bad) }
        }
    }

    @Test("trimming keeps Foundation's answer: ideographic and no-break spaces go, inner ones stay")
    func trimming() {
        for text in ["王小梅", " 王小梅\u{3000}", "\u{00A0}a b\t", "\n名\n", "", " ", "ab"] {
            #expect(text.trimmingBlanks() == text.trimmingCharacters(in: .whitespaces), "\(text.debugDescription)")
            #expect(text.trimmingBlanks(newlines: true) == text.trimmingCharacters(in: .whitespacesAndNewlines),
                    "\(text.debugDescription)")
        }
    }
}
