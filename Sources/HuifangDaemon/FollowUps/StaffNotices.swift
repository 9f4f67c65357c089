import Foundation
import HuifangCore

/// The notice a staff task sends to the staff-task gateway, and customer notices of
/// transactional kinds (complaint updates): where they go and what they say.
enum StaffNotices {
    /// How a customer's tasks are announced, if the staff-task channel is configured: with
    /// whom to call and how to greet them.
    static func notice(for customer: Customer, settings: HuifangConfig) -> TaskNotice? {
        guard settings.channel(named: ChannelName.staffTask) != nil else { return nil }
        return TaskNotice(locale: customer.locale, customer: customer, region: settings.service.defaultRegion)
    }

    /// `tasks` given to people (R-PPL-3: the customer's own consultant, else the least
    /// loaded member of the role) and with their notices planned (R-FU-8), before anything
    /// is written. Without staff records, tasks stay with their roles.
    /// `branch`: where the tasks belong, when not the customer's home (a visit at another branch).
    static func announced(_ tasks: [PlannedTask], customer: Customer, branch: String? = nil, settings: HuifangConfig,
                          store: any Store) -> [PlannedTask] {
        let notice = notice(for: customer, settings: settings)
        let staff = (try? store.staff()) ?? []
        let routed = staff.isEmpty && customer.consultant == nil ? tasks
            : TaskRouting.assign(tasks, customer: customer, branch: branch ?? customer.branch, staff: staff,
                                 openTasks: (try? store.openTaskCounts()) ?? [:])
        return routed.map { task in
            var task = task
            task.notice = notice
            return task
        }
    }

    /// `work` with its tasks given to people and their notices planned.
    static func announced(_ work: PlannedWork, customer: Customer, settings: HuifangConfig, store: any Store) -> PlannedWork {
        var work = work
        work.tasks = announced(work.tasks, customer: customer, settings: settings, store: store)
        return work
    }

    /// A notice to the customer (complaint progress, membership, win-back, arrears): on
    /// their preferred channel, or the first configured one that reaches them, as consent
    /// decides (R-CUS-4): none of these kinds is essential, so an opt-out reroutes it, and
    /// nil comes back when no channel they allow is left. It waits for the customer's
    /// message window (R-TIME-1).
    static func toCustomer(_ customer: Customer, kind: String, category: MessageCategory = .transactional, text: String,
                           key: String, due: Date, settings: HuifangConfig, now: Date) -> Message? {
        let policy = settings.consentPolicy
        let candidates = (customer.preferredChannel.map { [$0] } ?? []) + policy.order
        guard let first = candidates.first(where: { policy.configured.contains($0) && ChannelFallback.hasContact(customer, for: $0) })
        else { return nil }
        var message = Message(id: MessageID.generate(now: now), dedupeKey: key, kind: kind, customerId: customer.id,
                              channel: first, text: text, locale: customer.locale, dueAt: due, createdAt: now)
        message.windowed = true
        message.category = category
        return Consent.routed(message, customer: customer, policy: policy)
    }
}
