import Foundation
import HuifangControl
import HuifangCore
import Logging

/// R-REP-4, a periodic job of `UpkeepService`: the daily report (and on `weekly_day` the
/// weekly one) goes to the report channel's webhook at `[reports] daily_at`, as a message
/// of the house account (customer 0) whose `data` is the report as `huifangctl report …
/// --json` prints it. A branch with a `report_channel` also gets its own figures there
/// (`report daily --branch ID`), at `daily_at` of its own day and in its own offset. The dedupe key (`report:daily:2026-11-23`, a branch's
/// `report:daily:pudong:2026-11-23`) makes each once a day however often this runs.
struct ReportSending {
    let store: any Store
    let logger: Logger
    let makeContext: @Sendable () -> CommandContext

    func sendDueReports(settings: HuifangConfig, now: Date) {
        for (branch, channel) in settings.reportRecipients {
            let zone = settings.zone(of: branch)
            for (kind, day, at) in settings.reports.schedule.due(now: now, zone: zone) {
                let key = ["report", kind, branch?.id, day.description].compactMap { $0 }.joined(separator: ":")
                do {
                    guard try store.existingDedupeKeys([key]).isEmpty else { continue }
                    let reports = Reports(makeContext())
                    let args = ReportDayArgs(date: day.description, branch: branch?.id)
                    // The webhook's data is what `huifangctl --json report` prints: times in the offset of the report's days.
                    let (report, data) = try ControlCoding.$zone.withValue(zone) { () throws -> (PeriodReportView, String) in
                        let report = kind == "daily" ? try reports.daily(args) : try reports.weekly(args)
                        return (report, String(decoding: try ControlCoding.encode(report), as: UTF8.self))
                    }
                    let message = Message(id: MessageID.generate(now: now), dedupeKey: key, kind: "report.\(kind)", customerId: 0,
                                          channel: channel, text: summary(kind, day, branch: branch?.name, report), locale: .zhHans,
                                          dataJSON: data, dueAt: max(at, now), createdAt: now)
                    if try store.insertMessage(message).inserted {
                        logger.info("report queued", metadata: ["huifang.kind": "\(kind)", "huifang.day": "\(day)",
                                                                "huifang.branch": "\(branch?.id ?? "-")"])
                    }
                } catch {
                    logger.error("the \(kind) report\(branch.map { " of branch \($0.id)" } ?? "") could not be made: \(error)")
                }
            }
        }
    }

    /// The report in one line, as a manager reads it in a chat: `日报 2026-11-23：回访完成率 …`,
    /// a branch's headed by its name (`回访口腔（浦东店）日报 …`).
    private func summary(_ kind: String, _ day: LocalDate, branch: String?, _ report: PeriodReportView) -> String {
        let failed = report.failedDeliveries.count
        let complaints = report.complaintsPastDeadline.count
        let rates = report.completion.map { "\(StaffRole.spoken($0.staff)) \(Int(($0.completionRate * 100).rounded()))%" }
        let title = (branch ?? "") + (kind == "daily" ? "日报" : "周报")
        return "\(title) \(day)：回访完成率 \(rates.isEmpty ? "无任务" : rates.joined(separator: "，"))；发送失败 \(failed) 条；超时投诉 \(complaints) 件。"
    }
}
