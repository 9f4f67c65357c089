import Foundation

/// R-TIME-2: birthdays are greeted on the day at a configured local time; a 29 February
/// birthday on 28 February in common years (or 1 March). R-TIME-3: lunar birthdays on the
/// Gregorian date of the lunar month and day in the current lunar year.
public struct BirthdayRule: Hashable, Sendable {
    public enum LeapDay: String, Sendable, CaseIterable {
        case feb28, mar1
    }

    public var time: LocalTime
    public var leapDay: LeapDay

    public init(time: LocalTime = LocalTime(hour: 10, minute: 0)!, leapDay: LeapDay = .feb28) {
        self.time = time
        self.leapDay = leapDay
    }

    /// The date a customer's birthday is greeted in Gregorian year `year` (lunar birthdays:
    /// in the lunar year that starts in `year`), with the dedupe key of that greeting.
    public func occasion(for customer: Customer, year: Int) -> (date: LocalDate, key: String)? {
        if customer.birthday == nil, let lunar = customer.lunarDate {
            return (ChineseCalendar.birthday(lunar, lunarYearStartingIn: year), "birthday:\(customer.id):lunar-\(year)")
        }
        guard let birth = customer.birthday else { return nil }
        if customer.lunarBirthday {
            let lunar = ChineseCalendar.lunar(of: birth)
            return (ChineseCalendar.birthday(lunar, lunarYearStartingIn: year), "birthday:\(customer.id):lunar-\(year)")
        }
        let key = "birthday:\(customer.id):\(year)"
        if birth.month == 2 && birth.day == 29 && !LocalDate.isLeap(year) {
            switch leapDay {
            case .feb28: return (LocalDate(year: year, month: 2, day: 28)!, key)
            case .mar1: return (LocalDate(year: year, month: 3, day: 1)!, key)
            }
        }
        return LocalDate(year: year, month: birth.month, day: birth.day).map { ($0, key) }
    }
}

/// R-TIME-4: a holiday greeting on a Gregorian or lunar date, with its template, audience
/// and names in each language.
public struct HolidayRule: Hashable, Sendable {
    public enum Day: Hashable, Sendable {
        case gregorian(month: Int, day: Int)
        case lunar(month: Int, day: Int)
    }

    /// Who a holiday greets (R-TIME-4): everyone, the holders of a tag, the members (any
    /// tier), or the holders of one tier.
    public enum Audience: Hashable, Sendable {
        case all
        case tag(String)
        case members
        case tier(String)

        public func includes(_ customer: Customer, tier: String? = nil) -> Bool {
            switch self {
            case .all: true
            case .tag(let tag): customer.tags.contains(tag)
            case .members: tier != nil
            case .tier(let name): tier == name
            }
        }
    }

    public var id: String
    public var day: Day
    public var time: LocalTime
    public var audience: Audience
    public var names: [MessageLocale: String]

    public init(id: String, day: Day, time: LocalTime, audience: Audience = .all, names: [MessageLocale: String]) {
        self.id = id
        self.day = day
        self.time = time
        self.audience = audience
        self.names = names
    }

    /// The holiday's date in Gregorian year `year` (lunar: in the lunar year starting then).
    public func date(year: Int) -> LocalDate? {
        switch day {
        case .gregorian(let month, let day):
            return LocalDate(year: year, month: month, day: day)
        case .lunar(let month, let day):
            return ChineseCalendar.gregorian(of: LunarDate(month: month, day: day), lunarYearStartingIn: year)
                ?? (day == 30 ? ChineseCalendar.gregorian(of: LunarDate(month: month, day: 29), lunarYearStartingIn: year) : nil)
        }
    }

    public func name(for locale: MessageLocale) -> String {
        names[locale] ?? names[.zhHans] ?? id
    }
}
