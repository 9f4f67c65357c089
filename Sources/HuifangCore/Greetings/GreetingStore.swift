import Foundation

/// What incremental greeting planning needs of the store: each customer keeps when their
/// next greeting comes within the planner's lookahead (`PlanningMark`, unix ms), behind an
/// index, so a run reads only the customers whose time has come (and those changed since,
/// whose mark is 0).
public protocol GreetingStore {
    /// The customers whose mark is at or before `now`, by an index range.
    func greetingsDue(now: Date) throws -> [PlanningMark]
    /// Sets each customer's next mark, unless it changed since it was read (an edit in
    /// between makes it due and wins). Returns how many were set.
    @discardableResult
    func setNextOccasions(_ updates: [(mark: PlanningMark, next: Int64)]) throws -> Int
    /// When the greeting settings differ from those last planned with (`fingerprint`), every
    /// customer is to be worked out again; returns whether that happened.
    @discardableResult
    func resetOccasions(unlessPlannedWith fingerprint: String) throws -> Bool
    /// The fingerprint of the settings the marks were last worked out with (nil: never).
    func occasionsPlannedWith() throws -> String?
}
