import Foundation
import HuifangControl
import HuifangCore

/// Reports (R-REP-1…4): read from huifangctl as tables or JSON, and sent by `ReportService`.
/// Days are the clinic's (`[service] default_time_zone`); a branch's report counts the
/// branch's own days (its `time_zone`).
struct Reports {
    let context: CommandContext

    init(_ context: CommandContext) { self.context = context }

    func monthly(_ args: ReportPlanArgs) throws(HuifangError) -> PeriodReportView {
        let branch = try branch(args.branch)
        let (start, end) = try monthRange(args.month, in: zone(of: branch))
        return try period(from: start, to: end, branch: branch, context)
    }

    /// The branch a report is of: the one named (the caller's own, if their role is limited
    /// to one), else the caller's, else none (the whole chain).
    private func branch(_ named: String?) throws(HuifangError) -> String? {
        guard named != nil else { return context.branch }
        return try Branches(context).home(named)
    }

    func agenda(_ args: ReportAgendaArgs) throws(HuifangError) -> [AgendaView] {
        let now = context.clock.now()
        let day = localDay(of: now, in: context.zone)
        let open = Branches(context).visible(try storeCall(context, "reading tasks") {
            try context.store.tasks(TaskFilter(assignee: args.staff, dueBefore: day.end, limit: 10_000))
        }, branch: \.branch)
        let customers = try storeCall(context, "reading customers") { try context.store.customers(ids: open.map(\.customerId)) }
        var byStaff: [String: AgendaView] = [:]
        for task in open {
            var entry = byStaff[task.assignee] ?? AgendaView(staff: task.assignee, today: [], overdue: [])
            var row = FollowUpCommands.view(task, now: now)
            row.customerName = customers[task.customerId]?.name
            if task.isOverdue(at: now) {
                entry.overdue.append(row)
            } else {
                entry.today.append(row)
            }
            byStaff[task.assignee] = entry
        }
        return byStaff.values.sorted { $0.staff < $1.staff }
    }

    /// R-REP-2: one day's close (also sent by `ReportService`).
    func daily(_ args: ReportDayArgs) throws(HuifangError) -> PeriodReportView {
        let branch = try branch(args.branch)
        let zone = zone(of: branch)
        let day = localDay(of: try date(args.date, in: zone), in: zone)
        return try period(from: day.start, to: day.end, branch: branch, context)
    }

    /// R-REP-3: the week ending on the day, with next month's plan (also sent by `ReportService`).
    func weekly(_ args: ReportDayArgs) throws(HuifangError) -> PeriodReportView {
        let branch = try branch(args.branch)
        let zone = zone(of: branch)
        let last = localDay(of: try date(args.date, in: zone), in: zone)
        let start = last.end.addingTimeInterval(-7 * 86_400)
        var report = try period(from: localDay(of: start.addingTimeInterval(3600), in: zone).start, to: last.end,
                                branch: branch, context)
        report.nextMonthPlan = try ForecastCommand.counts(branch: report.branch, through: context.clock.now().addingTimeInterval(31 * 86_400),
                                                          context)
        return report
    }

    func plan(_ args: ReportPlanArgs) throws(HuifangError) -> [ForecastEntry] {
        let branch = try branch(args.branch)
        let (start, end) = try monthRange(args.month, in: zone(of: branch))
        let now = context.clock.now()
        guard end > now else { throw .invalid("month", "lies in the past; the plan shows what is still to come") }
        guard end.timeIntervalSince(now) <= 800 * 86_400 else { throw .invalid("month", "lies more than 800 days ahead") }
        return try ForecastCommand.entries(customer: nil, branch: branch, from: start, through: end.addingTimeInterval(-0.001),
                                           limit: 100_000, context)
            .map(\.entry)
    }

    /// The month `text` (YYYY-MM) in `zone`: [first day, first day of the next).
    private func monthRange(_ text: String, in zone: TimeZone) throws(HuifangError) -> (Date, Date) {
        let parts = text.split(separator: "-").map { Int($0) }
        guard parts.count == 2, let year = parts[0], let month = parts[1], (1...12).contains(month), (2000...2200).contains(year) else {
            throw .invalid("month", "must be YYYY-MM")
        }
        let calendar = ContactWindows.calendar(zone)
        guard let start = calendar.date(from: DateComponents(year: year, month: month, day: 1)),
              let end = calendar.date(byAdding: .month, value: 1, to: start) else { throw .invalid("month", "must be YYYY-MM") }
        return (start, end)
    }

    /// Whose days a report counts: the branch's, else the clinic's.
    private func zone(of branch: String?) -> TimeZone {
        context.config.snapshot.zone(ofBranch: branch)
    }

    /// Noon of the day people name (`2026-11-28`, `11-28`, 今天, 明天), in `zone`.
    private func date(_ text: String?, in zone: TimeZone) throws(HuifangError) -> Date {
        guard let text else { return context.clock.now() }
        let date = try context.date(text, field: "date", in: zone)
        let calendar = ContactWindows.calendar(zone)
        guard let start = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: 12)) else {
            throw .invalid("date", "must be YYYY-MM-DD")
        }
        return start
    }

    private func period(from: Date, to: Date, branch: String?, _ context: CommandContext) throws(HuifangError) -> PeriodReportView {
        let now = context.clock.now()
        let settings = context.config.snapshot
        var tasks = try storeCall(context, "reading tasks") { try context.store.tasksDue(from: from, to: to) }
        var dead = try storeCall(context, "reading failed deliveries") { try context.store.deadMessages(from: from, to: to, limit: 1000) }
        var complaints = try storeCall(context, "reading complaints") { try context.store.complaints(openOnly: true, limit: 10_000) }
        var received = try storeCall(context, "reading complaints") { try context.store.complaintsReceived(from: from, to: to) }
        if let branch {
            // One branch's figures: its tasks, and what concerns its customers.
            let homes = try storeCall(context, "reading branches") {
                try context.store.customerBranches(ids: dead.map(\.customerId) + complaints.map(\.customerId) + received.map(\.customerId))
            }
            tasks = tasks.filter { $0.branch == branch }
            dead = dead.filter { homes[$0.customerId] == branch }
            complaints = complaints.filter { homes[$0.customerId] == branch }
            received = received.filter { homes[$0.customerId] == branch }
        }
        func count(_ key: (Complaint) -> String?) -> [String: Int] {
            Dictionary(received.map { (key($0).flatMap { $0.isEmpty ? nil : $0 } ?? "unknown", 1) }, uniquingKeysWith: +)
        }
        let figures = ComplaintFiguresView(received: received.count, byCause: count(\.cause), byService: count(\.service),
                                           byStaff: count(\.staff))
        let totals = try storeCall(context, "reading purchases") { try context.store.purchaseTotals(from: from, to: to, branch: branch) }
        var overdue: [OverdueComplaintView] = []
        for c in complaints {
            let deadlines = ComplaintRules.deadlines(c, settings.complaintDeadlines[c.severity] ?? ComplaintDeadlines.defaults[.normal]!)
            if let response = deadlines.response, now >= response {
                overdue.append(OverdueComplaintView(id: c.id, customer: c.customerId, severity: c.severity.rawValue, owner: c.owner,
                                                    missed: "response", deadline: ControlCoding.timestamp(response)))
            } else if now >= deadlines.resolution {
                overdue.append(OverdueComplaintView(id: c.id, customer: c.customerId, severity: c.severity.rawValue, owner: c.owner,
                                                    missed: "resolution", deadline: ControlCoding.timestamp(deadlines.resolution)))
            }
        }
        // Names for people, of the customers the report lists.
        let names = try storeCall(context, "reading customers") {
            try context.store.customers(ids: dead.map(\.customerId) + overdue.map(\.customer)).mapValues(\.name)
        }
        for index in overdue.indices { overdue[index].customerName = names[overdue[index].customer] }
        return PeriodReportView(
            from: ControlCoding.timestamp(from), to: ControlCoding.timestamp(to),
            completion: StaffCompletion.summarize(tasks).map {
                CompletionView(staff: $0.staff, due: $0.due, done: $0.done, noAnswer: $0.noAnswer, abnormal: $0.abnormal,
                               open: $0.open, completionRate: $0.completionRate)
            },
            failedDeliveries: dead.map {
                FailedDeliveryView(message: $0.id, customer: $0.customerId, channel: $0.channel, kind: $0.kind, error: $0.lastError,
                                   customerName: names[$0.customerId])
            },
            complaintsPastDeadline: overdue, purchases: totals.count, revenue: Money.format(totals.amountMinor),
            complaints: figures, branch: branch)
    }
}
