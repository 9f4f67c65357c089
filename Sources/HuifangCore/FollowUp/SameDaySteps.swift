import Foundation

/// One call per step per customer per day (R-FU): when a customer has two services on one
/// day and both plan the same step, staff make one call that names both. A later visit's
/// task that repeats an open task's step on the same local day is folded into that task
/// (which is re-worded to name every service); a customer message repeating a queued one's
/// step on the same day is dropped.
public enum SameDaySteps {
    public struct Fold: Sendable, Equatable {
        /// The planned task, and the open task it folds into.
        public var planned: PlannedTask
        public var into: StaffTask
    }

    /// The plan without its repeats, and the tasks they fold into.
    public static func split(_ plan: FollowUpPlan, openTasks: [StaffTask], queued: [Message],
                             zone: TimeZone) -> (plan: FollowUpPlan, folds: [Fold]) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        func sameDay(_ a: Date, _ b: Date) -> Bool { calendar.isDate(a, inSameDayAs: b) }
        var kept = plan
        var folds: [Fold] = []
        kept.tasks = plan.tasks.filter { task in
            guard let open = openTasks.first(where: { $0.step == task.step && $0.visitId != nil && sameDay($0.dueAt, task.dueAt) }) else {
                return true
            }
            folds.append(Fold(planned: task, into: open))
            return false
        }
        kept.messages = plan.messages.filter { message in
            guard let planned = step(of: message.dedupeKey) else { return true }
            return !queued.contains { step(of: $0.dedupeKey) == planned && $0.channel == message.channel && sameDay($0.dueAt, message.occasion) }
        }
        return (kept, folds)
    }

    /// `followup:VISIT:PROTOCOL:STEP` → `PROTOCOL:STEP`.
    static func step(of key: String) -> String? {
        let parts = key.split(separator: ":", maxSplits: 2)
        guard parts.count == 3, parts[0] == "followup" else { return nil }
        return String(parts[2])
    }
}
