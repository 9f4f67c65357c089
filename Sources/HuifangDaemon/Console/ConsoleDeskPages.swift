import Foundation
import HuifangControl
import HuifangCore
import Hummingbird

/// The appointment book (a day or a week, per member of staff) and the complaints board
/// (by status, each deadline's time left).
struct ConsoleDeskPages: Sendable {
    let console: Console

    func register(on http: Router<HTTPContext>) {
        http.get("/appointments") { request, _ in try await console.page(request, book) }
        http.post("/appointments") { request, _ in
            // Refused: back to the form as it was filled in (for the same customer, if chosen).
            let back = { @Sendable (form: [String: String]) in
                ConsoleHTTP.refilled("/appointments", Self.bookingFields, from: form,
                                     keep: form["customer_id"].flatMap { Int64($0) }.map { ["customer": "\($0)"] } ?? [:], anchor: "a-add")
            }
            return try await console.action(request, back: back) { visit, form throws(HuifangError) in
                let customer = try bookedCustomer(form, visit)
                let duration = (form["duration"]).flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
                let place = form["place"].flatMap { $0.isEmpty ? nil : $0 }
                let booked = try console.run(API.AppointmentAdd.self, AppointmentAddArgs(
                    customer: customer, service: form["service"] ?? "", staff: form["staff"] ?? "", start: form["start"] ?? "",
                    duration: duration, place: place), visit)
                let what = [booked.customerName ?? "#\(booked.customer)", booked.service, booked.staff, LocalTimeText.show(booked.start)]
                return Console.Done(notice: ConsoleText.text("appointments.booked", visit.language) + what.joined(separator: " · "))
            }
        }
        http.post("/appointments/:id/:action") { request, context in
            let id = context.parameters.get("id", as: Int64.self) ?? 0
            let action = context.parameters.get("action") ?? ""
            return try await console.action(request, back: "/appointments") { visit, form throws(HuifangError) in
                switch action {
                case "confirm": _ = try console.run(API.AppointmentConfirm.self, IDArgs(id: id), visit)
                case "checkin": _ = try console.run(API.AppointmentCheckin.self, IDArgs(id: id), visit)
                case "cancel": _ = try console.run(API.AppointmentCancel.self, IDArgs(id: id), visit)
                case "reschedule":
                    _ = try console.run(API.AppointmentReschedule.self, AppointmentRescheduleArgs(id: id, start: form["start"] ?? ""), visit)
                default: throw HuifangError(.notFound, "no such action", field: "action", chinese: ConsoleErrorText.noSuchAction)
                }
                return nil
            }
        }
        http.get("/complaints") { request, _ in try await console.page(request, board) }
        http.post("/complaints/:id") { request, context in
            let id = context.parameters.get("id", as: Int64.self) ?? 0
            return try await console.action(request, back: "/complaints") { visit, form throws(HuifangError) in
                let note = form["note"].flatMap { $0.isEmpty ? nil : $0 }
                switch form["action"] {
                case "respond": _ = try console.run(API.ComplaintRespond.self, ComplaintNoteArgs(id: id, note: note), visit)
                case "resolve": _ = try console.run(API.ComplaintResolve.self, ComplaintNoteArgs(id: id, note: note), visit)
                case "satisfied": _ = try console.run(API.ComplaintSatisfaction.self, ComplaintSatisfactionArgs(id: id, satisfied: true), visit)
                case "not-satisfied":
                    _ = try console.run(API.ComplaintSatisfaction.self, ComplaintSatisfactionArgs(id: id, satisfied: false), visit)
                default: throw .invalid("action", "must be respond, resolve, satisfied or not-satisfied", chinese: ConsoleErrorText.noSuchAction)
                }
                return nil
            }
        }
    }

    // MARK: - the book

    /// The booking form's fields, sent back into it when it is refused.
    static let bookingFields = ["customer", "service", "staff", "start", "duration", "place"]

    /// Whom a booking is for: the customer whose page it was started from (`customer_id`),
    /// or the one the text typed finds alone: a phone's ending, a name, an e-mail, or a
    /// customer's number (`#12`, or up to three digits). Several found: refused, naming them.
    private func bookedCustomer(_ form: [String: String], _ visit: Console.Visit) throws(HuifangError) -> Int64 {
        if let id = form["customer_id"].flatMap({ Int64($0) }) { return id }
        let text = (form["customer"] ?? "").trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else {
            throw .invalid("customer", "is empty: a phone's ending, a name, or #number",
                           chinese: "请填写客户：手机尾号、姓名或客户编号（如 #12）。")
        }
        let number = text.hasPrefix("#") ? text.dropFirst() : text.count < 4 ? Substring(text) : ""
        if let id = Int64(number) { return id }
        let found = try console.run(API.CustomerFind.self, CustomerFindArgs(text: text, limit: 6), visit)
        let exact = found.filter { $0.name == text || $0.email == text }
        if let only = exact.count == 1 ? exact.first : found.count == 1 ? found.first : nil { return only.id }
        guard !found.isEmpty else {
            throw HuifangError(.notFound, "no customer matches '\(text.prefix(40))'", field: "customer",
                               chinese: "找不到「\(text.prefix(40))」对应的客户。")
        }
        let named = found.prefix(5).map { c in c.name + (c.phone.map { "（尾号 \($0.suffix(4))）" } ?? "（#\(c.id)）") }
        throw .invalid("customer", "matches \(found.count > 5 ? "more than 5" : "\(found.count)") customers; type more of the phone",
                       chinese: "「\(text.prefix(40))」对应 \(found.count > 5 ? "5 位以上" : "\(found.count) 位")客户："
                           + named.joined(separator: "、") + "。请写完整手机号，或从客户页上预约。")
    }

    private func book(_ visit: Console.Visit) throws(HuifangError) -> Response {
        let t = ConsoleText.table(visit.language)
        let zone = console.config.snapshot.clinicZone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        calendar.firstWeekday = 2
        let now = console.clock.now()
        func local(_ date: Date) -> LocalDate {
            let c = calendar.dateComponents([.year, .month, .day], from: date)
            return LocalDate(year: c.year!, month: c.month!, day: c.day!)!
        }
        let day = visit.query["date"].flatMap { LocalDate(iso: $0) } ?? local(now)
        let isDay = visit.query["view"] != "week"
        let staffName = visit.query["staff"].flatMap { $0.isEmpty ? nil : $0 }
        var args = AppointmentListArgs(date: day.description, staff: staffName)
        if !isDay, let start = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day)),
           let monday = calendar.dateInterval(of: .weekOfYear, for: start)?.start,
           let sunday = calendar.date(byAdding: .day, value: 6, to: monday) {
            args = AppointmentListArgs(from: local(monday).description, to: local(sunday).description, staff: staffName)
        }
        let appointments = try console.run(API.AppointmentList.self, args, visit)
        let refilled = ConsoleHTTP.refill(visit.query, Self.bookingFields)
        let staff = ConsoleRecords.whoServes(try console.run(API.StaffList.self, NoArgs(), visit))
        var days: [(String, [[String: Any]])] = []
        for a in appointments {
            let shown = LocalTimeText.show(a.start)
            let key = String(shown.dropLast(6))
            let row: [String: Any] = [
                "id": a.id, "time": LocalTimeText.clock(a.start), "customer": a.customerName ?? "#\(a.customer)", "service": a.service,
                "staff_name": a.staff, "place": a.place.isEmpty ? "-" : a.place, "status": a.status,
                "status_text": ConsoleWords.appointmentStatus(a.status, visit.language), "phone": a.phone ?? "", "phone_shown": a.phone.map(console.readable) ?? "",
                "open": a.status == "booked" || a.status == "confirmed", "customer_id": a.customer,
                // Checked in: what was done is recorded next, on the customer's page.
                "visit_link": a.status == "completed" && console.may(API.VisitAdd.self, visit)
                    ? ConsoleRecords.visitLink(customer: a.customer, service: a.service, staff: a.staff) : false,
            ]
            if days.last?.0 == key { days[days.count - 1].1.append(row) } else { days.append((key, [row])) }
        }
        return console.render("appointments", title: "appointments.title", signed: visit.signed, language: visit.language, values: [
            "date": day.description, "day": isDay, "chosen": chosen(visit) ?? false,
            "staff": staff.map { ["name": $0.name, "selected": $0.name == staffName] },
            "new": refilled.merging(["duration": refilled["duration"].flatMap { $0.isEmpty ? nil : $0 } ?? "60"]) { $1 },
            "book_staff": staff.map { ["name": $0.name, "selected": $0.name == refilled["staff"]] },
            "days": days.enumerated().map { ["key": $0.offset, "label": $0.element.0, "rows": $0.element.1] },
            "none": t["appointments.none"]!,
        ], current: "/appointments")
    }

    /// The customer a booking started from their page is for (`?customer=12`), by name.
    private func chosen(_ visit: Console.Visit) -> [String: Any]? {
        guard let id = visit.query["customer"].flatMap({ Int64($0) }),
              let c = try? console.run(API.CustomerShow.self, IDArgs(id: id), visit) else { return nil }
        return ["id": c.id, "name": c.name, "phone": c.phone.map(console.readable) ?? ""]
    }

    // MARK: - the complaints board

    private func board(_ visit: Console.Visit) throws(HuifangError) -> Response {
        let t = ConsoleText.table(visit.language)
        let open = try console.run(API.ComplaintList.self, ComplaintListArgs(open: true), visit)
        let now = console.clock.now()
        func item(_ c: ComplaintView) -> [String: Any] {
            let due = c.status == "received" ? c.responseDue : c.status == "investigating" ? c.resolutionDue : nil
            var deadline = c.status == "resolved" ? (visit.language == .en ? "waiting for the satisfaction answer" : "等待满意度回访") : "-"
            var late = false
            if let due, let date = LocalTimeText.parse(due) {
                let left = date.timeIntervalSince(now)
                late = left < 0
                let span = Self.span(abs(left), visit.language)
                deadline = "\(LocalTimeText.show(due)) · " + (late ? "\(t["complaints.overdue"]!) \(span)" : "\(t["complaints.left"]!) \(span)")
            }
            return ["id": c.id, "customer_id": c.customer, "customer": c.customerName ?? "#\(c.customer)", "content": c.content,
                    "severity": ConsoleWords.severity(c.severity, visit.language), "owner": ConsoleWords.owner(c.owner, visit.language), "deadline": deadline, "late": late, "escalated": c.level > 0,
                    "can_respond": c.status == "received", "can_resolve": c.status != "resolved", "can_answer": c.status == "resolved"]
        }
        let columns = ["received", "investigating", "resolved"].map { status -> [String: Any] in
            let items = open.filter { $0.status == status }.map(item)
            return ["status": status, "heading": t["complaints.\(status)"]!, "items": items, "count": items.count]
        }
        return console.render("complaints", title: "complaints.title", signed: visit.signed, language: visit.language,
                              values: ["columns": columns], current: "/complaints")
    }

    /// 3 小时 20 分 / 2 天 4 小时.
    static func span(_ seconds: TimeInterval, _ language: ConsoleText.Language) -> String {
        let minutes = Int(seconds / 60)
        let (d, h, m) = (minutes / 1440, minutes % 1440 / 60, minutes % 60)
        if language == .en { return d > 0 ? "\(d) d \(h) h" : h > 0 ? "\(h) h \(m) min" : "\(m) min" }
        return d > 0 ? "\(d) 天 \(h) 小时" : h > 0 ? "\(h) 小时 \(m) 分" : "\(m) 分钟"
    }
}
