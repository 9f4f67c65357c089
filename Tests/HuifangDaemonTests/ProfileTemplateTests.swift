import Foundation
import HuifangCore
@testable import HuifangDaemon
import Testing

/// Every shipped profile's texts, rendered as customers and staff would read them (R-BIZ-1,
/// R-BIZ-2): no raw id or English word in a Chinese text, no empty variable, no word of the
/// catalogue doubled.
@Suite struct ProfileTemplateTests {
    static func config(_ profile: Profiles.Profile) throws -> HuifangConfig {
        try HuifangConfig.parse(Profiles.render(profile, Profiles.Options(name: "伊美")), file: "\(profile.id).toml")
    }

    static func sample(_ locale: MessageLocale) -> [String: String] {
        let en = locale == .en
        return ["name": en ? "Mei Wang" : "王小梅", "surname": en ? "Wang" : "王", "honorific": en ? "Ms" : "女士",
                "salutation": en ? "Ms Wang" : "王女士", "clinic": "伊美", "staff": en ? "Dr Li" : "李医生",
                "date": "2026-11-28", "pet": en ? "Doudou" : "豆豆", "holiday": en ? "Mid-Autumn Festival" : "中秋节",
                "amount": "600.00", "points": "120", "tier": "金卡", "benefits": "生日礼", "detail": en ? "resolved" : "已处理",
                "time": en ? "28 Nov 15:00" : "11月28日 15:00", "new_time": en ? "29 Nov 15:00" : "11月29日 15:00"]
    }

    func check(_ text: String, locale: MessageLocale, catalogue: ServiceCatalogue, what: String) {
        #expect(!text.contains("{") && !text.contains("}"), "\(what): \(text)")
        if locale != .en {
            #expect(text.range(of: "[A-Za-z]", options: .regularExpression) == nil, "\(what) has a raw id or an English word: \(text)")
        }
        for service in catalogue.services {
            for word in Array(service.names.values) + service.aliases where word.count >= 2 {
                #expect(!text.contains(word + word), "\(what) doubles \(word): \(text)")
            }
        }
        for word in ["疗程疗程", "療程療程", "的的", "了了"] { #expect(!text.contains(word), "\(what): \(text)") }
    }

    @Test("R-BIZ-2 every profile's protocol texts, in every language, for every service that starts them")
    func protocolTexts() throws {
        for profile in Profiles.all {
            let config = try Self.config(profile)
            for proto in config.protocols {
                let services = config.services.services.filter { config.services.starts(proto, for: $0.id) }
                #expect(!services.isEmpty, "\(profile.id): protocol \(proto.id) is started by no service")
                for step in proto.steps {
                    for locale in MessageLocale.allCases {
                        guard let template = step.text.template(for: locale) else { continue }
                        let tongue = step.text.byLocale[locale] == nil ? MessageLocale.zhHans : locale
                        var values = Self.sample(tongue)
                        for variable in template.variables { #expect(values[variable]?.isEmpty == false || variable == "service", "\(profile.id) \(proto.id)/\(step.id) uses {\(variable)}") }
                        for service in services {
                            values["service"] = service.name(tongue)
                            check(template.render(values), locale: tongue, catalogue: config.services,
                                  what: "\(profile.id) \(proto.id)/\(step.id) \(tongue.rawValue) for \(service.id)")
                        }
                    }
                }
            }
        }
    }

    @Test("R-BIZ-2 every profile's appointment reminder and preparation texts, for the services they name")
    func appointmentTexts() throws {
        for profile in Profiles.all {
            let config = try Self.config(profile)
            for locale in MessageLocale.allCases {
                var values = Self.sample(locale)
                values["place"] = "伊美"
                for service in config.services.services {
                    values["service"] = service.name(locale)
                    if let text = config.appointments.template.template(for: locale)?.render(values) {
                        check(text, locale: locale, catalogue: config.services, what: "\(profile.id) reminder \(locale.rawValue)")
                    }
                }
                for preparation in config.appointments.preparations {
                    for id in preparation.services {
                        let service = try #require(config.services.entry(id: id), "\(profile.id) preparation names no service \(id)")
                        let tongue = preparation.template.byLocale[locale] == nil ? MessageLocale.zhHans : locale
                        values = Self.sample(tongue)
                        values["service"] = service.name(tongue)
                        let text = preparation.template.template(for: locale)?.render(values) ?? ""
                        check(text, locale: tongue, catalogue: config.services, what: "\(profile.id) preparation for \(id)")
                    }
                }
            }
        }
    }

    @Test("R-BIZ-2 every profile's greetings and customer notices, in every language")
    func noticesAndGreetings() throws {
        for profile in Profiles.all {
            let config = try Self.config(profile)
            for locale in MessageLocale.allCases {
                var customer = Customer(id: 1, name: locale == .en ? "Mei Wang" : "王小梅", gender: .female, createdAt: Date())
                customer.locale = locale
                for notice in CustomerNotice.allCases {
                    var values = Self.sample(locale)
                    values["service"] = config.services.services.first?.name(locale) ?? "护理"
                    let text = config.notices.render(notice, for: customer, clinic: "伊美", values)
                    check(text, locale: locale, catalogue: config.services, what: "\(profile.id) \(notice.rawValue) \(locale.rawValue)")
                }
                for template in [config.greetings.birthdayTemplate, config.greetings.holidayTemplate, config.greetings.anniversaryTemplate] {
                    var values = Self.sample(locale)
                    values["years"] = "3"
                    guard let text = template.template(for: locale)?.render(values) else { continue }
                    check(text, locale: locale, catalogue: config.services, what: "\(profile.id) greeting \(locale.rawValue)")
                }
            }
        }
    }
}
