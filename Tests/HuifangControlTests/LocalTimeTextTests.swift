import Foundation
import HuifangControl
import Testing

@Suite struct LocalTimeTextTests {
    @Test("R-PPL-1 an instant is shown as the clinic's wall time with its weekday, the year only when it is not this one")
    func wallTime() {
        #expect(LocalTimeText.show("2020-11-28T15:00:00.000+08:00") == "2020-11-28 周六 15:00")
        #expect(LocalTimeText.show("2020-11-28T07:00:00.000Z") == "2020-11-28 周六 07:00")
        let thisYear = Calendar(identifier: .gregorian).component(.year, from: Date())
        #expect(LocalTimeText.show("\(thisYear)-03-01T09:30:00+08:00").hasPrefix("03-01 "))
        #expect(LocalTimeText.show("not a time") == "not a time")
        #expect(LocalTimeText.show(nil as String?) == "-")
    }

    @Test("R-PPL-1 a deadline at midnight is the end of the day before (24:00); any other deadline is shown as it is")
    func deadlineAtMidnight() {
        #expect(LocalTimeText.deadline("2020-12-03T00:00:00.000+08:00") == "2020-12-02 周三 24:00")
        #expect(LocalTimeText.deadline("2021-01-01T00:00:00+08:00") == "2020-12-31 周四 24:00", "across a year")
        #expect(LocalTimeText.deadline("2020-12-03T00:01:00+08:00") == "2020-12-03 周四 00:01")
        #expect(LocalTimeText.deadline("2020-12-03T15:00:00+08:00") == LocalTimeText.show("2020-12-03T15:00:00+08:00"))
        #expect(LocalTimeText.deadline("later") == "later")
    }
}
