import Foundation
import HuifangCore

// The membership commands of the control protocol, declared once (see `ControlMethod`).

extension API {
    public enum PurchaseAdd: ControlMethod {
        public typealias Args = PurchaseAddArgs
        public typealias Result = PurchaseView
        public static let name = "purchase.add"
        public static let summary = "record a purchase: spend, points and tier at once; an upgrade is announced to the customer"
        public static let access = Access.frontLine
        public static let mutates = true
        public static func auditCustomer(args: Args, result: Result?) -> Int64? { args.customer }
    }

    public enum PointsLedger: ControlMethod {
        public typealias Args = IDArgs
        public typealias Result = [PointsEntryView]
        public static let name = "points.ledger"
        public static let summary = "every earn, spend, welcome and expiry line, oldest first"
        public static let access = Access.frontLine
    }
}

// MARK: - Arguments and results

/// purchase.add (R-MEM): the amount as a decimal with at most two places.
public struct PurchaseAddArgs: Codable, Sendable, Equatable {
    public var customer: Int64
    public var amount: String
    public var category: String?
    public var pointsUsed: Int64?
    /// ISO-8601 with a zone; absent means now.
    public var at: String?

    public init(customer: Int64, amount: String, category: String? = nil, pointsUsed: Int64? = nil, at: String? = nil) {
        self.customer = customer
        self.amount = amount
        self.category = category
        self.pointsUsed = pointsUsed
        self.at = at
    }
}

/// What a purchase did (R-MEM).
public struct PurchaseView: Codable, Sendable, Equatable {
    public var id: Int64
    public var customer: Int64
    public var amount: String
    public var pointsEarned: Int64
    public var pointsBalance: Int64
    /// Cumulative spend, a decimal string.
    public var spend: String
    public var tier: String?
    /// The tier this purchase reached, when it is an upgrade (the customer is told).
    public var upgradedTo: String?

    public init(id: Int64, customer: Int64, amount: String, pointsEarned: Int64, pointsBalance: Int64, spend: String,
                tier: String?, upgradedTo: String?) {
        self.id = id
        self.customer = customer
        self.amount = amount
        self.pointsEarned = pointsEarned
        self.pointsBalance = pointsBalance
        self.spend = spend
        self.tier = tier
        self.upgradedTo = upgradedTo
    }
}

/// One line of `points ledger`.
public struct PointsEntryView: Codable, Sendable, Equatable {
    public var at: String
    public var kind: String
    public var points: Int64
    public var balance: Int64
    public var purchase: Int64?

    public init(at: String, kind: String, points: Int64, balance: Int64, purchase: Int64?) {
        self.at = at
        self.kind = kind
        self.points = points
        self.balance = balance
        self.purchase = purchase
    }
}
