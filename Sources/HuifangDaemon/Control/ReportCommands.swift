import Foundation
import HuifangControl
import HuifangCore

/// report.agenda, .daily, .weekly, .monthly, .plan (R-REP-1…3, R-CMP-6): the socket's side
/// of `Reports`.
enum ReportCommands {
    static let all = [agenda, daily, weekly, monthly, plan]

    static let agenda = CommandHandler(API.ReportAgenda.self) { (args: ReportAgendaArgs, context) throws(HuifangError) in
        try Reports(context).agenda(args)
    }

    static let daily = CommandHandler(API.ReportDaily.self) { (args: ReportDayArgs, context) throws(HuifangError) in
        try Reports(context).daily(args)
    }

    static let weekly = CommandHandler(API.ReportWeekly.self) { (args: ReportDayArgs, context) throws(HuifangError) in
        try Reports(context).weekly(args)
    }

    static let monthly = CommandHandler(API.ReportMonthly.self) { (args: ReportPlanArgs, context) throws(HuifangError) in
        try Reports(context).monthly(args)
    }

    static let plan = CommandHandler(API.ReportPlan.self) { (args: ReportPlanArgs, context) throws(HuifangError) in
        try Reports(context).plan(args)
    }
}
