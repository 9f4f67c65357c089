import ArgumentParser
import HuifangControl
import HuifangCore

struct CustomerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customer", abstract: "Add and look up customers.",
        subcommands: [Add.self, Edit.self, Find.self, Merge.self, Show.self, List.self, OptOut.self, OptIn.self, Contacts.self, Health.self, HealthSet.self, Erase.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.CustomerAdd.abstract)

        @OptionGroup var global: GlobalOptions
        @Option(help: "Full name, e.g. 王小梅.") var name: String
        @Option(help: "Phone: 13800000000, 138-0000-0000 or +86 138 0000 0000 (kept as +8613800000000).") var phone: String?
        @Option(help: "E-mail address.") var email: String?
        @Option(name: .customLong("wechat"), help: "WeChat id.") var wechatId: String?
        @Option(help: "Date of birth (Gregorian), year first: 1990-05-12, 1990/5/12 or 1990年5月12日.") var birthday: String?
        @Option(name: .customLong("lunar-birthday"),
                help: ArgumentHelp("A lunar birthday (农历生日): 三月初八, 闰四月初一, 03-08 or L04-01; alone after --birthday, celebrate that birthday on its lunar date.",
                                   valueName: "lunar-date")) var lunarBirthday: String?
        @Option(help: "The year of birth, with a lunar birthday.") var birthYear: Int?
        @Option(help: "IANA time zone, e.g. Asia/Shanghai (default from the daemon's config).") var tz: String?
        @Option(help: "Message language: zh-Hans, zh-Hant or en.") var locale: String?
        @Option(help: "female, male, other or unknown.") var gender: String?
        @Option(help: "A tag; repeat for more.") var tag: [String] = []
        @Option(help: "Free notes.") var notes: String?
        @Flag(help: "Add even though another customer has this phone or e-mail.") var allowDuplicate = false
        @Option(help: "Their home branch ([[branches]] id); default: yours, if your role has one.") var branch: String?

        func validate() throws {
            if let locale, !["zh-Hans", "zh-Hant", "en"].contains(locale) {
                throw ValidationError("--locale must be zh-Hans, zh-Hant or en")
            }
            if LunarFlag.isFlag(lunarBirthday) && birthday == nil {
                throw ValidationError("--lunar-birthday alone needs --birthday; or give the lunar date, e.g. --lunar-birthday 三月初八")
            }
        }

        func run() throws {
            var args = CustomerAddArgs(name: name)
            args.phone = phone
            args.email = email
            args.wechatId = wechatId
            args.birthday = birthday
            if LunarFlag.isFlag(lunarBirthday) {
                args.lunarBirthday = true
            } else {
                args.lunarDate = lunarBirthday
            }
            args.birthYear = birthYear
            args.tz = tz
            args.locale = locale
            args.gender = gender
            args.tags = tag.isEmpty ? nil : tag
            args.notes = notes
            args.allowDuplicate = allowDuplicate ? true : nil
            args.branch = branch
            let created = try global.call(API.CustomerAdd.self, args)
            global.output(created) { print(created.id) }
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: API.CustomerEdit.abstract,
            discussion: "Only the options given change; an empty value (--email \"\") clears an optional field.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The customer's id.") var id: Int64
        @Option(help: "Full name.") var name: String?
        @Option(help: "Phone (kept as E.164).") var phone: String?
        @Option(help: "E-mail address.") var email: String?
        @Option(name: .customLong("wechat"), help: "WeChat id.") var wechatId: String?
        @Option(help: "Date of birth (Gregorian), year first: 1990-05-12 or 1990年5月12日; empty clears it.") var birthday: String?
        @Option(name: .customLong("lunar-birthday"),
                help: ArgumentHelp("A lunar birthday (三月初八, L04-01); or true / false: celebrate --birthday on its lunar date or not.",
                                   valueName: "lunar-date")) var lunarBirthday: String?
        @Option(help: "The year of birth, with a lunar birthday.") var birthYear: Int?
        @Option(help: "IANA time zone.") var tz: String?
        @Option(help: "Message language: zh-Hans, zh-Hant or en.") var locale: String?
        @Option(help: "female, male, other or unknown.") var gender: String?
        @Option(help: "A tag to add; repeat for more.") var tag: [String] = []
        @Option(help: "A tag to take away; repeat for more.") var untag: [String] = []
        @Option(help: "Free notes (replace the old).") var notes: String?
        @Option(help: "Postal address.") var address: String?
        @Option(help: "Occupation.") var occupation: String?
        @Option(help: "The channel to reach them on first, e.g. wechat.") var preferredChannel: String?
        @Option(help: "Their own consultant (专属顾问), by name.") var consultant: String?
        @Flag(help: "Keep a phone or e-mail another customer has too.") var allowDuplicate = false
        @Option(help: "Move them to another branch ([[branches]] id).") var branch: String?

        func run() throws {
            var args = CustomerEditArgs(id: id)
            args.name = name
            args.phone = phone
            args.email = email
            args.wechatId = wechatId
            args.birthday = birthday
            switch lunarBirthday {
            case "false", "no": args.lunarBirthday = false
            case let value where LunarFlag.isFlag(value) && value != nil: args.lunarBirthday = true
            default: args.lunarDate = lunarBirthday
            }
            args.birthYear = birthYear
            args.tz = tz
            args.locale = locale
            args.gender = gender
            args.tags = tag.isEmpty ? nil : tag
            args.untag = untag.isEmpty ? nil : untag
            args.notes = notes
            args.address = address
            args.occupation = occupation
            args.preferredChannel = preferredChannel
            args.consultant = consultant
            args.allowDuplicate = allowDuplicate ? true : nil
            args.branch = branch
            let c = try global.call(API.CustomerEdit.self, args)
            global.output(c) { print("customer \(c.id) \(c.name) saved") }
        }
    }

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: API.CustomerMerge.abstract,
            discussion: "Visits, messages, tasks, complaints, appointments, contacts, purchases, points, arrears and opt-outs of DROP go to KEEP; KEEP takes the contact fields it lacks; DROP is left empty. It cannot be undone.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The customer to keep.") var keep: Int64
        @Argument(help: "The customer to merge into it.") var drop: Int64
        @Flag(help: "Yes, merge (it cannot be undone).") var confirm = false

        func run() throws {
            let r = try global.call(API.CustomerMerge.self, CustomerMergeArgs(keep: keep, drop: drop, confirm: confirm ? true : nil))
            global.output(r) {
                print("customer \(drop) merged into \(keep): \(r.visits) visits, \(r.messages) messages, \(r.tasks) tasks, "
                      + "\(r.complaints) complaints, \(r.appointments) appointments, \(r.contacts) contacts, \(r.purchases) purchases"
                      + (r.fieldsFilled.isEmpty ? "" : "; took \(r.fieldsFilled.joined(separator: ", "))"))
            }
        }
    }

    struct Find: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.CustomerFind.abstract)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "A phone ending (4 digits or more), part of a name, or an e-mail address.") var text: String
        @Option(help: "At most this many (default 20).") var limit: Int?

        func run() throws {
            let found = try global.call(API.CustomerFind.self, CustomerFindArgs(text: text, limit: limit))
            global.output(found) {
                let branches = found.contains { $0.branch != nil }
                Table.print(header: ["ID", "NAME", "PHONE", "EMAIL", "BIRTHDAY"] + (branches ? ["BRANCH"] : []), rows: found.map {
                    ["\($0.id)", $0.name, $0.phone ?? "-", $0.email ?? "-", $0.birthday ?? "-"] + (branches ? [$0.branch ?? "-"] : [])
                })
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.CustomerShow.abstract)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The customer's id.") var id: Int64

        func run() throws {
            let c = try global.call(API.CustomerShow.self, IDArgs(id: id))
            global.output(c) {
                var fields: [(String, String)] = [
                    ("id", "\(c.id)"), ("name", c.name), ("gender", c.gender),
                    ("birthday", c.birthday.map { $0 + (c.lunarBirthday ? " (lunar)" : "") } ?? "-"),
                    ("lunar birthday", c.lunarDate ?? "-"), ("next greeting", c.nextBirthday ?? "-"),
                    ("phone", c.phone ?? "-"), ("email", c.email ?? "-"), ("wechat", c.wechatId ?? "-"),
                    ("address", c.address ?? "-"), ("occupation", c.occupation ?? "-"),
                    ("preferred", c.preferredChannel ?? "-"), ("consultant", c.consultant ?? "-"),
                    ("locale", c.locale), ("time zone", c.tz), ("tags", c.tags.joined(separator: ", ")),
                    ("opted out", (c.optedOut ?? []).joined(separator: ", ")),
                    ("notes", c.notes), ("created", LocalTimeText.show(c.createdAt)),
                ]
                if let branch = c.branch { fields.insert(("branch", branch), at: 1) }
                if let m = c.membership {
                    fields += [("tier", m.tier ?? "-"), ("spend", m.spend), ("points", "\(m.points)")]
                }
                if let erased = c.erasedAt { fields.append(("erased", LocalTimeText.show(erased))) }
                Table.printFields(fields)
                guard let story = c.story else { return }
                func section(_ title: String, _ lines: [String]) {
                    guard !lines.isEmpty else { return }
                    print("\n\(title)")
                    for line in lines { print("  " + line) }
                }
                section("last visits", story.visits.map { "\(LocalTimeText.show($0.at))  \($0.service)  \($0.staff)" })
                section("appointments", story.appointments.map {
                    "\(LocalTimeText.show($0.start))  \($0.service)  \($0.staff)  \($0.status)  #\($0.id)"
                })
                section("open complaints", story.complaints.map { "#\($0.id)  \($0.status)  \($0.severity)  \($0.content)" })
                section("open tasks", story.tasks.map { "#\($0.id)  \(LocalTimeText.show($0.dueAt))  \($0.assignee)  \($0.text)" })
                section("next messages", story.upcoming.map { "\(LocalTimeText.show($0.dueAt))  \($0.channel)  \($0.kind)  \($0.text)" })
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.CustomerList.abstract)

        @OptionGroup var global: GlobalOptions
        @Option(help: "Start after this id.") var after: Int64?
        @Option(help: "At most this many (1-1000).") var limit: Int = 100

        func run() throws {
            let customers = try global.call(
                API.CustomerList.self, CustomerListArgs(afterId: after, limit: limit))
            global.output(customers) {
                // A chain's customers say which branch is their home ("-": none).
                let branches = customers.contains { $0.branch != nil }
                Table.print(header: ["ID", "NAME", "PHONE", "EMAIL", "LOCALE", "TZ"] + (branches ? ["BRANCH"] : []), rows: customers.map {
                    ["\($0.id)", $0.name, $0.phone ?? "-", $0.email ?? "-", $0.locale, $0.tz] + (branches ? [$0.branch ?? "-"] : [])
                })
            }
        }
    }

    struct OptOut: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "opt-out", abstract: API.CustomerOptOut.abstract)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The customer's id.") var id: Int64
        @Option(help: "The channel, e.g. sms.") var channel: String

        func run() throws { try CustomerCommand.consent(API.CustomerOptOut.self, id, channel, global) }
    }

    struct OptIn: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "opt-in", abstract: API.CustomerOptIn.abstract)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The customer's id.") var id: Int64
        @Option(help: "The channel, e.g. sms.") var channel: String

        func run() throws { try CustomerCommand.consent(API.CustomerOptIn.self, id, channel, global) }
    }

    static func consent<M: ControlMethod>(_ method: M.Type, _ id: Int64, _ channel: String, _ global: GlobalOptions) throws
        where M.Args == OptOutArgs, M.Result == CustomerView {
        let c = try global.call(method, OptOutArgs(id: id, channel: channel))
        global.output(c) { print("customer \(c.id) opted out of: \((c.optedOut ?? []).isEmpty ? "-" : (c.optedOut ?? []).joined(separator: ", "))") }
    }

    struct Contacts: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.CustomerContacts.abstract)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The customer's id.") var id: Int64

        func run() throws {
            let records = try global.call(API.CustomerContacts.self, IDArgs(id: id))
            global.output(records) {
                Table.print(header: ["AT", "CHANNEL", "WHO", "OUTCOME", "NOTE"], rows: records.map {
                    [LocalTimeText.show($0.at), $0.channel, $0.who, $0.outcome, $0.note]
                })
            }
        }
    }

    struct Health: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: API.CustomerHealth.abstract)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The customer's id.") var id: Int64

        func run() throws {
            let view = try global.call(API.CustomerHealth.self, IDArgs(id: id))
            global.output(view) { CustomerCommand.printHealth(view) }
        }
    }

    struct HealthSet: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "health-set", abstract: API.CustomerHealthSet.abstract)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The customer's id.") var id: Int64
        @Option(help: "Symptoms (症状).") var symptoms: String?
        @Option(help: "Medical history (病史).") var history: String?
        @Option(help: "Allergies (过敏史).") var allergies: String?
        @Option(help: "Family history (家族史).") var familyHistory: String?
        @Option(help: "Assessment notes (评估).") var assessment: String?

        func validate() throws {
            if [symptoms, history, allergies, familyHistory, assessment].allSatisfy({ $0 == nil }) {
                throw ValidationError("give at least one of --symptoms, --history, --allergies, --family-history, --assessment")
            }
        }

        func run() throws {
            let args = HealthSetArgs(id: id, fields: HealthRecord(symptoms: symptoms, history: history, allergies: allergies,
                                                                  familyHistory: familyHistory, assessment: assessment))
            let view = try global.call(API.CustomerHealthSet.self, args)
            global.output(view) { CustomerCommand.printHealth(view) }
        }
    }

    struct Erase: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: API.CustomerErase.abstract)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The customer's id.") var id: Int64
        @Flag(help: "Required: erasure cannot be undone.") var confirm = false

        func validate() throws {
            if !confirm { throw ValidationError("erasure cannot be undone; add --confirm to erase customer \(id)") }
        }

        func run() throws {
            let erased = try global.call(API.CustomerErase.self, CustomerEraseArgs(id: id, confirm: true))
            global.output(erased) {
                let r = erased.report
                print("customer \(erased.customer) erased at \(erased.erasedAt): \(r.messagesCancelled) messages, \(r.tasksCancelled) tasks, "
                      + "\(r.appointmentsCancelled) appointments cancelled; \(r.complaintsClosed) complaints closed; \(r.visitsKept) visits kept for the figures")
            }
        }
    }

    static func printHealth(_ view: HealthView) {
        let r = view.record
        Table.printFields([
            ("customer", "\(view.customer)"), ("symptoms", r.symptoms ?? "-"), ("history", r.history ?? "-"),
            ("allergies", r.allergies ?? "-"), ("family history", r.familyHistory ?? "-"),
            ("assessment", r.assessment ?? "-"), ("updated", LocalTimeText.show(view.updatedAt)),
        ])
    }
}
