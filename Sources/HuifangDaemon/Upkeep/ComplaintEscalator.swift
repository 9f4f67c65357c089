import Foundation
import HuifangCore
import Logging

/// R-CMP-3, run by the scheduler's periodic upkeep: an open complaint that missed a
/// deadline moves one step up the chain (customer service → supervisor → department head),
/// and the new owner gets an urgent task and its notice.
struct ComplaintEscalator {
    let store: any Store
    let logger: Logger

    func run(settings: HuifangConfig, now: Date) throws {
        for complaint in try store.complaints(openOnly: true, limit: 10_000) {
            let deadlines = settings.complaintDeadlines[complaint.severity] ?? ComplaintDeadlines.defaults[.normal]!
            guard ComplaintRules.escalation(complaint, deadlines, now: now) != nil,
                  let customer = try store.customer(id: complaint.customerId) else { continue }
            let escalated = try store.unitOfWork { () throws -> Bool in
                // Decided again inside the unit of work, so two runs never escalate twice.
                guard let current = try store.complaint(id: complaint.id),
                      let (level, owner) = ComplaintRules.escalation(current, deadlines, now: now) else { return false }
                var escalated = current
                escalated.level = level
                escalated.owner = owner.rawValue
                let task = PlannedTask(
                    kind: ComplaintRules.escalatedKind, customerId: current.customerId, visitId: nil,
                    step: "complaint/escalate-\(level)", assignee: owner.rawValue, dueAt: now,
                    overdueAt: ComplaintRules.deadlines(escalated, deadlines).resolution,
                    text: "投诉升级（第\(level)级）：\(customer.name) 的投诉 #\(current.id) 已超时未处理：\(current.content)",
                    urgent: true, dedupeKey: "cmp:\(current.id):escalate:\(level)")
                try store.updateComplaint(escalated, now: now)
                try store.apply(PlannedWork(tasks: StaffNotices.announced([task], customer: customer, settings: settings, store: store)), now: now)
                return true
            }
            if escalated { logger.warning("complaint escalated", metadata: ["huifang.complaint_id": "\(complaint.id)"]) }
        }
    }
}
