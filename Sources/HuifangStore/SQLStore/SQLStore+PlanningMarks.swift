import Foundation
import HuifangCore

/// Incremental planning (`GreetingStore`, `RetentionStore`): the statements are
/// `PlanningMarksSQL`'s (the first area ported, issue 16).
extension SQLStore {
    public func greetingsDue(now: Date) throws -> [PlanningMark] {
        try read { db in try PlanningMarksSQL.due(db, .greeting, through: now.unixMillis) }
    }

    @discardableResult
    public func setNextOccasions(_ updates: [(mark: PlanningMark, next: Int64)]) throws -> Int {
        try setMarks(.greeting, updates)
    }

    @discardableResult
    public func resetOccasions(unlessPlannedWith fingerprint: String) throws -> Bool {
        try write { db in try PlanningMarksSQL.reset(db, .greeting, unlessPlannedWith: fingerprint) }
    }

    public func occasionsPlannedWith() throws -> String? {
        try read { db in try PlanningMarksSQL.plannedWith(db, .greeting) }
    }

    public func retentionDue(now: Date) throws -> [PlanningMark] {
        try read { db in try PlanningMarksSQL.due(db, .retention, through: now.unixMillis) }
    }

    @discardableResult
    public func setNextRetention(_ updates: [(mark: PlanningMark, next: Int64)]) throws -> Int {
        try setMarks(.retention, updates)
    }

    @discardableResult
    public func resetRetention(unlessPlannedWith fingerprint: String) throws -> Bool {
        try write { db in try PlanningMarksSQL.reset(db, .retention, unlessPlannedWith: fingerprint) }
    }

    public func loyaltyReviewsDue(now: Date) throws -> [PlanningMark] {
        try read { db in try PlanningMarksSQL.due(db, .loyaltyReview, through: now.unixMillis) }
    }

    @discardableResult
    public func setNextLoyaltyReviews(_ updates: [(mark: PlanningMark, next: Int64)]) throws -> Int {
        try setMarks(.loyaltyReview, updates)
    }

    @discardableResult
    public func resetLoyaltyReviews(unlessPlannedWith fingerprint: String) throws -> Bool {
        try write { db in try PlanningMarksSQL.reset(db, .loyaltyReview, unlessPlannedWith: fingerprint) }
    }

    /// Only when a mark moves is the writer taken.
    private func setMarks(_ column: PlanningMarksSQL.Column, _ updates: [(mark: PlanningMark, next: Int64)]) throws -> Int {
        guard updates.contains(where: { $0.next != $0.mark.value }) else { return 0 }
        return try write { db in try PlanningMarksSQL.set(db, column, updates) }
    }
}
