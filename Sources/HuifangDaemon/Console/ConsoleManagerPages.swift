import Foundation
import HuifangControl
import HuifangCore
import Hummingbird

/// The managers' pages: the message flow (per endpoint: pending, overdue, dead, delivered
/// today, the oldest-due lag and the circuit; dead letters with their reasons; replay,
/// retry, pause and resume) and the reports (daily close, this week, next month's plan).
struct ConsoleManagerPages: Sendable {
    let console: Console

    func register(on http: Router<HTTPContext>) {
        http.get("/messages") { request, _ in try await console.page(request, flow) }
        http.post("/messages/replay") { request, _ in
            try await console.action(request, back: "/messages") { visit, _ throws(HuifangError) in
                let count = try console.run(API.MessageReplay.self, MessageReplayArgs(status: "dead"), visit).count
                return visit.language == .en ? "\(count) re-queued" : "已重新排队 \(count) 条"
            }
        }
        http.post("/messages/:id/retry") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await console.action(request, back: "/messages") { visit, _ throws(HuifangError) in
                _ = try console.run(API.MessageRetry.self, MessageIDArgs(id: id), visit)
                return nil
            }
        }
        http.post("/endpoints/:name/:action") { request, context in
            let name = context.parameters.get("name") ?? ""
            let action = context.parameters.get("action") ?? ""
            return try await console.action(request, back: "/messages") { visit, _ throws(HuifangError) in
                switch action {
                case "pause": _ = try console.run(API.EndpointPause.self, EndpointNameArgs(name: name), visit)
                case "resume": _ = try console.run(API.EndpointResume.self, EndpointNameArgs(name: name), visit)
                default: throw HuifangError(.notFound, "no such action", field: "action", chinese: ConsoleErrorText.noSuchAction)
                }
                return nil
            }
        }
        http.get("/reports") { request, _ in try await console.page(request, reports) }
    }

    // MARK: - message flow

    private func flow(_ visit: Console.Visit) throws(HuifangError) -> Response {
        let t = ConsoleText.table(visit.language)
        // The command decides who may look: a front desk is refused here.
        let endpoints = try console.run(API.EndpointList.self, NoArgs(), visit)
        let dead = try console.run(API.MessageList.self, MessageListArgs(status: "dead", limit: 200), visit)
        let now = console.clock.now()
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = console.config.snapshot.clinicZone
        let (counts, backlog, today) = try storeRead(visit) {
            (try console.store.messageCounts(), try console.store.dueBacklog(now: now),
             try console.store.deliveredCounts(since: calendar.startOfDay(for: now)))
        }
        let rows: [[String: Any]] = endpoints.map { e in
            let c = counts[e.name] ?? [:]
            let due = backlog[e.name]
            return ["name": e.name, "label": ConsoleWords.channel(e.name, visit.language), "state": e.state, "state_text": ConsoleWords.endpointState(e.state, visit.language), "pending": (c[.pending] ?? 0) + (c[.failed] ?? 0) + (c[.sending] ?? 0),
                    "overdue": due?.count ?? 0, "dead": c[.dead] ?? 0, "delivered": today[e.name] ?? 0,
                    "lag": due.map { ConsoleDeskPages.span(now.timeIntervalSince($0.oldest), visit.language) } ?? "-",
                    "toggle": e.state == "paused" ? "resume" : "pause",
                    "toggle_label": e.state == "paused" ? t["messages.resume"]! : t["messages.pause"]!]
        }
        return console.render("messages", title: "messages.title", signed: visit.signed, language: visit.language, values: [
            "endpoints": rows, "dead_count": dead.count, "has_dead": !dead.isEmpty,
            "dead": dead.map { ["id": $0.id, "channel": ConsoleWords.channel($0.channel, visit.language), "customer": $0.customerName ?? "#\($0.customer)",
                                "reason": $0.lastError.map { visit.language == .zhHans ? ConsoleWords.reason($0) ?? $0 : $0 } ?? "-"] },
        ], current: "/messages")
    }

    // MARK: - reports

    private func reports(_ visit: Console.Visit) throws(HuifangError) -> Response {
        let t = ConsoleText.table(visit.language)
        // A chain-level member picks a branch (or the whole chain); one limited to a branch sees its own.
        let branches = console.config.snapshot.branches
        let picked = visit.member.branch == nil ? visit.query["branch"].flatMap { $0.isEmpty ? nil : $0 } : nil
        let daily = try console.run(API.ReportDaily.self, ReportDayArgs(branch: picked), visit)
        let weekly = try console.run(API.ReportWeekly.self, ReportDayArgs(branch: picked), visit)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = console.config.snapshot.clinicZone
        let next = calendar.date(byAdding: .month, value: 1, to: console.clock.now())!
        let c = calendar.dateComponents([.year, .month], from: next)
        let month = String(format: "%04d-%02d", c.year!, c.month!)
        let plan = try console.run(API.ReportPlan.self, ReportPlanArgs(month: month, branch: picked), visit)
        let en = visit.language == .en
        func section(_ id: String, _ heading: String, _ report: PeriodReportView) -> [String: Any] {
            let bars = report.completion.map { line -> [String: Any] in
                let rate = Int((line.completionRate * 100).rounded())
                return ["label": ConsoleWords.owner(line.staff, visit.language), "value": "\(rate)%", "width": max(0, min(100, rate))]
            }
            let lines = [
                en ? "Tasks due \(report.completion.reduce(0) { $0 + $1.due }), done \(report.completion.reduce(0) { $0 + $1.done }), no answer \(report.completion.reduce(0) { $0 + $1.noAnswer }), open \(report.completion.reduce(0) { $0 + $1.open })"
                   : "应办任务 \(report.completion.reduce(0) { $0 + $1.due }) 项，已完成 \(report.completion.reduce(0) { $0 + $1.done })，未接通 \(report.completion.reduce(0) { $0 + $1.noAnswer })，未办 \(report.completion.reduce(0) { $0 + $1.open })",
                en ? "Failed deliveries: \(report.failedDeliveries.count)" : "发送失败 \(report.failedDeliveries.count) 条",
                en ? "Complaints past their deadline: \(report.complaintsPastDeadline.count)" : "超时投诉 \(report.complaintsPastDeadline.count) 件",
                en ? "Purchases \(report.purchases), revenue ¥\(report.revenue)" : "消费 \(report.purchases) 笔，营业额 ¥\(report.revenue)",
            ]
            // `to` is the first instant after the period; days as the report counts them (a branch's in its zone).
            let zone = console.config.snapshot.zone(ofBranch: report.branch)
            func day(_ text: String, minus seconds: TimeInterval = 0) -> Substring {
                guard let instant = LocalTimeText.parse(text) else { return Substring(text) }
                return LocalTimeText.show(ISO8601Text.string(instant.addingTimeInterval(-seconds), in: zone, milliseconds: false)).prefix(5)
            }
            let (first, end) = (day(report.from), day(report.to, minus: 1))
            return ["id": id, "has_bars": !bars.isEmpty, "heading": first == end ? "\(heading)（\(first)）" : "\(heading)（\(first)–\(end)）",
                    "bars": bars, "lines": lines]
        }
        var byKind: [String: Int] = [:]
        for entry in plan { byKind[entry.kind, default: 0] += 1 }
        let most = max(1, byKind.values.max() ?? 1)
        let planBars = byKind.sorted { $0.value > $1.value }.map { kind, count -> [String: Any] in
            ["label": ConsoleWords.messageKind(kind, visit.language), "value": "\(count)", "width": count * 100 / most]
        }
        let planSection: [String: Any] = ["id": "plan", "has_bars": !planBars.isEmpty, "heading": "\(t["reports.plan"]!)（\(month)）", "bars": planBars,
                                          "lines": [en ? "\(plan.count) messages and calls planned" : "计划发送与回访共 \(plan.count) 项"]]
        return console.render("reports", title: "reports.title", signed: visit.signed, language: visit.language, values: [
            "reports": [section("daily", t["reports.daily"]!, daily), section("weekly", t["reports.weekly"]!, weekly), planSection],
            "pick_branch": !branches.isEmpty && visit.member.branch == nil,
            "branches": branches.map { ["id": $0.id, "name": $0.name, "selected": $0.id == daily.branch] as [String: Any] },
            "branch_name": daily.branch.flatMap { id in branches.first { $0.id == id }?.name } ?? "",
        ], current: "/reports")
    }

    private func storeRead<T>(_ visit: Console.Visit, _ body: () throws -> T) throws(HuifangError) -> T {
        do { return try body() } catch {
            console.logger.error("the console could not read the store: \(error)")
            throw HuifangError(.unavailable, "the store could not be read; try again")
        }
    }
}
