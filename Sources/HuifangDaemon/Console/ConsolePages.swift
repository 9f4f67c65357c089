import Foundation
import HuifangControl
import HuifangCore
import Hummingbird

/// The front line's pages: Today (my tasks, overdue tasks, one click per outcome) and
/// Customers (find, the customer's story, edit, record a contact; `ConsoleRecords` takes
/// a new customer, a visit and a complaint).
struct ConsolePages: Sendable {
    let console: Console

    func register(on http: Router<HTTPContext>) {
        http.get("/today") { request, _ in try await console.page(request, today) }
        http.post("/tasks/:id") { request, context in
            let id = context.parameters.get("id", as: Int64.self) ?? 0
            return try await console.action(request, back: "/today") { visit, form throws(HuifangError) in
                let args = TaskCloseArgs(id: id, note: form["note"].flatMap { $0.isEmpty ? nil : $0 }, who: visit.member.name)
                switch form["outcome"] {
                case "done": _ = try console.run(API.TaskDone.self, args, visit)
                case "no-answer": _ = try console.run(API.TaskNoAnswer.self, args, visit)
                case "abnormal": _ = try console.run(API.TaskAbnormal.self, args, visit)
                default: throw .invalid("outcome", "must be done, no-answer or abnormal", chinese: ConsoleErrorText.noSuchAction)
                }
                return nil
            }
        }
        http.get("/customers") { request, _ in try await console.page(request, customers) }
        http.get("/customers/:id") { request, context in
            let id = context.parameters.get("id", as: Int64.self) ?? 0
            return try await console.page(request) { visit throws(HuifangError) in try customer(id, visit) }
        }
        http.post("/customers/:id/edit") { request, context in
            let id = context.parameters.get("id", as: Int64.self) ?? 0
            return try await console.action(request, back: "/customers/\(id)") { visit, form throws(HuifangError) in
                var args = CustomerEditArgs(id: id)
                args.name = form["name"]
                args.phone = form["phone"]
                args.email = form["email"]
                args.notes = form["notes"]
                _ = try console.run(API.CustomerEdit.self, args, visit)
                return nil
            }
        }
        http.post("/customers/:id/contacts") { request, context in
            let id = context.parameters.get("id", as: Int64.self) ?? 0
            return try await console.action(request, back: "/customers/\(id)") { visit, form throws(HuifangError) in
                _ = try console.run(API.ContactAdd.self, ContactAddArgs(customer: id, channel: form["channel"] ?? "", note: form["note"] ?? "",
                                                                      staff: visit.member.name), visit)
                return nil
            }
        }
        ConsoleRecords(console: console).register(on: http)
        ConsoleImport(console: console).register(on: http)
        ConsoleDeskPages(console: console).register(on: http)
        ConsoleManagerPages(console: console).register(on: http)
    }

    // MARK: - Today

    private func today(_ visit: Console.Visit) throws(HuifangError) -> Response {
        let t = ConsoleText.table(visit.language)
        var mineArgs = TaskListArgs(due: "today")
        mineArgs.mine = true
        let mine = try console.run(API.TaskList.self, mineArgs, visit)
        // A manager sees everyone's overdue tasks; the others their own.
        let overdue = visit.signed.role == .manager
            ? try console.run(API.TaskList.self, TaskListArgs(due: "overdue"), visit)
            : mine.filter(\.overdue)
        let sections: [[String: Any]] = [
            ["id": "mine", "empty": t["today.none"]!, "heading": t["today.mine"]!, "tasks": mine.filter { !$0.overdue }.map { row($0, visit.language) }, "count": mine.filter { !$0.overdue }.count],
            ["id": "overdue", "empty": t["today.nooverdue"]!, "heading": t["today.overdue"]!, "tasks": overdue.map { row($0, visit.language) }, "count": overdue.count],
        ]
        return console.render("today", title: "today.title", signed: visit.signed, language: visit.language,
                              values: ["sections": sections], current: "/today")
    }

    private func row(_ task: TaskView, _ language: ConsoleText.Language) -> [String: Any] {
        var row: [String: Any] = [
            "id": task.id, "customer": task.customerName ?? "#\(task.customer)", "text": task.text,
            "assignee": ConsoleWords.owner(task.assignee, language),
            "due": LocalTimeText.show(task.dueAt), "urgent": task.urgent, "overdue": task.overdue,
        ]
        if task.customer != 0 { row["customer_id"] = task.customer }
        if let salutation = task.salutation, salutation != task.customerName { row["salutation"] = salutation }
        if let phone = task.phone { row["phone"] = phone; row["phone_shown"] = console.readable(phone) }
        if let service = task.service { row["service"] = service }
        if let visit = task.visitAt { row["visit"] = LocalTimeText.show(visit) }
        return row
    }

    // MARK: - Customers

    private func customers(_ visit: Console.Visit) throws(HuifangError) -> Response {
        let q = (visit.query["q"] ?? "").trimmingCharacters(in: .whitespaces)
        var found: [[String: Any]] = []
        // In a chain, where each customer belongs, for those who see more than one branch.
        let settings = console.config.snapshot
        let showBranch = !settings.branches.isEmpty && visit.member.branch == nil
        if !q.isEmpty {
            found = try console.run(API.CustomerFind.self, CustomerFindArgs(text: q, limit: 50), visit).map {
                ["id": $0.id, "name": $0.name, "phone": $0.phone.map(console.readable) ?? "-", "email": $0.email ?? "-",
                 "branch": $0.branch.map { id in settings.branch(id)?.name ?? id } ?? "-"]
            }
        }
        // A phone's ending of fewer than four digits finds nobody: say so, not "no customer".
        let tooShort = !q.isEmpty && q.count < 4 && q.allSatisfy { $0.isASCII && $0.isNumber }
        let t = ConsoleText.table(visit.language)
        return console.render("customers", title: "customers.title", signed: visit.signed, language: visit.language,
                              values: ["q": q, "found": found, "has_found": !found.isEmpty, "searched": !q.isEmpty, "show_branch": showBranch,
                                       "none": tooShort ? t["customers.short"]! : t["customers.none"]!,
                                       "may_add": console.may(API.CustomerAdd.self, visit), "may_import": console.may(API.ImportCustomers.self, visit),
                                       "new": ConsoleRecords.newCustomerForm(visit.query, visit.language)],
                              current: "/customers")
    }

    private func customer(_ id: Int64, _ visit: Console.Visit) throws(HuifangError) -> Response {
        let language = visit.language
        let t = ConsoleText.table(language)
        let c = try console.run(API.CustomerShow.self, IDArgs(id: id), visit)
        let contacts = try console.run(API.CustomerContacts.self, IDArgs(id: id), visit)
        let forecast = try console.run(API.Forecast.self, ForecastArgs(customer: id, days: 30, limit: 50), visit)
        let story = c.story
        func why(_ messageId: String?, kind: String) -> [[String: Any]]? {
            guard let messageId, console.may(API.MessageWhy.self, visit),
                  let events = try? console.run(API.MessageWhy.self, MessageIDArgs(id: messageId), visit) else { return nil }
            return events.map { event in
                let (what, why) = ConsoleWords.event(event, kind: kind, language)
                return ["at": LocalTimeText.show(event.at), "event": what, "detail": why, "has_detail": !why.isEmpty]
            }
        }
        let sections: [[String: Any]] = [
            ["id": "visits", "heading": t["customer.visits"]!, "rows": (story?.visits ?? []).map {
                ["when": LocalTimeText.show($0.at), "what": "\($0.service) · \($0.staff)"] as [String: Any] }],
            ["id": "appointments", "heading": t["customer.appointments"]!, "rows": (story?.appointments ?? []).map {
                ["when": LocalTimeText.show($0.start), "what": "\($0.service) · \($0.staff) · \(ConsoleWords.appointmentStatus($0.status, language))"] as [String: Any] }],
            ["id": "complaints", "heading": t["customer.complaints"]!, "rows": (story?.complaints ?? []).map {
                ["when": "#\($0.id)", "what": "\(ConsoleWords.complaintStatus($0.status, language)) · \(ConsoleWords.severity($0.severity, language)) · \($0.content)"] as [String: Any] }],
            ["id": "tasks", "heading": t["customer.tasks"]!, "rows": (story?.tasks ?? []).map {
                ["when": LocalTimeText.show($0.dueAt), "what": "\(ConsoleWords.owner($0.assignee, language))：\($0.text)"] as [String: Any] }],
            ["id": "messages", "heading": t["customer.messages"]!, "rows": (story?.upcoming ?? []).map { m -> [String: Any] in
                var row: [String: Any] = ["when": LocalTimeText.show(m.dueAt),
                                          "what": "\(ConsoleWords.channel(m.channel, language)) · \(ConsoleWords.messageStatus(m.status, language)) · \(m.text)"]
                if let events = why(m.id, kind: m.kind), !events.isEmpty { row["why"] = events; row["has_why"] = true }
                return row
            }],
            ["id": "forecast", "heading": t["customer.forecast"]!, "rows": forecast.map {
                ["when": LocalTimeText.show($0.dueAt), "what": "\(ConsoleWords.channel($0.channel, language)) · \($0.text)"] as [String: Any] }],
            ["id": "contacts", "heading": t["customer.contacts"]!, "rows": contacts.map {
                let outcome = ConsoleWords.contactOutcome($0.outcome, language)
                let what = [ConsoleWords.contactChannel($0.channel, language), $0.who, outcome].filter { !$0.isEmpty }.joined(separator: " · ")
                return ["when": LocalTimeText.show($0.at), "what": what + ($0.note.isEmpty ? "" : "：\($0.note)")] as [String: Any] }],
        ]
        let lists = sections.map { list -> [String: Any] in
            var list = list
            list["has_rows"] = !((list["rows"] as? [[String: Any]]) ?? []).isEmpty
            return list
        }
        let birthday = c.lunarDate.map { "农历 \($0)" } ?? c.birthday ?? "-"
        let values: [String: Any] = [
            "id": c.id, "name": c.name, "phone": c.phone ?? "", "phone_shown": c.phone.map(console.readable) ?? "",
            // Only in a chain: Mustache shows a section for an empty string too.
            "branch": c.branch.flatMap { id in console.config.snapshot.branch(id)?.name ?? id } ?? false as Any, "email": c.email ?? "", "notes": c.notes, "birthday": birthday,
            "email_shown": c.email ?? "-", "notes_shown": c.notes.isEmpty ? "-" : c.notes,
            "tier": c.membership?.tier ?? "-", "points": c.membership.map { "\($0.points)" } ?? "0",
            "opted_out": (c.optedOut ?? []).isEmpty ? "-" : (c.optedOut ?? []).map { ConsoleWords.channel($0, language) }.joined(separator: "、"),
            "contact_channels": ContactAddArgs.channels.map { ["value": $0, "label": ConsoleWords.contactChannel($0, language)] }, "lists": lists,
        ]
        return console.render("customer", title: c.name, signed: visit.signed, language: language,
                              values: values.merging(ConsoleRecords(console: console).customerForms(id, visit)) { $1 }, current: "/customers")
    }
}
