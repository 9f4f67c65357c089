import Foundation
import HuifangCore

// The reports commands of the control protocol, declared once (see `ControlMethod`).

extension API {
    public enum Forecast: ControlMethod {
        public typealias Args = ForecastArgs
        public typealias Result = [ForecastEntry]
        public static let name = "forecast"
        public static let summary = "what will be sent or assigned over the next days (default 30), queued and planned"
        public static let access = Access.frontLine
    }

    public enum ReportMonthly: ControlMethod {
        public typealias Args = ReportPlanArgs
        public typealias Result = PeriodReportView
        public static let name = "report.monthly"
        public static let summary = "a month's close: completion, failed deliveries, purchases, complaint figures by cause, service and staff"
        public static let access = Access.managers
    }

    // R-REP-1
    public enum ReportAgenda: ControlMethod {
        public typealias Args = ReportAgendaArgs
        public typealias Result = [AgendaView]
        public static let name = "report.agenda"
        public static let summary = "today's and overdue tasks per staff member"
        public static let access = Access.frontLine
    }

    // R-REP-2
    public enum ReportDaily: ControlMethod {
        public typealias Args = ReportDayArgs
        public typealias Result = PeriodReportView
        public static let name = "report.daily"
        public static let summary = "completion per staff, failed deliveries, complaints past a deadline"
        public static let access = Access.managers
    }

    // R-REP-3
    public enum ReportWeekly: ControlMethod {
        public typealias Args = ReportDayArgs
        public typealias Result = PeriodReportView
        public static let name = "report.weekly"
        public static let summary = "the 7 days ending on date (default today) and next month's plan by kind"
        public static let access = Access.managers
    }

    // R-REP-3
    public enum ReportPlan: ControlMethod {
        public typealias Args = ReportPlanArgs
        public typealias Result = [ForecastEntry]
        public static let name = "report.plan"
        public static let summary = "what a month holds, queued and planned, from now on"
        public static let access = Access.managers
    }
}

// MARK: - Arguments and results

public struct ForecastArgs: Codable, Sendable, Equatable {
    public var customer: Int64?
    public var days: Int?
    public var limit: Int?

    public init(customer: Int64? = nil, days: Int? = nil, limit: Int? = nil) {
        self.customer = customer
        self.days = days
        self.limit = limit
    }
}

/// One line of `forecast`: what will be sent or assigned, when, on which channel (R-DLV-7,
/// R-REP-3). `kind`, `customer`, `channel` and `due_at` (ISO-8601 with the customer's
/// offset) are a contract that outside checks use.
public struct ForecastEntry: Codable, Sendable, Equatable {
    public var kind: String
    public var customer: Int64
    /// The customer's name, for people to read.
    public var customerName: String?
    public var channel: String
    public var dueAt: String
    public var text: String
    /// `queued` (stored, waiting) or `planned` (a rule will create it).
    public var source: String
    public var messageId: String?
    public var dedupeKey: String?

    public init(kind: String, customer: Int64, customerName: String? = nil, channel: String, dueAt: String, text: String,
                source: String, messageId: String?, dedupeKey: String?) {
        self.kind = kind
        self.customer = customer
        self.customerName = customerName
        self.channel = channel
        self.dueAt = dueAt
        self.text = text
        self.source = source
        self.messageId = messageId
        self.dedupeKey = dedupeKey
    }
}

/// report.agenda (R-REP-1): one staff member's day.
public struct AgendaView: Codable, Sendable, Equatable {
    public var staff: String
    public var today: [TaskView]
    public var overdue: [TaskView]

    public init(staff: String, today: [TaskView], overdue: [TaskView]) {
        self.staff = staff
        self.today = today
        self.overdue = overdue
    }
}

public struct CompletionView: Codable, Sendable, Equatable {
    public var staff: String
    public var due: Int
    public var done: Int
    public var noAnswer: Int
    public var abnormal: Int
    public var open: Int
    /// Reached an outcome over due (cancelled not counted), 0…1.
    public var completionRate: Double

    public init(staff: String, due: Int, done: Int, noAnswer: Int, abnormal: Int, open: Int, completionRate: Double) {
        self.staff = staff
        self.due = due
        self.done = done
        self.noAnswer = noAnswer
        self.abnormal = abnormal
        self.open = open
        self.completionRate = completionRate
    }
}

public struct FailedDeliveryView: Codable, Sendable, Equatable {
    public var message: String
    public var customer: Int64
    public var channel: String
    public var kind: String
    public var error: String?
    public var customerName: String?

    public init(message: String, customer: Int64, channel: String, kind: String, error: String?, customerName: String? = nil) {
        self.message = message
        self.customer = customer
        self.channel = channel
        self.kind = kind
        self.error = error
        self.customerName = customerName
    }
}

public struct OverdueComplaintView: Codable, Sendable, Equatable {
    public var id: Int64
    public var customer: Int64
    public var severity: String
    public var owner: String
    /// Which deadline passed: response or resolution.
    public var missed: String
    public var deadline: String
    public var customerName: String?

    public init(id: Int64, customer: Int64, severity: String, owner: String, missed: String, deadline: String,
                customerName: String? = nil) {
        self.id = id
        self.customer = customer
        self.severity = severity
        self.owner = owner
        self.missed = missed
        self.deadline = deadline
        self.customerName = customerName
    }
}

/// report.daily (R-REP-2) and report.weekly (R-REP-3): the close of a period.
public struct PeriodReportView: Codable, Sendable, Equatable {
    public var from: String
    public var to: String
    /// The branch the figures are of; nil: the whole chain.
    public var branch: String?
    public var completion: [CompletionView]
    public var failedDeliveries: [FailedDeliveryView]
    public var complaintsPastDeadline: [OverdueComplaintView]
    public var purchases: Int
    public var revenue: String
    /// Weekly only: what the next month holds, by kind.
    public var nextMonthPlan: [String: Int]?
    /// R-CMP-6: complaints received in the period by cause, service and staff.
    public var complaints: ComplaintFiguresView?

    public init(from: String, to: String, completion: [CompletionView], failedDeliveries: [FailedDeliveryView],
                complaintsPastDeadline: [OverdueComplaintView], purchases: Int, revenue: String, nextMonthPlan: [String: Int]? = nil,
                complaints: ComplaintFiguresView? = nil, branch: String? = nil) {
        self.complaints = complaints
        self.branch = branch
        self.from = from
        self.to = to
        self.completion = completion
        self.failedDeliveries = failedDeliveries
        self.complaintsPastDeadline = complaintsPastDeadline
        self.purchases = purchases
        self.revenue = revenue
        self.nextMonthPlan = nextMonthPlan
    }
}

public struct ReportAgendaArgs: Codable, Sendable, Equatable {
    public var staff: String?
    public init(staff: String? = nil) { self.staff = staff }
}

public struct ReportDayArgs: Codable, Sendable, Equatable {
    /// YYYY-MM-DD in the clinic's zone; absent: today (daily) or the week ending today (weekly).
    public var date: String?
    /// One branch's figures (`[[branches]]` id); absent: the whole chain (or the caller's
    /// branch, when their role is limited to one).
    public var branch: String?
    public init(date: String? = nil, branch: String? = nil) {
        self.date = date
        self.branch = branch
    }
}

public struct ReportPlanArgs: Codable, Sendable, Equatable {
    /// YYYY-MM.
    public var month: String
    /// One branch's figures or plan, as for the daily report.
    public var branch: String?
    public init(month: String, branch: String? = nil) {
        self.month = month
        self.branch = branch
    }
}

/// R-CMP-6: complaint counts by cause, service and staff ("unknown" when not recorded).
public struct ComplaintFiguresView: Codable, Sendable, Equatable {
    public var received: Int
    public var byCause: [String: Int]
    public var byService: [String: Int]
    public var byStaff: [String: Int]

    public init(received: Int, byCause: [String: Int], byService: [String: Int], byStaff: [String: Int]) {
        self.received = received
        self.byCause = byCause
        self.byService = byService
        self.byStaff = byStaff
    }
}
