import Foundation
import HuifangCore

// The complaints commands of the control protocol, declared once (see `ControlMethod`).

extension API {
    public enum ComplaintOpen: ControlMethod {
        public typealias Args = ComplaintOpenArgs
        public typealias Result = ComplaintView
        public static let name = "complaint.open"
        public static let summary = "record a complaint; customer service owns it, the customer is told it was received"
        public static let access = Access.frontLine
        public static let mutates = true
        public static func auditCustomer(args: Args, result: Result?) -> Int64? { args.customer }
    }

    public enum ComplaintRespond: ControlMethod {
        public typealias Args = ComplaintNoteArgs
        public typealias Result = ComplaintView
        public static let name = "complaint.respond"
        public static let summary = "first response: investigating; the customer hears of it"
        public static let access = Access.service
        public static let mutates = true
        public static func auditCustomer(args: Args, result: Result?) -> Int64? { result?.customer }
    }

    public enum ComplaintResolve: ControlMethod {
        public typealias Args = ComplaintNoteArgs
        public typealias Result = ComplaintView
        public static let name = "complaint.resolve"
        public static let summary = "resolved: the resolution goes to the customer; a satisfaction follow-up 3 days later"
        public static let access = Access.service
        public static let mutates = true
        public static func auditCustomer(args: Args, result: Result?) -> Int64? { result?.customer }
    }

    // R-CMP-5
    public enum ComplaintSatisfaction: ControlMethod {
        public typealias Args = ComplaintSatisfactionArgs
        public typealias Result = ComplaintView
        public static let name = "complaint.satisfaction"
        public static let summary = "satisfied closes it; not satisfied re-opens it, deadlines counted afresh"
        public static let access = Access.service
        public static let mutates = true
        public static func auditCustomer(args: Args, result: Result?) -> Int64? { result?.customer }
    }

    public enum ComplaintClose: ControlMethod {
        public typealias Args = ComplaintNoteArgs
        public typealias Result = ComplaintView
        public static let name = "complaint.close"
        public static let summary = "close a resolved complaint"
        public static let access = Access.service
        public static let mutates = true
        public static func auditCustomer(args: Args, result: Result?) -> Int64? { result?.customer }
    }

    public enum ComplaintShow: ControlMethod {
        public typealias Args = IDArgs
        public typealias Result = ComplaintView
        public static let name = "complaint.show"
        public static let summary = "one complaint with its deadlines and owner"
        public static let access = Access.service
    }

    public enum ComplaintList: ControlMethod {
        public typealias Args = ComplaintListArgs
        public typealias Result = [ComplaintView]
        public static let name = "complaint.list"
        public static let summary = "complaints, latest first"
        public static let access = Access.service
    }
}

// MARK: - Arguments and results

public struct ComplaintOpenArgs: Codable, Sendable, Equatable {
    public var customer: Int64
    /// phone, email, in-person, online
    public var channel: String
    public var content: String
    public var severity: String?
    public var expects: String?
    public var cause: String?
    public var service: String?
    public var staff: String?

    public init(customer: Int64, channel: String, content: String, severity: String? = nil, expects: String? = nil,
                cause: String? = nil, service: String? = nil, staff: String? = nil) {
        self.customer = customer
        self.channel = channel
        self.content = content
        self.severity = severity
        self.expects = expects
        self.cause = cause
        self.service = service
        self.staff = staff
    }
}

public struct ComplaintNoteArgs: Codable, Sendable, Equatable {
    public var id: Int64
    public var note: String?
    public init(id: Int64, note: String? = nil) {
        self.id = id
        self.note = note
    }
}

public struct ComplaintSatisfactionArgs: Codable, Sendable, Equatable {
    public var id: Int64
    public var satisfied: Bool
    public init(id: Int64, satisfied: Bool) {
        self.id = id
        self.satisfied = satisfied
    }
}

public struct ComplaintListArgs: Codable, Sendable, Equatable {
    public var open: Bool?
    public init(open: Bool? = nil) { self.open = open }
}

public struct ComplaintView: Codable, Sendable, Equatable {
    public var id: Int64
    public var customer: Int64
    public var receivedAt: String
    public var channel: String
    public var content: String
    public var severity: String
    public var expects: String
    public var owner: String
    public var status: String
    public var level: Int
    public var responseDue: String?
    public var resolutionDue: String
    public var resolution: String?
    /// The customer's name, for people (lists and boards show names, not ids).
    public var customerName: String?

    public init(id: Int64, customer: Int64, receivedAt: String, channel: String, content: String, severity: String, expects: String,
                owner: String, status: String, level: Int, responseDue: String?, resolutionDue: String, resolution: String?,
                customerName: String? = nil) {
        self.id = id
        self.customer = customer
        self.receivedAt = receivedAt
        self.channel = channel
        self.content = content
        self.severity = severity
        self.expects = expects
        self.owner = owner
        self.status = status
        self.level = level
        self.responseDue = responseDue
        self.resolutionDue = resolutionDue
        self.resolution = resolution
        self.customerName = customerName
    }
}
