import Foundation

/// A staff task before it is stored (R-FU, R-FU-9…11).
public struct PlannedTask: Hashable, Sendable {
    public var kind: String
    public var customerId: Int64
    public var visitId: Int64?
    public var step: String
    public var assignee: String
    public var dueAt: Date
    public var overdueAt: Date
    public var text: String
    public var urgent: Bool
    public var dedupeKey: String

    public init(kind: String, customerId: Int64, visitId: Int64?, step: String, assignee: String, dueAt: Date,
                overdueAt: Date, text: String, urgent: Bool = false, dedupeKey: String) {
        self.kind = kind
        self.customerId = customerId
        self.visitId = visitId
        self.step = step
        self.assignee = assignee
        self.dueAt = dueAt
        self.overdueAt = overdueAt
        self.text = text
        self.urgent = urgent
        self.dedupeKey = dedupeKey
    }
}

/// What a visit turns into (R-FU): staff tasks and customer messages, planned at once.
public struct FollowUpPlan: Sendable, Equatable {
    public var tasks: [PlannedTask] = []
    public var messages: [PlannedMessage] = []

    public init() {}
}

/// The protocols as pure functions of (visit, customer, protocols, now).
public enum FollowUpPlanner {
    public static let followUpKind = "followup.due"

    public static func plan(visit: Visit, customer: Customer, protocols: [FollowUpProtocol], clinic: String,
                            windows: [String: ContactWindows], now: Date) -> FollowUpPlan {
        let zone = TimeZone(identifier: customer.timeZone) ?? TimeZone(identifier: "Asia/Shanghai")!
        var values = Salutation.values(for: customer)
        values["clinic"] = clinic
        values["service"] = visit.service
        values["staff"] = visit.staff
        var plan = FollowUpPlan()
        for proto in protocols where proto.applies(to: visit.service) {
            for step in proto.steps {
                let (due, overdue) = step.timing.schedule(after: visit.endedAt, in: zone)
                var stepValues = values
                stepValues["date"] = ISO8601DateFormatter.string(from: due, timeZone: zone, formatOptions: [.withFullDate])
                let text = step.text.template(for: customer.locale)?.render(stepValues) ?? ""
                let key = "followup:\(visit.id):\(proto.id):\(step.id)"
                if step.isStaffTask {
                    let assignee = step.assignee == .doctor ? visit.staff : (step.assignee ?? .customerService).rawValue
                    plan.tasks.append(PlannedTask(
                        kind: followUpKind, customerId: customer.id, visitId: visit.id, step: "\(proto.id)/\(step.id)",
                        assignee: assignee, dueAt: due, overdueAt: overdue, text: text, dedupeKey: key))
                } else {
                    let window = windows[step.channel] ?? .always
                    plan.messages.append(PlannedMessage(
                        kind: followUpKind, customerId: customer.id, channel: step.channel, text: text,
                        locale: customer.locale, occasion: due, dueAt: window.nextOpening(atOrAfter: max(due, now), in: zone),
                        expiresAt: overdue, dedupeKey: key,
                        dataJSON: #"{"step":"\#(proto.id)/\#(step.id)","visit":\#(visit.id)}"#, timeZone: customer.timeZone))
                }
            }
        }
        return plan
    }

    /// R-FU-9: a call marked "no answer": a "please call us back" SMS at once, and consultant
    /// tasks the next day and a month later.
    public static func noAnswer(taskId: Int64, customer: Customer, clinic: String, now: Date) -> FollowUpPlan {
        let zone = TimeZone(identifier: customer.timeZone) ?? TimeZone(identifier: "Asia/Shanghai")!
        var plan = FollowUpPlan()
        let salutation = Salutation.values(for: customer)["salutation"] ?? customer.name
        let text: String
        switch customer.locale {
        case .zhHans: text = "\(salutation)您好，\(clinic)刚才致电回访未能接通，方便时请回电，谢谢！"
        case .zhHant: text = "\(salutation)您好，\(clinic)剛才致電回訪未能接通，方便時請回電，謝謝！"
        case .en: text = "Hello \(salutation), \(clinic) tried to call you for a follow-up. Please call us back when convenient."
        }
        plan.messages.append(PlannedMessage(
            kind: "followup.call-back", customerId: customer.id, channel: "sms", text: text, locale: customer.locale,
            occasion: now, dueAt: now, expiresAt: now.addingTimeInterval(86_400), dedupeKey: "no-answer:\(taskId):sms",
            dataJSON: #"{"task":\#(taskId)}"#, timeZone: customer.timeZone))
        for (label, timing) in [("next-day", StepTiming.days(1, 1)), ("one-month", StepTiming.months(1))] {
            let (due, overdue) = timing.schedule(after: now, in: zone)
            plan.tasks.append(PlannedTask(
                kind: followUpKind, customerId: customer.id, visitId: nil, step: "no-answer/\(label)",
                assignee: StaffRole.consultant.rawValue, dueAt: due, overdueAt: overdue,
                text: "回访未接通，请再次联系 \(customer.name)（任务 \(taskId)）", dedupeKey: "no-answer:\(taskId):\(label)"))
        }
        return plan
    }

    /// R-FU-10: an abnormal result: an urgent task for the treating doctor, due within a day,
    /// and an alert to the department head.
    public static func abnormal(taskId: Int64, visit: Visit?, customer: Customer, note: String, now: Date) -> FollowUpPlan {
        var plan = FollowUpPlan()
        let doctor = visit?.staff ?? StaffRole.doctor.rawValue
        plan.tasks.append(PlannedTask(
            kind: "followup.abnormal", customerId: customer.id, visitId: visit?.id, step: "abnormal/doctor",
            assignee: doctor, dueAt: now, overdueAt: now.addingTimeInterval(86_400),
            text: "紧急：\(customer.name) 回访异常（\(note)），请于24小时内处理", urgent: true, dedupeKey: "abnormal:\(taskId):doctor"))
        plan.tasks.append(PlannedTask(
            kind: "followup.abnormal", customerId: customer.id, visitId: visit?.id, step: "abnormal/department-head",
            assignee: StaffRole.departmentHead.rawValue, dueAt: now, overdueAt: now.addingTimeInterval(86_400),
            text: "提醒：\(customer.name) 回访异常（\(note)），主治：\(doctor)", urgent: true, dedupeKey: "abnormal:\(taskId):head"))
        return plan
    }
}

extension ISO8601DateFormatter {
    static func string(from date: Date, timeZone: TimeZone, formatOptions: ISO8601DateFormatter.Options) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = timeZone
        formatter.formatOptions = formatOptions
        return formatter.string(from: date)
    }
}
