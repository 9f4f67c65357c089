import Foundation
import HuifangControl
import HuifangCore
import Hummingbird

/// What the front line records at the desk: a new customer (then their page), a visit
/// (which plans its follow-ups), a groomer's customer's pet and a complaint, each through
/// its command, so the same rules, roles and audit apply as on the control socket.
struct ConsoleRecords: Sendable {
    let console: Console

    /// The new-customer form's fields, sent back into the form when it is refused.
    static let customerFields = ["name", "phone", "gender", "birthday", "notes"]

    func register(on http: Router<HTTPContext>) {
        http.post("/customers") { request, _ in
            let back = { @Sendable (form: [String: String]) in ConsoleHTTP.refilled("/customers", Self.customerFields, from: form, anchor: "c-add") }
            return try await console.action(request, back: back) { visit, form throws(HuifangError) in
                let args = Self.newCustomer(form)
                let created = try console.run(API.CustomerAdd.self, args, visit)
                return Console.Done(notice: ConsoleText.text("record.added", visit.language) + args.name, next: "/customers/\(created.id)")
            }
        }
        http.post("/customers/:id/visits") { request, context in
            let id = context.parameters.get("id", as: Int64.self) ?? 0
            let back = { @Sendable (form: [String: String]) in ConsoleHTTP.refilled("/customers/\(id)", Self.visitFields, from: form, anchor: "c-visit") }
            return try await console.action(request, back: back) { visit, form throws(HuifangError) in
                var args = VisitAddArgs(customer: id, service: ConsoleHTTP.field(form, "service") ?? "", staff: ConsoleHTTP.field(form, "staff") ?? "",
                                        amount: ConsoleHTTP.field(form, "amount"))
                args.pet = ConsoleHTTP.field(form, "pet").flatMap { Int64($0) }
                let recorded = try console.run(API.VisitAdd.self, args, visit)
                return Console.Done(notice: ConsoleText.text("record.visited", visit.language) + "\(recorded.service) · \(recorded.staff)"
                    + (recorded.tasks.isEmpty ? "" : ConsoleText.text("record.tasks", visit.language, recorded.tasks.count)))
            }
        }
        http.post("/customers/:id/pets") { request, context in
            let id = context.parameters.get("id", as: Int64.self) ?? 0
            return try await console.action(request, back: "/customers/\(id)") { visit, form throws(HuifangError) in
                var args = PetArgs(customer: id)
                args.name = ConsoleHTTP.field(form, "name")
                args.species = ConsoleHTTP.field(form, "species")
                args.breed = ConsoleHTTP.field(form, "breed")
                args.birthday = ConsoleHTTP.field(form, "birthday")
                let added = try console.run(API.PetAdd.self, args, visit)
                return ConsoleText.text("record.pet_added", visit.language) + added.name
            }
        }
        http.post("/customers/:id/complaints") { request, context in
            let id = context.parameters.get("id", as: Int64.self) ?? 0
            let back = { @Sendable (form: [String: String]) in
                ConsoleHTTP.refilled("/customers/\(id)", Self.complaintFields, from: form, anchor: "c-complaint")
            }
            return try await console.action(request, back: back) { visit, form throws(HuifangError) in
                let args = ComplaintOpenArgs(customer: id, channel: form["channel"] ?? "", content: ConsoleHTTP.field(form, "content") ?? "",
                                             severity: ConsoleHTTP.field(form, "severity"))
                let opened = try console.run(API.ComplaintOpen.self, args, visit)
                return Console.Done(notice: ConsoleText.text("record.opened", visit.language) + "#\(opened.id)")
            }
        }
    }

    /// The visit and complaint forms' fields, sent back into them when they are refused.
    static let visitFields = ["service", "staff", "amount"]
    static let complaintFields = ["channel", "severity", "content"]

    /// The customer page's visit form, filled in from an appointment the customer came to.
    static func visitLink(customer: Int64, service: String, staff: String) -> String {
        ConsoleHTTP.refilled("/customers/\(customer)", visitFields, from: ["service": service, "staff": staff], anchor: "c-visit")
    }

    /// Who may have served or will serve a customer, as the forms offer them: active staff,
    /// doctors first, then consultants, then everyone else, each by name.
    static func whoServes(_ staff: [StaffView]) -> [StaffView] {
        func rank(_ member: StaffView) -> Int {
            member.roles.contains(StaffRole.doctor.rawValue) ? 0 : member.roles.contains(StaffRole.consultant.rawValue) ? 1 : 2
        }
        return staff.filter(\.active).sorted { (rank($0), $0.name) < (rank($1), $1.name) }
    }

    /// The new customer as the form says: a birthday that starts with its year is a Gregorian
    /// date (`1990-05-12`, `1990年5月12日`), one written with 月 or 农历 without it a lunar one
    /// (`三月初八`, `农历闰四月初一`).
    static func newCustomer(_ form: [String: String]) -> CustomerAddArgs {
        var args = CustomerAddArgs(name: ConsoleHTTP.field(form, "name") ?? "")
        args.phone = ConsoleHTTP.field(form, "phone")
        args.gender = ConsoleHTTP.field(form, "gender")
        args.notes = ConsoleHTTP.field(form, "notes")
        if let birthday = ConsoleHTTP.field(form, "birthday") {
            let yearFirst = birthday.prefix(4).allSatisfy { $0.isASCII && $0.isNumber }
            if !yearFirst, birthday.contains("月") || birthday.hasPrefix("农历") { args.lunarDate = birthday } else { args.birthday = birthday }
        }
        return args
    }

    /// The new-customer form's values: what a refused form held, the genders to choose from.
    static func newCustomerForm(_ query: [String: String], _ language: ConsoleText.Language) -> [String: Any] {
        var values: [String: Any] = ConsoleHTTP.refill(query, customerFields)
        values["genders"] = ["", "female", "male"].map { code in
            ["value": code, "label": code.isEmpty ? ConsoleText.text("record.gender_unknown", language) : ConsoleText.text("record.gender_\(code)", language),
             "selected": code == (query["new_gender"] ?? "")] as [String: Any]
        }
        return values
    }

    /// The visit, pet and complaint forms on a customer's page: who served, what is on the
    /// catalogue, which pet came, how a complaint came and how serious it is.
    func customerForms(_ customer: Int64, _ visit: Console.Visit) -> [String: Any] {
        let language = visit.language
        let pets = console.may(API.PetList.self, visit) ? (try? console.run(API.PetList.self, PetListArgs(customer: customer), visit)) ?? [] : []
        let visitForm = ConsoleHTTP.refill(visit.query, Self.visitFields)
        let complaintForm = ConsoleHTTP.refill(visit.query, Self.complaintFields)
        let petNames = pets.map { pet in
            pet.name + "（" + ([ConsoleWords.species(pet.species, language)] + (pet.breed.map { [$0] } ?? [])).joined(separator: " · ") + "）"
        }
        let staff = Self.whoServes((try? console.run(API.StaffList.self, NoArgs(), visit)) ?? []).map(\.name)
        let services = ((try? console.run(API.ServiceList.self, NoArgs(), visit)) ?? []).compactMap { $0.names["zh-Hans"] ?? $0.names.values.first }
        return [
            "may_visit": console.may(API.VisitAdd.self, visit), "may_complain": console.may(API.ComplaintOpen.self, visit),
            // From a checked-in appointment (the book's 记录到店): its service and who served, the form open.
            // A refused form, or the book's 记录到店 for a checked-in appointment: filled in, open.
            "visit": visitForm, "visit_open": visitForm.values.contains { !$0.isEmpty },
            "visit_staff": staff.map { ["name": $0, "selected": $0 == visitForm["staff"]] as [String: Any] }, "services": services.sorted(),
            "complaint": complaintForm, "complaint_open": complaintForm.values.contains { !$0.isEmpty },
            "has_pets": !pets.isEmpty, "pets": pets.map { ["id": $0.id, "name": $0.name] }, "pets_shown": petNames.joined(separator: "、"),
            "may_add_pet": console.may(API.PetAdd.self, visit) && (console.config.snapshot.pets.configured || !pets.isEmpty),
            "species": ["dog", "cat"].map { ["value": $0, "label": ConsoleWords.species($0, language)] },
            "complaint_channels": Complaint.channels.map {
                ["value": $0, "label": ConsoleWords.complaintChannel($0, language), "selected": $0 == complaintForm["channel"]] as [String: Any]
            },
            "severities": Complaint.Severity.allCases.map {
                ["value": $0.rawValue, "label": ConsoleWords.severity($0.rawValue, language),
                 "selected": $0.rawValue == (complaintForm["severity"].flatMap { $0.isEmpty ? nil : $0 } ?? "normal")] as [String: Any]
            },
        ]
    }
}
