import Foundation
import HuifangCore

/// Visits (R-FU): one set of rules for a visit, whoever records it (`visit.add`, a CSV
/// import), and the follow-up plan that comes with a new one, in one unit of work.
struct Visits {
    let context: CommandContext

    init(_ context: CommandContext) { self.context = context }

    /// A visit as it may be recorded: service and staff named, ended no later than now (a
    /// minute of clock skew allowed), a valid amount.
    func checked(customer: Customer, service: String, staff: String, endedAt ended: Date, amount: String?,
                 course: CourseSession? = nil, pet: Int64? = nil, unlisted: Bool = false) throws(HuifangError) -> Visit {
        let service = try Services(context).resolve(service, unlisted: unlisted)
        let staff = staff.trimmingCharacters(in: .whitespaces)
        guard !staff.isEmpty else { throw .invalid("staff", "must not be empty") }
        guard ended <= context.clock.now().addingTimeInterval(60) else { throw .invalid("at", "must not lie in the future") }
        let amountMinor = try amount.map { text throws(HuifangError) in try Money.parse(text) } ?? 0
        var visit = Visit(id: 0, customerId: customer.id, service: service, staff: staff, endedAt: ended, amountMinor: amountMinor,
                          course: course)
        if let pet {
            guard try storeCall(context, "reading a pet", { try context.store.pet(id: pet) })?.customerId == customer.id else {
                throw .invalid("pet", "customer \(customer.id) has no pet \(pet) (pet list --customer \(customer.id))")
            }
            visit.petId = pet
        }
        return visit
    }

    /// R-PPL-4: after a pet's groom, its owner is asked to rebook when the breed's (or
    /// species') interval has passed; a later visit of the pet supersedes the request.
    private func rebook(_ visit: Visit, customer: Customer, settings: HuifangConfig, now: Date) throws -> PlannedWork? {
        guard let petId = visit.petId, let pet = try context.store.pet(id: petId),
              let days = settings.pets.rebookDays(for: pet) else { return nil }
        let due = visit.endedAt.addingTimeInterval(Double(days) * 86_400)
        let text = settings.notices.render(.petRebook, for: customer, clinic: settings.clinicName(for: customer),
                                           ["pet": pet.name, "service": settings.services.displayName(visit.service, customer.locale)])
        let message = StaffNotices.toCustomer(customer, kind: MessageKind.petRebook, text: text, key: "pet-rebook:\(pet.id):\(visit.id)",
                                              due: max(due, now), settings: settings, now: now)
        return PlannedWork(cancelPrefixes: ["pet-rebook:\(pet.id):"], reason: "superseded by a later visit of \(pet.name)",
                           messages: message.map { [$0] } ?? [])
    }

    /// Records a new visit and what its protocols plan (R-FU: at once), in one unit of work.
    func record(_ visit: Visit, customer: Customer) throws(HuifangError) -> (visit: Visit, applied: AppliedWork) {
        let now = context.clock.now()
        let settings = context.config.snapshot
        let windows = settings.channelWindows()
        let lookback = Double(settings.protocols.compactMap(\.restartWithinDays).max() ?? 0) * 86_400
        let earlier = lookback > 0
            ? try storeCall(context, "reading earlier visits") {
                try context.store.visits(customerId: customer.id, since: visit.endedAt.addingTimeInterval(-lookback))
            }
            : []
        let result = try storeCall(context, "recording a visit") {
            try context.store.unitOfWork { () throws -> (visit: Visit, applied: AppliedWork) in
                let stored = try context.store.addVisit(visit, now: now)
                if let rebook = try rebook(stored, customer: customer, settings: settings, now: now) {
                    try context.store.apply(rebook, now: now)
                }
                let pet = try stored.petId.flatMap { try context.store.pet(id: $0) }
                let full = FollowUpPlanner.plan(visit: stored, customer: customer, protocols: settings.protocols,
                                                clinic: settings.clinicName(for: customer), windows: windows, now: now, earlier: earlier, pet: pet,
                                                catalogue: settings.services)
                let plan = try oneCallPerDay(full, visit: stored, customer: customer, settings: settings, now: now, pet: pet)
                let applied = try context.store.apply(PlannedWork(
                    cancelPrefixes: plan.replaces, reason: "superseded by a later visit that restarted the plan",
                    tasks: StaffNotices.announced(plan.tasks, customer: customer, branch: stored.branch, settings: settings,
                                                  store: context.store),
                    messages: plan.messages.map { $0.message(id: MessageID.generate(now: now), now: now) }), now: now)
                try Membership(context).afterVisit(customer, now: now)
                return (stored, applied)
            }
        }
        context.wakeup.signal()
        context.logger.info("visit recorded", metadata: ["huifang.customer_id": "\(customer.id)", "huifang.visit_id": "\(result.visit.id)",
                                                         "huifang.tasks": "\(result.applied.tasks.count)"])
        return result
    }

    /// R-FU: a step this visit plans that another visit of the same day planned already is
    /// one call: the open task is re-worded to name every service of the day, and the
    /// repeat is left out (so is a repeated customer message).
    private func oneCallPerDay(_ plan: FollowUpPlan, visit: Visit, customer: Customer, settings: HuifangConfig, now: Date,
                               pet: Pet?) throws -> FollowUpPlan {
        guard !plan.tasks.isEmpty || !plan.messages.isEmpty else { return plan }
        let zone = TimeZone(identifier: customer.timeZone) ?? settings.clinicZone
        var filter = TaskFilter(limit: 500)
        filter.customerId = customer.id
        // Tasks this visit's plan replaces (R-FU-6) are no call to fold into.
        let open = try context.store.tasks(filter).filter { task in
            let key = "followup:\(task.visitId ?? 0):\(task.step.split(separator: "/").first ?? ""):"
            return !plan.replaces.contains(key)
        }
        let (kept, folds) = SameDaySteps.split(plan, openTasks: open,
                                               queued: try context.store.queued(customerId: customer.id, branch: nil, from: nil, through: .distantFuture, limit: 1000),
                                               zone: zone)
        guard !folds.isEmpty else { return kept }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let sameDay = try context.store.visits(customerId: customer.id, since: calendar.startOfDay(for: visit.endedAt))
            .filter { calendar.isDate($0.endedAt, inSameDayAs: visit.endedAt) }.sorted { ($0.endedAt, $0.id) < ($1.endedAt, $1.id) }
        for fold in folds {
            let proto = fold.planned.step.split(separator: "/").first.map(String.init) ?? ""
            var names: [String] = []
            for other in sameDay + [visit] where settings.protocols.contains(where: { $0.id == proto && settings.services.starts($0, for: other.service) }) {
                let name = settings.services.displayName(other.service, customer.locale)
                if !names.contains(name) { names.append(name) }
            }
            let reworded = FollowUpPlanner.plan(visit: visit, customer: customer, protocols: settings.protocols, clinic: settings.clinicName(for: customer),
                                                windows: settings.channelWindows(), now: now, pet: pet, catalogue: settings.services,
                                                serviceName: names.joined(separator: "、"))
            if let text = reworded.tasks.first(where: { $0.step == fold.planned.step })?.text {
                try context.store.retextTask(id: fold.into.id, text: text)
            }
        }
        return kept
    }

    /// Records a past visit as history, without a follow-up plan (an import).
    func recordHistory(_ visit: Visit) throws(HuifangError) -> Visit {
        try storeCall(context, "importing visits") { try context.store.addVisit(visit, now: context.clock.now()) }
    }

    /// The same visit recorded already, if any (an import run again).
    func existing(_ visit: Visit) throws(HuifangError) -> Int64? {
        try storeCall(context, "looking up visits") { try context.store.sameVisit(as: visit) }
    }
}
