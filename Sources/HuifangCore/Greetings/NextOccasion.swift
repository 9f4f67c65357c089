import Foundation

extension GreetingPlanner {
    /// When the planner next has something new to plan for this customer: the first instant
    /// after `now` at which one of their occasions (their birthday, a pet's, the anniversary,
    /// a holiday they are in the audience of, each at its local time) comes within
    /// `lookahead`, or a birthday-gift task (`leadDays` before the birthday, planned that much
    /// earlier) does; nil: nothing within three years, or no channel may greet them. Every
    /// rule `plan` and `BirthdayGifts` follow is here: a later answer would miss a greeting.
    public static func nextOccasion(for customer: Customer, settings: GreetingSettings, consent: ConsentPolicy,
                                    after now: Date, lookahead: TimeInterval, leadDays: Int = 0, tier: String? = nil,
                                    pets: [Pet] = [], since: Date? = nil) -> Date? {
        guard customer.erasedAt == nil, let zone = TimeZone(identifier: customer.timeZone),
              channel(for: customer, settings: settings, consent: consent) != nil else { return nil }
        let calendar = ContactWindows.calendar(zone)
        var best: Date?
        /// An occasion at `occasion` enters the window `ahead` seconds before it.
        func consider(_ occasion: Date?, ahead: TimeInterval) {
            guard let enters = occasion?.addingTimeInterval(-ahead), enters > now else { return }
            if best.map({ enters < $0 }) ?? true { best = enters }
        }
        func consider(_ date: LocalDate?, at time: LocalTime, ahead: TimeInterval) {
            guard let date else { return }
            consider(calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day,
                                                        hour: time.hour, minute: time.minute)), ahead: ahead)
        }
        let began = since.map { calendar.dateComponents([.year, .month, .day], from: $0) }
        let start = calendar.component(.year, from: now)
        // Lunar dates of year Y fall in Y or early Y+1: start a year back.
        for year in (start - 1)...(start + 3) {
            if let rule = settings.birthday, let (date, _) = rule.occasion(for: customer, year: year) {
                consider(date, at: rule.time, ahead: lookahead)
                // The gift task is due at 09:00 `leadDays` before, and planned `leadDays` further
                // ahead than greetings (as `BirthdayGifts` computes it).
                if leadDays > 0, let birthday = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day)) {
                    let due = calendar.date(byAdding: .day, value: -leadDays, to: birthday).flatMap { calendar.date(byAdding: .hour, value: 9, to: $0) }
                    consider(due, ahead: lookahead + Double(leadDays) * 86_400)
                }
            }
            if let rule = settings.birthday, settings.petBirthdayTemplate != nil {
                for pet in pets {
                    guard let born = pet.birthday else { continue }
                    consider(LocalDate(year: year, month: born.month, day: min(born.day, LocalDate.daysIn(month: born.month, year: year))),
                             at: rule.time, ahead: lookahead)
                }
            }
            if settings.anniversaryTemplate != nil, let began, let month = began.month, let day = began.day, year > began.year ?? year {
                consider(LocalDate(year: year, month: month, day: min(day, LocalDate.daysIn(month: month, year: year))),
                         at: settings.birthday?.time ?? LocalTime(hour: 10, minute: 0)!, ahead: lookahead)
            }
            for holiday in settings.holidays where holiday.audience.includes(customer, tier: tier) {
                consider(holiday.date(year: year), at: holiday.time, ahead: lookahead)
            }
            if let best, calendar.component(.year, from: best) < year - 1 { break }
        }
        return best
    }

    /// What the planned greetings depend on besides each customer's own record: when it
    /// changes (a reload, a new release of the rules), every customer is worked out again.
    public static func fingerprint(_ settings: GreetingSettings, lookahead: TimeInterval, leadDays: Int) -> String {
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
            "lookahead \(Int(lookahead))",
            "lead \(leadDays)",
        ].joined(separator: "; ")
    }
}
