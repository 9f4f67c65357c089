import Foundation
import HuifangCore

// The arrears commands of the control protocol, declared once (see `ControlMethod`).

extension API {
    public enum ArrearsSet: ControlMethod {
        public typealias Args = ArrearsArgs
        public typealias Result = ArrearsView
        public static let name = "arrears.set"
        public static let summary = "the balance the customer owes (0 clears it)"
        public static let access = Access.frontLine
        public static let mutates = true
        public static func auditCustomer(args: Args, result: Result?) -> Int64? { args.customer }
    }

    public enum ArrearsPay: ControlMethod {
        public typealias Args = ArrearsArgs
        public typealias Result = ArrearsView
        public static let name = "arrears.pay"
        public static let summary = "a payment against the balance; paid in full clears it and lifts a suspension"
        public static let access = Access.frontLine
        public static let mutates = true
        public static func auditCustomer(args: Args, result: Result?) -> Int64? { args.customer }
    }

    public enum ArrearsShow: ControlMethod {
        public typealias Args = IDArgs
        public typealias Result = ArrearsView
        public static let name = "arrears.show"
        public static let summary = "a customer's balance, reminders and suspension"
        public static let access = Access.frontLine
    }
}

// MARK: - Arguments and results

/// arrears.set / arrears.pay (R-KEEP-3): a decimal amount with at most two places.
public struct ArrearsArgs: Codable, Sendable, Equatable {
    public var customer: Int64
    public var amount: String

    public init(customer: Int64, amount: String) {
        self.customer = customer
        self.amount = amount
    }
}

/// A customer's unpaid balance (R-KEEP-3).
public struct ArrearsView: Codable, Sendable, Equatable {
    public var customer: Int64
    public var owed: String
    public var since: String?
    public var reminders: Int
    public var suspended: Bool

    public init(customer: Int64, owed: String, since: String?, reminders: Int, suspended: Bool) {
        self.customer = customer
        self.owed = owed
        self.since = since
        self.reminders = reminders
        self.suspended = suspended
    }
}
