import Foundation
import HuifangCore
import Logging

/// R-KEEP-1…3, run by the scheduler's periodic upkeep: care calls by segment, win-backs
/// for dormant customers (a staff call for members), arrears reminders and suspension.
struct RetentionKeeper {
    let store: any Store
    let logger: Logger

    /// Segments and dormancy (reads every customer's year: run it now and then, not each pass).
    func planRetention(settings: HuifangConfig, now: Date) throws {
        let facts = try store.retentionFacts(since: now.addingTimeInterval(-365 * 86_400))
        guard !facts.isEmpty else { return }
        let customers = try store.customers(ids: facts.map(\.customerId))
        var work = PlannedWork()
        for fact in facts {
            guard let customer = customers[fact.customerId],
                  let action = RetentionPlanner.plan(fact, settings: settings.retention, now: now) else { continue }
            switch action {
            case .winBackMessage(let key):
                if let message = StaffNotices.toCustomer(customer, kind: MessageKind.retentionWinBack, category: .marketing,
                                                         text: winBackText(customer, settings), key: key, due: now,
                                                         settings: settings, now: now) {
                    work.messages.append(message)
                }
            case .winBackCall(let task), .careCall(let task, _):
                work.tasks += customers[task.customerId].map { StaffNotices.announced([task], customer: $0, settings: settings, store: store) } ?? [task]
            }
        }
        let existing = try store.existingDedupeKeys(work.tasks.map(\.dedupeKey) + work.messages.map(\.dedupeKey))
        work.tasks.removeAll { existing.contains($0.dedupeKey) }
        work.messages.removeAll { existing.contains($0.dedupeKey) }
        guard !work.tasks.isEmpty || !work.messages.isEmpty else { return }
        let added = try store.apply(work, now: now).count
        logger.info("retention planned", metadata: ["huifang.count": "\(added)"])
    }

    /// R-KEEP-3: reminders every `arrears_every_days`, suspension after the last.
    func remindArrears(settings: HuifangConfig, now: Date) throws {
        for arrears in try store.allArrears() {
            guard let (number, suspend) = arrears.reminderDue(now: now, settings: settings.retention),
                  let customer = try store.customer(id: arrears.customerId), customer.erasedAt == nil else { continue }
            let message = StaffNotices.toCustomer(customer, kind: MessageKind.arrearsReminder, text: arrearsText(customer, arrears, settings),
                                                  key: "arrears:\(customer.id):\(arrears.since.unixMillis):\(number)", due: now,
                                                  settings: settings, now: now)
            if try store.recordArrearsReminder(customerId: customer.id, number: number, suspend: suspend, message: message) {
                logger.info("arrears reminder", metadata: ["huifang.customer_id": "\(customer.id)", "huifang.number": "\(number)",
                                                           "huifang.suspended": "\(suspend)"])
            }
        }
    }

    private func winBackText(_ customer: Customer, _ settings: HuifangConfig) -> String {
        settings.notices.render(.winBack, for: customer, clinic: settings.service.name)
    }

    private func arrearsText(_ customer: Customer, _ arrears: Arrears, _ settings: HuifangConfig) -> String {
        settings.notices.render(.arrearsReminder, for: customer, clinic: settings.service.name,
                                ["amount": Money.format(arrears.owedMinor)])
    }
}
