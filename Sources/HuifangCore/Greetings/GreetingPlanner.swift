import Foundation

/// What the greeting rules need from configuration.
public struct GreetingSettings: Sendable, Equatable {
    /// nil: no birthday greetings.
    public var birthday: BirthdayRule?
    public var holidays: [HolidayRule]
    public var birthdayTemplate: LocalizedTemplate
    public var holidayTemplate: LocalizedTemplate
    /// Channels to greet on, in order of preference (a customer's own preference first).
    public var channels: [String]
    /// Contact windows per channel (R-TIME-1); a channel not listed is always open.
    public var windows: [String: ContactWindows]
    public var clinicName: String
    /// A chain's branch names by id: a customer with a home branch is greeted in its name.
    public var branchNames: [String: String] = [:]
    /// R-TIME-5: a greeting more than this late is stale and skipped.
    public var staleAfter: TimeInterval
    /// R-PPL-4: pets' birthdays are greeted to their owners with this; nil: not at all.
    public var petBirthdayTemplate: LocalizedTemplate?
    /// The anniversary of a customer's first visit or membership, where a profile asks for
    /// it; nil: none.
    public var anniversaryTemplate: LocalizedTemplate?

    public init(birthday: BirthdayRule?, holidays: [HolidayRule], birthdayTemplate: LocalizedTemplate,
                holidayTemplate: LocalizedTemplate, channels: [String], windows: [String: ContactWindows],
                clinicName: String, staleAfter: TimeInterval = 86_400) {
        self.birthday = birthday
        self.holidays = holidays
        self.birthdayTemplate = birthdayTemplate
        self.holidayTemplate = holidayTemplate
        self.channels = channels
        self.windows = windows
        self.clinicName = clinicName
        self.staleAfter = staleAfter
    }
}

/// What an anniversary counts from (R-MEM-7).
public enum AnniversaryBasis: String, Sendable {
    case firstVisit = "first-visit"
    case membership
}

/// A message a rule wants sent, before it is stored; the dedupe key makes planning again
/// harmless.
public struct PlannedMessage: Sendable, Equatable {
    public var kind: String
    public var customerId: Int64
    public var channel: String
    public var text: String
    public var locale: MessageLocale
    /// When the occasion is (a birthday's 10:00 local).
    public var occasion: Date
    /// When it goes out: the occasion, held to the channel's next contact window.
    public var dueAt: Date
    public var expiresAt: Date
    public var dedupeKey: String
    public var dataJSON: String
    public var timeZone: String
    public var category: MessageCategory = .transactional

    public func message(id: String, now: Date) -> Message {
        var message = Message(id: id, dedupeKey: dedupeKey, kind: kind, customerId: customerId, channel: channel,
                              text: text, locale: locale, dataJSON: dataJSON, dueAt: dueAt, expiresAt: expiresAt,
                              createdAt: now)
        message.windowed = true
        message.category = category
        return message
    }
}

/// Birthdays (R-TIME-2, R-TIME-3) and holidays (R-TIME-4) as a pure function of the
/// customers, the settings and a time range: the daemon stores what it returns, `forecast`
/// prints it.
public enum GreetingPlanner {
    public static let birthdayKind = MessageKind.birthdayGreeting
    public static let holidayKind = MessageKind.holidayGreeting
    /// `tier` and `benefits` (R-MEM-7) are empty for customers without a tier.
    public static let birthdayVariables = ["name", "surname", "honorific", "salutation", "clinic", "date", "tier", "benefits"]
    public static let holidayVariables = birthdayVariables + ["holiday"]
    public static let anniversaryKind = "anniversary.greeting"
    /// `{years}`: how many years since the first visit (or the membership began).
    public static let anniversaryVariables = birthdayVariables + ["years"]

    /// Greetings whose occasion lies in `from...through`, still on their local day at `now`
    /// (and within `staleAfter` of the occasion) and for customers who were there that day.
    public static func plan(customers: [Customer], settings: GreetingSettings, consent: ConsentPolicy,
                            from: Date, through: Date, now: Date, tiers: [Int64: Tier] = [:],
                            pets: [Int64: [Pet]] = [:], since: [Int64: Date] = [:]) -> [PlannedMessage] {
        var planned: [PlannedMessage] = []
        for customer in customers {
            guard let zone = TimeZone(identifier: customer.timeZone),
                  let channel = channel(for: customer, settings: settings, consent: consent) else { continue }
            let calendar = ContactWindows.calendar(zone)
            let firstYear = calendar.component(.year, from: from) - 1
            let lastYear = calendar.component(.year, from: through)
            var salutation = Salutation.values(for: customer)
            salutation["clinic"] = customer.branch.flatMap { settings.branchNames[$0] } ?? settings.clinicName
            salutation["tier"] = tiers[customer.id]?.name ?? ""
            salutation["benefits"] = tiers[customer.id]?.benefits.joined(separator: customer.locale == .en ? ", " : "、") ?? ""

            func add(kind: String, date: LocalDate, time: LocalTime, key: String, template: LocalizedTemplate,
                     extra: [String: String]) {
                var components = DateComponents(year: date.year, month: date.month, day: date.day,
                                                hour: time.hour, minute: time.minute)
                components.timeZone = zone
                // R-TIME-5: a greeting is sent on its local day or not at all, and not to a
                // customer added after that day.
                guard let occasion = calendar.date(from: components), occasion >= from, occasion <= through,
                      let dayEnd = calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: occasion)),
                      customer.createdAt < dayEnd,
                      let template = template.template(for: customer.locale) else { return }
                let expires = min(occasion.addingTimeInterval(settings.staleAfter), dayEnd)
                let windows = settings.windows[channel] ?? .always
                let due = windows.nextOpening(atOrAfter: max(occasion, now), in: zone)
                guard now < expires, due < expires else { return }
                var values = salutation.merging(extra) { $1 }
                values["date"] = date.description
                var data = ["occasion": date.description]
                for (name, value) in extra where name == "holiday_id" { data[name] = value }
                planned.append(PlannedMessage(
                    kind: kind, customerId: customer.id, channel: channel, text: template.render(values),
                    locale: customer.locale, occasion: occasion, dueAt: due,
                    expiresAt: expires, dedupeKey: key,
                    dataJSON: json(data), timeZone: customer.timeZone, category: .greeting))
            }

            for year in firstYear...lastYear {
                if let rule = settings.birthday, let (date, key) = rule.occasion(for: customer, year: year) {
                    add(kind: birthdayKind, date: date, time: rule.time, key: key, template: settings.birthdayTemplate, extra: [:])
                }
                // R-PPL-4: a pet's birthday, to its owner, at the birthday time.
                if let rule = settings.birthday, let template = settings.petBirthdayTemplate {
                    for pet in pets[customer.id] ?? [] {
                        guard let born = pet.birthday, let date = LocalDate(year: year, month: born.month, day: min(born.day, LocalDate.daysIn(month: born.month, year: year))) else { continue }
                        add(kind: MessageKind.petBirthday, date: date, time: rule.time, key: "pet-birthday:\(pet.id):\(year)",
                            template: template, extra: ["pet": pet.name])
                    }
                }
                // The anniversary of the first visit (or of the membership), from the first year on.
                if let template = settings.anniversaryTemplate, let start = since[customer.id] {
                    let began = calendar.dateComponents([.year, .month, .day], from: start)
                    let day = min(began.day!, LocalDate.daysIn(month: began.month!, year: year))
                    if year > began.year!, let date = LocalDate(year: year, month: began.month!, day: day) {
                        add(kind: anniversaryKind, date: date, time: settings.birthday?.time ?? LocalTime("10:00")!,
                            key: "anniversary:\(customer.id):\(year)", template: template, extra: ["years": "\(year - began.year!)"])
                    }
                }
                for holiday in settings.holidays where holiday.audience.includes(customer, tier: tiers[customer.id]?.name) {
                    guard let date = holiday.date(year: year) else { continue }
                    add(kind: holidayKind, date: date, time: holiday.time, key: "holiday:\(holiday.id):\(customer.id):\(year)",
                        template: settings.holidayTemplate,
                        extra: ["holiday": holiday.name(for: customer.locale), "holiday_id": holiday.id])
                }
            }
        }
        return planned.sorted { ($0.dueAt, $0.customerId, $0.dedupeKey) < ($1.dueAt, $1.customerId, $1.dedupeKey) }
    }

    /// R-CUS-4: the customer's preferred channel if it can reach them and they did not opt
    /// out of it, else the first such channel in the configured order (never essential).
    public static func channel(for customer: Customer, settings: GreetingSettings, consent: ConsentPolicy) -> String? {
        let candidates = (customer.preferredChannel.map { [$0] } ?? []) + settings.channels
        return Consent.channel(for: customer, candidates: candidates, kind: birthdayKind, category: .greeting, policy: consent)
    }

    private static func json(_ object: [String: String]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
