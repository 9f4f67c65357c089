import Foundation

extension GreetingPlanner {
    /// The first local day on or after `day` on which `plan` could have a greeting for this
    /// customer (their birthday, a pet's, the anniversary, a holiday they are in the audience
    /// of), or `leadDays` before a birthday (the birthday-gift task); nil: none within three
    /// years, or no channel may greet them. Earlier than needed is harmless (the planner
    /// reads them once more); later would miss a greeting, so every rule `plan` follows is
    /// here.
    public static func nextOccasion(for customer: Customer, settings: GreetingSettings, consent: ConsentPolicy,
                                    onOrAfter day: LocalDate, leadDays: Int = 0, tier: String? = nil,
                                    pets: [Pet] = [], since: Date? = nil) -> LocalDate? {
        guard customer.erasedAt == nil, let zone = TimeZone(identifier: customer.timeZone),
              channel(for: customer, settings: settings, consent: consent) != nil else { return nil }
        var best: LocalDate?
        func consider(_ date: LocalDate?) {
            guard let date, date >= day else { return }
            if best.map({ date < $0 }) ?? true { best = date }
        }
        let began = since.map { LocalDay.of($0, in: zone) }
        // Lunar dates of year Y fall in Y or early Y+1: start a year back.
        for year in (day.year - 1)...(day.year + 3) {
            if let rule = settings.birthday, let (date, _) = rule.occasion(for: customer, year: year) {
                consider(leadDays > 0 ? LocalDay.adding(-leadDays, to: date) : date)
                consider(date)
            }
            if settings.birthday != nil, settings.petBirthdayTemplate != nil {
                for pet in pets {
                    guard let born = pet.birthday else { continue }
                    consider(LocalDate(year: year, month: born.month, day: min(born.day, LocalDate.daysIn(month: born.month, year: year))))
                }
            }
            if settings.anniversaryTemplate != nil, let began, year > began.year {
                consider(LocalDate(year: year, month: began.month, day: min(began.day, LocalDate.daysIn(month: began.month, year: year))))
            }
            for holiday in settings.holidays where holiday.audience.includes(customer, tier: tier) {
                consider(holiday.date(year: year))
            }
            if let best, best.year < year - 1 { break }
        }
        return best
    }

    /// What the planned greetings depend on besides each customer's own record: when it
    /// changes (a reload, a new release of the rules), every customer is worked out again.
    public static func fingerprint(_ settings: GreetingSettings, leadDays: Int) -> String {
        let holidays = settings.holidays.map { holiday in
            "\(holiday.id)@\(holiday.day)@\(holiday.time)@\(holiday.audience)"
        }
        return [
            "v1",
            settings.birthday.map { "birthday \($0.time) \($0.leapDay.rawValue)" } ?? "no birthdays",
            "holidays \(holidays.joined(separator: ","))",
            "pets \(settings.petBirthdayTemplate != nil)",
            "anniversary \(settings.anniversaryTemplate != nil)",
            "channels \(settings.channels.joined(separator: ","))",
            "lead \(leadDays)",
        ].joined(separator: "; ")
    }
}
