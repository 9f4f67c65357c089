import HuifangCore
import Testing

@Suite struct LunarInputTests {
    @Test("R-TIME-3 R-PPL-2 lunar dates as people write them, leap months included, and back as they say them", arguments: [
        ("三月初八", LunarDate(month: 3, day: 8), "农历三月初八"),
        ("农历三月初八", LunarDate(month: 3, day: 8), "农历三月初八"),
        ("闰四月初一", LunarDate(month: 4, day: 1, isLeapMonth: true), "农历闰四月初一"),
        ("正月十五", LunarDate(month: 1, day: 15), "农历正月十五"),
        ("腊月廿三", LunarDate(month: 12, day: 23), "农历腊月廿三"),
        ("冬月三十", LunarDate(month: 11, day: 30), "农历冬月三十"),
        ("八月二十", LunarDate(month: 8, day: 20), "农历八月二十"),
        ("九月初十", LunarDate(month: 9, day: 10), "农历九月初十"),
        ("03-08", LunarDate(month: 3, day: 8), "农历三月初八"),
        ("L04-01", LunarDate(month: 4, day: 1, isLeapMonth: true), "农历闰四月初一"),
    ])
    func forms(text: String, expected: LunarDate, spoken: String) {
        #expect(LunarInput.parse(text) == expected)
        #expect(LunarInput.chinese(expected) == spoken)
        #expect(LunarInput.parse(LunarInput.code(expected)) == expected, "stored and read back")
    }

    @Test("R-PPL-2 what is not a lunar date is refused", arguments: ["", "三月", "十三月初一", "三月三十一", "13-01", "三月初零", "March 8"])
    func refused(text: String) {
        #expect(LunarInput.parse(text) == nil)
    }

    @Test("R-TIME-3 a lunar birthday without a year is greeted on that lunar date each year: 三月初八 falls on 2027-04-14")
    func yearless() {
        var customer = Customer(id: 1, name: "王小梅", createdAt: .distantPast)
        customer.lunarDate = LunarDate(month: 3, day: 8)
        let occasion = BirthdayRule().occasion(for: customer, year: 2027)
        #expect(occasion?.date == LocalDate(year: 2027, month: 4, day: 14))
        #expect(occasion?.key == "birthday:1:lunar-2027")
    }
}
