import Foundation

/// Where an incremental planner left a customer: the greeting planner's next local day
/// (`LocalDay` number), retention upkeep's next time (unix ms). 0: to be worked out again
/// (new, or something the planner depends on changed). Planners read only the customers
/// whose mark has come, by an index range, and move each mark on.
public struct PlanningMark: Sendable, Equatable {
    public var customerId: Int64
    public var value: Int64

    public init(customerId: Int64, value: Int64) {
        self.customerId = customerId
        self.value = value
    }
}
