import Foundation
import HuifangCore
import Logging

/// R-KEEP-1…3, run by the scheduler's periodic upkeep: care calls by segment, win-backs
/// for dormant customers (a staff call for members), arrears reminders and suspension.
struct RetentionKeeper {
    let store: any Store
    let logger: Logger

    /// Segments and dormancy, incrementally: only the customers whose time has come (or who
    /// visited, bought or changed tier since) are read; each is given the time the planner
    /// could next act for them. A thousand customers at a time, each thousand's calls and
    /// messages written with their marks in one transaction (a first run over a chain's
    /// million customers held all its work until the end, and a crash lost it with the
    /// marks already moved on). Returns how many customers were read.
    @discardableResult
    func planRetention(settings: HuifangConfig, now: Date) throws -> Int {
        let started = ContinuousClock.now
        try store.resetRetention(unlessPlannedWith: RetentionPlanner.fingerprint(settings.retention))
        let due = try store.retentionDue(now: now)
        var added = 0
        for start in stride(from: 0, to: due.count, by: 1000) {
            let marks = Array(due[start..<min(start + 1000, due.count)])
            let facts = try store.retentionFacts(customerIds: marks.map(\.customerId), since: now.addingTimeInterval(-365 * 86_400))
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
                    work.tasks += StaffNotices.announced([task], customer: customer, settings: settings, store: store)
                }
            }
            let byCustomer = Dictionary(facts.map { ($0.customerId, $0) }) { first, _ in first }
            let next = marks.map { mark in
                let next = byCustomer[mark.customerId].flatMap { RetentionPlanner.nextCheck($0, settings: settings.retention, now: now) }
                return (mark: mark, next: next?.unixMillis ?? PlanningMark.never)
            }
            added += try store.unitOfWork {
                let existing = try store.existingDedupeKeys(work.tasks.map(\.dedupeKey) + work.messages.map(\.dedupeKey))
                work.tasks.removeAll { existing.contains($0.dedupeKey) }
                work.messages.removeAll { existing.contains($0.dedupeKey) }
                let added = work.tasks.isEmpty && work.messages.isEmpty ? 0 : try store.apply(work, now: now).count
                try store.setNextRetention(next)
                return added
            }
        }
        if added > 0 { logger.info("retention planned", metadata: ["huifang.count": "\(added)", "huifang.read": "\(due.count)"]) }
        logger.debug("retention upkeep", metadata: ["huifang.read": "\(due.count)", "huifang.ms": "\(started.millisecondsAgo)"])
        if due.count >= MemoryRelease.largeRun { MemoryRelease.trim() }
        return due.count
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
        settings.notices.render(.winBack, for: customer, clinic: settings.clinicName(for: customer))
    }

    private func arrearsText(_ customer: Customer, _ arrears: Arrears, _ settings: HuifangConfig) -> String {
        settings.notices.render(.arrearsReminder, for: customer, clinic: settings.clinicName(for: customer),
                                ["amount": Money.format(arrears.owedMinor)])
    }
}
