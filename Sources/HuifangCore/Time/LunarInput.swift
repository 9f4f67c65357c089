/// Lunar dates as people write them (R-PPL-2): `三月初八`, `农历三月初八`, `闰四月初一`,
/// `正月十五`, `腊月廿三`, or `03-08` and `L04-01` (a leap month) on a keyboard; and back
/// as people say them, `农历三月初八`.
public enum LunarInput {
    public static let forms = "三月初八, 闰四月初一, 03-08 or L04-01"

    private static let digits: [Character: Int] = ["一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10]
    private static let monthNames = ["正", "二", "三", "四", "五", "六", "七", "八", "九", "十", "冬", "腊"]

    public static func parse(_ raw: String) -> LunarDate? {
        var text = raw.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("农历") { text.removeFirst(2) }
        var leap = false
        if text.hasPrefix("闰") || text.hasPrefix("L") || text.hasPrefix("l") {
            leap = true
            text.removeFirst()
        }
        if let dash = text.firstIndex(of: "-") {
            guard let month = Int(text[..<dash]), let day = Int(text[text.index(after: dash)...]) else { return nil }
            return valid(month, day, leap)
        }
        guard let split = text.firstIndex(of: "月") else { return nil }
        guard let month = month(String(text[..<split])), let day = day(String(text[text.index(after: split)...])) else { return nil }
        return valid(month, day, leap)
    }

    /// `农历三月初八`, `农历闰四月初一`.
    public static func chinese(_ date: LunarDate) -> String {
        "农历" + (date.isLeapMonth ? "闰" : "") + monthNames[date.month - 1] + "月" + dayName(date.day)
    }

    /// `03-08`, `L04-01`: how it is stored.
    public static func code(_ date: LunarDate) -> String {
        (date.isLeapMonth ? "L" : "") + (date.month < 10 ? "0" : "") + "\(date.month)-" + (date.day < 10 ? "0" : "") + "\(date.day)"
    }

    private static func valid(_ month: Int, _ day: Int, _ leap: Bool) -> LunarDate? {
        guard (1...12).contains(month), (1...30).contains(day) else { return nil }
        return LunarDate(month: month, day: day, isLeapMonth: leap)
    }

    private static func month(_ text: String) -> Int? {
        switch text {
        case "正", "一": 1
        case "冬", "十一": 11
        case "腊", "十二": 12
        default: text.count == 1 ? digits[text.first!] : nil
        }
    }

    private static func day(_ text: String) -> Int? {
        let chars = Array(text)
        guard chars.count == 2 else { return nil }
        switch chars[0] {
        case "初": return chars[1] == "十" ? 10 : digits[chars[1]].flatMap { $0 < 10 ? $0 : nil }
        case "十": return digits[chars[1]].flatMap { $0 < 10 ? 10 + $0 : nil }
        case "廿": return digits[chars[1]].flatMap { $0 < 10 ? 20 + $0 : nil }
        case "二": return chars[1] == "十" ? 20 : nil
        case "三": return chars[1] == "十" ? 30 : nil
        default: return nil
        }
    }

    private static func dayName(_ day: Int) -> String {
        let names = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
        switch day {
        case 1...10: return "初" + names[day - 1]
        case 11...19: return "十" + names[day - 11]
        case 20: return "二十"
        case 21...29: return "廿" + names[day - 21]
        default: return "三十"
        }
    }
}
