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
    /// The notice to the staff-task gateway, planned with the task (R-FU-8); nil: none.
    public var notice: TaskNotice?

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
    /// R-FU-6: dedupe-key prefixes of earlier plans this one replaces.
    public var replaces: [String] = []

    public init() {}
}

/// The protocols as pure functions of (visit, customer, protocols, now).
public enum FollowUpPlanner {
    public static let followUpKind = MessageKind.followUpDue

    public static let nextSessionKind = MessageKind.courseNextSession

    /// `earlier`: the customer's previous visits, for R-FU-6 (most recent first or any order).
    public static func plan(visit: Visit, customer: Customer, protocols: [FollowUpProtocol], clinic: String,
                            windows: [String: ContactWindows], now: Date, earlier: [Visit] = [], pet: Pet? = nil,
                            catalogue: ServiceCatalogue = ServiceCatalogue(), serviceName: String? = nil) -> FollowUpPlan {
        let zone = TimeZone(identifier: customer.timeZone) ?? TimeZone(identifier: "Asia/Shanghai")!
        var values = Salutation.values(for: customer)
        values["clinic"] = clinic
        values["service"] = serviceName ?? catalogue.displayName(visit.service, customer.locale)
        values["staff"] = visit.staff
        values["pet"] = pet?.name ?? ""
        var plan = FollowUpPlan()
        // R-FU-7: the sessions between the first and the last get only the next-session reminder.
        let fullFollowUp = visit.course?.getsFullFollowUp ?? true
        for proto in protocols where fullFollowUp && catalogue.starts(proto, for: visit.service) {
            // R-FU-6: a repeat within the window restarts the plan from this visit.
            if let days = proto.restartWithinDays {
                for previous in earlier where previous.id != visit.id && catalogue.starts(proto, for: previous.service)
                    && previous.endedAt <= visit.endedAt
                    && visit.endedAt.timeIntervalSince(previous.endedAt) <= Double(days) * 86_400 {
                    plan.replaces.append("followup:\(previous.id):\(proto.id):")
                }
            }
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
                        assignee: assignee, dueAt: due, overdueAt: overdue, text: text, urgent: step.timing.isWithinTwoHours,
                        dedupeKey: key))
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
        if let course = visit.course, let next = course.nextSession, course.session < course.total {
            // R-FU-3, R-FU-4: 2 days before the next session of the course.
            let due = next.addingTimeInterval(-2 * 86_400)
            let window = windows["sms"] ?? .always
            let text: String
            let when = AppointmentPlanner.dayAndTime(next, zone: zone, locale: customer.locale)
            // A course named 光子嫩肤疗程 is not a 光子嫩肤疗程疗程.
            func named(_ word: String) -> String {
                let name = catalogue.displayName(course.course, customer.locale)
                return name.hasSuffix(word) || name.hasSuffix("疗程") || name.hasSuffix("療程") ? name : name + word
            }
            switch customer.locale {
            case .en: text = "Hello \(values["salutation"]!), a reminder: session \(course.session + 1) of your \(named(" course")) is on \(when)."
            case .zhHant: text = "\(values["salutation"]!)您好，您的\(named("療程"))第\(course.session + 1)次在\(when)，請準時到店。"
            case .zhHans: text = "\(values["salutation"]!)您好，您的\(named("疗程"))第\(course.session + 1)次在\(when)，请准时到店。"
            }
            if due.addingTimeInterval(2 * 86_400) > now {
                plan.messages.append(PlannedMessage(
                    kind: nextSessionKind, customerId: customer.id, channel: "sms", text: text, locale: customer.locale,
                    occasion: due, dueAt: window.nextOpening(atOrAfter: max(due, now), in: zone), expiresAt: next,
                    dedupeKey: "followup:\(visit.id):course:next",
                    dataJSON: jsonObject(["course": course.course, "session": course.session + 1]), timeZone: customer.timeZone))
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
            kind: MessageKind.followUpCallBack, customerId: customer.id, channel: "sms", text: text, locale: customer.locale,
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
            kind: MessageKind.followUpAbnormal, customerId: customer.id, visitId: visit?.id, step: "abnormal/doctor",
            assignee: doctor, dueAt: now, overdueAt: now.addingTimeInterval(86_400),
            text: "紧急：\(customer.name) 回访异常（\(note)），请于24小时内处理", urgent: true, dedupeKey: "abnormal:\(taskId):doctor"))
        plan.tasks.append(PlannedTask(
            kind: MessageKind.followUpAbnormal, customerId: customer.id, visitId: visit?.id, step: "abnormal/department-head",
            assignee: StaffRole.departmentHead.rawValue, dueAt: now, overdueAt: now.addingTimeInterval(86_400),
            text: "提醒：\(customer.name) 回访异常（\(note)），主治：\(doctor)", urgent: true, dedupeKey: "abnormal:\(taskId):head"))
        return plan
    }
}

/// A small JSON object's text (for `data`; not on a hot path).
func jsonObject(_ object: [String: Any]) -> String {
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self)
}

extension ISO8601DateFormatter {
    static func string(from date: Date, timeZone: TimeZone, formatOptions: ISO8601DateFormatter.Options) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = timeZone
        formatter.formatOptions = formatOptions
        return formatter.string(from: date)
    }
}
