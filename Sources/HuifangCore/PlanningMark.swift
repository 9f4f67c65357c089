import Foundation

/// Where an incremental planner left a customer: when (unix ms) the greeting planner next
/// has something new for them, or retention upkeep does. 0: to be worked out again (new, or
/// something the planner depends on changed); `never`: nothing until something changes.
/// Planners read only the customers whose mark has come, by an index range, and move each
/// mark on.
public struct PlanningMark: Sendable, Equatable {
    public var customerId: Int64
    public var value: Int64

    public init(customerId: Int64, value: Int64) {
        self.customerId = customerId
        self.value = value
    }
}

extension PlanningMark {
    public static let never: Int64 = 9_000_000_000_000_000
}
