import Foundation
import HuifangCore

// The customers commands of the control protocol, declared once (see `ControlMethod`).

extension API {
    // R-PPL-2
    public enum CustomerEdit: ControlMethod {
        public typealias Args = CustomerEditArgs
        public typealias Result = CustomerView
        public static let name = "customer.edit"
        public static let summary = "correct a customer's record; each change is audited with its old and new value, greetings re-planned"
        public static let access = Access.frontLine
        public static let mutates = true
        public static func auditCustomer(args: Args, result: Result?) -> Int64? { args.id }
    }

    public enum CustomerMerge: ControlMethod {
        public typealias Args = CustomerMergeArgs
        public typealias Result = MergeReport
        public static let name = "customer.merge"
        public static let summary = "make two records of one person one: everything of drop moves to keep, in one transaction"
        public static let access = Access.managers
        public static let mutates = true
        public static func auditCustomer(args: Args, result: Result?) -> Int64? { args.keep }
    }

    public enum CustomerFind: ControlMethod {
        public typealias Args = CustomerFindArgs
        public typealias Result = [CustomerView]
        public static let name = "customer.find"
        public static let summary = "find customers by phone ending (4+ digits), name or e-mail, best match first"
        public static let access = Access.frontLine
    }

    // R-CUS-5
    public enum CustomerErase: ControlMethod {
        public typealias Args = CustomerEraseArgs
        public typealias Result = ErasureView
        public static let name = "customer.erase"
        public static let summary = "remove a customer's personal data for good, cancel what is still to come, keep the figures"
        public static let access = Access.managers
        public static let mutates = true
        public static func auditCustomer(args: Args, result: Result?) -> Int64? { args.id }
    }

    public enum CustomerAdd: ControlMethod {
        public typealias Args = CustomerAddArgs
        public typealias Result = CreatedID<Int64>
        public static let name = "customer.add"
        public static let summary = "add a customer; answers its id"
        public static let access = Access.frontLine
        public static let mutates = true
        public static func auditCustomer(args: Args, result: Result?) -> Int64? { result?.id }
    }

    public enum CustomerShow: ControlMethod {
        public typealias Args = IDArgs
        public typealias Result = CustomerView
        public static let name = "customer.show"
        public static let summary = "one customer's record"
        public static let access = Access.frontLine
    }

    public enum CustomerList: ControlMethod {
        public typealias Args = CustomerListArgs
        public typealias Result = [CustomerView]
        public static let name = "customer.list"
        public static let summary = "customers in id order, 100 at a time"
        public static let access = Access.frontLine
    }

    // R-CUS-4
    public enum CustomerOptOut: ControlMethod {
        public typealias Args = OptOutArgs
        public typealias Result = CustomerView
        public static let name = "customer.opt-out"
        public static let summary = "nothing but essential messages on that channel, from now on, queued ones included"
        public static let access = Access.frontLine
        public static let mutates = true
        public static func auditCustomer(args: Args, result: Result?) -> Int64? { args.id }
    }

    public enum CustomerOptIn: ControlMethod {
        public typealias Args = OptOutArgs
        public typealias Result = CustomerView
        public static let name = "customer.opt-in"
        public static let summary = "undo an opt-out"
        public static let access = Access.frontLine
        public static let mutates = true
        public static func auditCustomer(args: Args, result: Result?) -> Int64? { args.id }
    }

    // R-CUS-3
    // R-CUS-3
    public enum ContactAdd: ControlMethod {
        public typealias Args = ContactAddArgs
        public typealias Result = ContactView
        public static let name = "contact.add"
        public static let summary = "record a contact made outside Huifang: a call, a message, a visit; it names the person"
        public static let access = Access.frontLine
        public static let mutates = true
        public static func auditCustomer(args: Args, result: Result?) -> Int64? { args.customer }
    }

    public enum CustomerContacts: ControlMethod {
        public typealias Args = IDArgs
        public typealias Result = [ContactView]
        public static let name = "customer.contacts"
        public static let summary = "the customer's communication record, latest first"
        public static let access = Access.frontLine
    }

    public enum CustomerHealth: ControlMethod {
        public typealias Args = IDArgs
        public typealias Result = HealthView
        public static let name = "customer.health"
        public static let summary = "a customer's health data (doctor, consultant, admin; every read is audited)"
        public static let access = Access.clinical
    }

    public enum CustomerHealthSet: ControlMethod {
        public typealias Args = HealthSetArgs
        public typealias Result = HealthView
        public static let name = "customer.health-set"
        public static let summary = "record health data; the fields given replace the stored ones"
        public static let access = Access.clinical
        public static let mutates = true
        public static func auditCustomer(args: Args, result: Result?) -> Int64? { args.id }
    }
}

// MARK: - Arguments and results

public struct CustomerListArgs: Codable, Sendable, Equatable {
    public var afterId: Int64?
    public var limit: Int?

    public init(afterId: Int64? = nil, limit: Int? = nil) {
        self.afterId = afterId
        self.limit = limit
    }
}

public struct OptOutArgs: Codable, Sendable, Equatable {
    public var id: Int64
    public var channel: String
    public init(id: Int64, channel: String) {
        self.id = id
        self.channel = channel
    }
}

/// customer.health-set: `{id, symptoms?, history?, …}`; the fields given replace the stored ones.
public struct HealthSetArgs: Codable, Sendable, Equatable {
    public var id: Int64
    /// The fields to write; the ones left nil stay as stored.
    public var fields: HealthRecord

    private enum CodingKeys: String, CodingKey { case id }

    public init(id: Int64, fields: HealthRecord) {
        self.id = id
        self.fields = fields
    }

    public init(from decoder: any Decoder) throws {
        id = try decoder.container(keyedBy: CodingKeys.self).decode(Int64.self, forKey: .id)
        fields = try HealthRecord(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try fields.encode(to: encoder)
    }
}

public struct CustomerEraseArgs: Codable, Sendable, Equatable {
    public var id: Int64
    /// Must be true: erasure cannot be undone.
    public var confirm: Bool

    public init(id: Int64, confirm: Bool) {
        self.id = id
        self.confirm = confirm
    }
}

public struct CustomerView: Codable, Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var gender: String
    public var birthday: String?
    public var lunarBirthday: Bool
    public var phone: String?
    public var email: String?
    public var wechatId: String?
    public var locale: String
    public var tz: String
    public var tags: [String]
    public var notes: String
    public var createdAt: String
    /// Channels the customer opted out of (R-CUS-4).
    public var optedOut: [String]?
    /// When the customer was erased (R-CUS-5); the personal fields are empty since.
    public var erasedAt: String?
    /// Tier, spend and points (R-MEM); shown by customer.show.
    public var membership: MembershipView?
    public var address: String?
    public var occupation: String?
    public var preferredChannel: String?
    /// Their own consultant (专属顾问).
    public var consultant: String?
    /// The home branch (`[[branches]]` id).
    public var branch: String?
    /// The lunar birthday as people say it (`农历三月初八`), when it is lunar.
    public var lunarDate: String?
    /// The date of the next birthday greeting.
    public var nextBirthday: String?
    /// In customer.show: the last visits, coming appointments, open complaints and tasks,
    /// and the next messages.
    public var story: CustomerStoryView?

    public init(id: Int64, name: String, gender: String, birthday: String?, lunarBirthday: Bool,
                phone: String?, email: String?, wechatId: String?, locale: String, tz: String,
                tags: [String], notes: String, createdAt: String, optedOut: [String]? = nil, erasedAt: String? = nil) {
        self.optedOut = optedOut
        self.erasedAt = erasedAt
        self.id = id
        self.name = name
        self.gender = gender
        self.birthday = birthday
        self.lunarBirthday = lunarBirthday
        self.phone = phone
        self.email = email
        self.wechatId = wechatId
        self.locale = locale
        self.tz = tz
        self.tags = tags
        self.notes = notes
        self.createdAt = createdAt
    }
}

public struct CustomerStoryView: Codable, Sendable, Equatable {
    public struct VisitLine: Codable, Sendable, Equatable {
        public var at: String
        public var service: String
        public var staff: String
        public init(at: String, service: String, staff: String) {
            self.at = at
            self.service = service
            self.staff = staff
        }
    }

    public struct ComplaintLine: Codable, Sendable, Equatable {
        public var id: Int64
        public var status: String
        public var severity: String
        public var content: String
        public init(id: Int64, status: String, severity: String, content: String) {
            self.id = id
            self.status = status
            self.severity = severity
            self.content = content
        }
    }

    public var visits: [VisitLine]
    public var appointments: [AppointmentView]
    public var complaints: [ComplaintLine]
    public var tasks: [TaskView]
    public var upcoming: [MessageView]

    public init(visits: [VisitLine], appointments: [AppointmentView], complaints: [ComplaintLine], tasks: [TaskView],
                upcoming: [MessageView]) {
        self.visits = visits
        self.appointments = appointments
        self.complaints = complaints
        self.tasks = tasks
        self.upcoming = upcoming
    }
}

/// `customer.edit`: only the fields given change; an empty text clears an optional field.
public struct CustomerEditArgs: Codable, Sendable, Equatable {
    public var id: Int64
    public var name: String?
    public var phone: String?
    public var email: String?
    public var wechatId: String?
    public var birthday: String?
    public var lunarBirthday: Bool?
    /// A lunar birthday as people write it (replaces the birthday).
    public var lunarDate: String?
    public var birthYear: Int?
    public var tz: String?
    public var locale: String?
    public var gender: String?
    /// Tags to add.
    public var tags: [String]?
    /// Tags to take away.
    public var untag: [String]?
    public var notes: String?
    public var address: String?
    public var occupation: String?
    public var preferredChannel: String?
    public var consultant: String?
    /// Moves the customer to another branch (`[[branches]]` id).
    public var branch: String?
    /// Keep a phone or e-mail another customer has too.
    public var allowDuplicate: Bool?

    public init(id: Int64) { self.id = id }
}

public struct CustomerMergeArgs: Codable, Sendable, Equatable {
    public var keep: Int64
    public var drop: Int64
    /// A merge cannot be undone.
    public var confirm: Bool?

    public init(keep: Int64, drop: Int64, confirm: Bool? = nil) {
        self.keep = keep
        self.drop = drop
        self.confirm = confirm
    }
}

public struct CustomerFindArgs: Codable, Sendable, Equatable {
    public var text: String
    public var limit: Int?

    public init(text: String, limit: Int? = nil) {
        self.text = text
        self.limit = limit
    }
}

public struct ContactAddArgs: Codable, Sendable, Equatable {
    public var customer: Int64
    /// call, sms, wechat, visit or other.
    public var channel: String
    public var note: String
    /// Who made it (default: the caller's staff record).
    public var staff: String?
    /// When (default now), as people type times.
    public var at: String?

    public static let channels = ["call", "sms", "wechat", "visit", "other"]

    public init(customer: Int64, channel: String, note: String, staff: String? = nil, at: String? = nil) {
        self.customer = customer
        self.channel = channel
        self.note = note
        self.staff = staff
        self.at = at
    }
}

public struct ContactView: Codable, Sendable, Equatable {
    public var at: String
    public var channel: String
    public var who: String
    public var outcome: String
    public var note: String
    public var task: Int64?

    public init(at: String, channel: String, who: String, outcome: String, note: String, task: Int64?) {
        self.at = at
        self.channel = channel
        self.who = who
        self.outcome = outcome
        self.note = note
        self.task = task
    }
}

/// A customer's health data (R-CUS-2), for the roles allowed to see it.
public struct HealthView: Codable, Sendable, Equatable {
    public var customer: Int64
    public var record: HealthRecord
    /// When it last changed; nil when nothing is recorded.
    public var updatedAt: String?

    public init(customer: Int64, record: HealthRecord, updatedAt: String?) {
        self.customer = customer
        self.record = record
        self.updatedAt = updatedAt
    }
}

/// customer.erase (R-CUS-5): when, and what else it did.
public struct ErasureView: Codable, Sendable, Equatable {
    public var customer: Int64
    public var erasedAt: String
    public var report: ErasureReport

    public init(customer: Int64, erasedAt: String, report: ErasureReport) {
        self.customer = customer
        self.erasedAt = erasedAt
        self.report = report
    }
}

/// A customer's membership standing, shown with the customer.
public struct MembershipView: Codable, Sendable, Equatable {
    public var tier: String?
    public var spend: String
    public var points: Int64

    public init(tier: String?, spend: String, points: Int64) {
        self.tier = tier
        self.spend = spend
        self.points = points
    }
}
