import ArgumentParser
import Foundation
import HuifangControl

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Reports (R-REP): agenda, daily close, weekly summary, monthly plan.",
        subcommands: [Agenda.self, Daily.self, Weekly.self, Monthly.self, Plan.self])

    struct Agenda: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.ReportAgenda.abstract)
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this staff member (or role).") var staff: String?
        func run() throws {
            let agenda = try global.call(API.ReportAgenda.self, ReportAgendaArgs(staff: staff))
            global.output(agenda) {
                for entry in agenda {
                    print("\(entry.staff): \(entry.today.count) today, \(entry.overdue.count) overdue")
                    Table.print(header: ["TASK", "DUE", "CUSTOMER", "STATE", "TEXT"], rows: (entry.overdue + entry.today).map {
                        ["\($0.id)", LocalTimeText.show($0.dueAt), $0.customerName ?? "#\($0.customer)", $0.overdue ? "OVERDUE" : "today", $0.text]
                    })
                    print("")
                }
                if agenda.isEmpty { print("nothing due today") }
            }
        }
    }

    struct Daily: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.ReportDaily.abstract)
        @OptionGroup var global: GlobalOptions
        @Option(help: "The day, YYYY-MM-DD (default today).") var date: String?
        @Option(help: "One branch's figures ([[branches]] id); default: the whole chain.") var branch: String?
        func run() throws {
            let report = try global.call(API.ReportDaily.self, ReportDayArgs(date: date, branch: branch))
            global.output(report) { ReportCommand.printPeriod(report) }
        }
    }

    struct Weekly: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.ReportWeekly.abstract)
        @OptionGroup var global: GlobalOptions
        @Option(help: "The last day, YYYY-MM-DD (default today).") var date: String?
        @Option(help: "One branch's figures ([[branches]] id); default: the whole chain.") var branch: String?
        func run() throws {
            let report = try global.call(API.ReportWeekly.self, ReportDayArgs(date: date, branch: branch))
            global.output(report) {
                ReportCommand.printPeriod(report)
                print("\nnext month's plan:")
                Table.print(header: ["KIND", "COUNT"], rows: (report.nextMonthPlan ?? [:]).sorted { $0.key < $1.key }.map { [$0.key, "\($0.value)"] })
            }
        }
    }

    struct Monthly: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.ReportMonthly.abstract)
        @OptionGroup var global: GlobalOptions
        @Option(help: "The month, YYYY-MM.") var month: String
        @Option(help: "One branch's figures ([[branches]] id); default: the whole chain.") var branch: String?
        func run() throws {
            let report = try global.call(API.ReportMonthly.self, ReportPlanArgs(month: month, branch: branch))
            global.output(report) { ReportCommand.printPeriod(report) }
        }
    }

    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.ReportPlan.abstract)
        @OptionGroup var global: GlobalOptions
        @Option(help: "The month, YYYY-MM.") var month: String
        @Option(help: "One branch's customers ([[branches]] id); default: the whole chain.") var branch: String?
        func run() throws {
            let entries = try global.call(API.ReportPlan.self, ReportPlanArgs(month: month, branch: branch))
            global.output(entries) {
                Table.print(header: ["DUE", "KIND", "CUSTOMER", "CHANNEL", "TEXT"], rows: entries.map {
                    [LocalTimeText.show($0.dueAt), $0.kind, $0.customerName ?? "#\($0.customer)", $0.channel, $0.text]
                })
            }
        }
    }

    static func printPeriod(_ report: PeriodReportView) {
        if let branch = report.branch { print("branch \(branch)") }
        print("\(report.from) – \(report.to): \(report.purchases) purchases, revenue \(report.revenue)")
        print("\nfollow-ups per staff:")
        Table.print(header: ["STAFF", "DUE", "DONE", "NO ANSWER", "ABNORMAL", "OPEN", "RATE"], rows: report.completion.map {
            [$0.staff, "\($0.due)", "\($0.done)", "\($0.noAnswer)", "\($0.abnormal)", "\($0.open)", String(format: "%.0f%%", $0.completionRate * 100)]
        })
        print("\nfailed deliveries: \(report.failedDeliveries.count)")
        Table.print(header: ["MESSAGE", "CUSTOMER", "CHANNEL", "KIND", "ERROR"], rows: report.failedDeliveries.map {
            [$0.message, $0.customerName ?? "#\($0.customer)", $0.channel, $0.kind, $0.error ?? "-"]
        })
        if let figures = report.complaints {
            print("\ncomplaints received: \(figures.received)")
            for (title, counts) in [("by cause", figures.byCause), ("by service", figures.byService), ("by staff", figures.byStaff)] where !counts.isEmpty {
                print("  \(title): " + counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            }
        }
        print("\ncomplaints past a deadline: \(report.complaintsPastDeadline.count)")
        Table.print(header: ["ID", "CUSTOMER", "SEVERITY", "OWNER", "MISSED", "DEADLINE"], rows: report.complaintsPastDeadline.map {
            ["\($0.id)", $0.customerName ?? "#\($0.customer)", $0.severity, $0.owner, $0.missed, $0.deadline]
        })
    }
}
