import Foundation

/// Who does a staff step (R-FU): the treating staff member of the visit, or a role.
public enum StaffRole: String, Hashable, Sendable, CaseIterable {
    case customerService = "customer-service"
    case consultant
    case doctor
    case frontDesk = "front-desk"
    case departmentHead = "department-head"
    case supervisor

    /// The role as a clinic names it (客服, 主管…).
    public var chineseName: String {
        switch self {
        case .customerService: "客服"
        case .consultant: "咨询师"
        case .doctor: "医生"
        case .frontDesk: "前台"
        case .departmentHead: "科室主任"
        case .supervisor: "主管"
        }
    }

    /// A task's assignee as staff read it: a member's name as it is, a role (a task nobody
    /// of it was free to take) by the clinic's name for it, `consultant` as 咨询师.
    public static func spoken(_ assignee: String) -> String {
        StaffRole(rawValue: assignee)?.chineseName ?? assignee
    }
}

/// One step of a protocol: when, on which channel, for whom, saying what.
public struct ProtocolStep: Hashable, Sendable {
    public var id: String
    public var timing: StepTiming
    /// `staff-task` makes a task for a person; any other channel messages the customer.
    public var channel: String
    /// For staff tasks: the role that does it (`doctor` means the visit's treating staff).
    public var assignee: StaffRole?
    public var text: LocalizedTemplate

    public init(id: String, timing: StepTiming, channel: String, assignee: StaffRole?, text: LocalizedTemplate) {
        self.id = id
        self.timing = timing
        self.channel = channel
        self.assignee = assignee
        self.text = text
    }

    public var isStaffTask: Bool { channel == ChannelName.staffTask }
}

/// A service's follow-up protocol (R-FU-1…5, 8): the steps a visit turns into at once.
/// `services = ["*"]` applies to every visit (R-FU-1 customer service, R-FU-2 consultant).
public struct FollowUpProtocol: Hashable, Sendable {
    public var id: String
    public var services: [String]
    public var steps: [ProtocolStep]
    /// R-FU-6: a new visit under this protocol within this many days replaces the earlier
    /// visit's pending steps with its own plan (a second surgery or repair shifts the year).
    public var restartWithinDays: Int?

    public init(id: String, services: [String], steps: [ProtocolStep], restartWithinDays: Int? = nil) {
        self.id = id
        self.services = services
        self.steps = steps
        self.restartWithinDays = restartWithinDays
    }

    public func applies(to service: String) -> Bool {
        services.contains("*") || services.contains(service)
    }

    /// Variables a step's text may use.
    /// `{pet}`: the pet the visit was for (a groomer's), empty for other visits.
    public static let variables = ["name", "surname", "honorific", "salutation", "clinic", "service", "staff", "date", "pet"]
}

/// A visit's place in a course of treatment (R-FU-7).
public struct CourseSession: Hashable, Sendable {
    public var course: String
    public var session: Int
    public var total: Int
    /// When the next session is booked, if it is.
    public var nextSession: Date?

    public init(course: String, session: Int, total: Int, nextSession: Date? = nil) {
        self.course = course
        self.session = session
        self.total = total
        self.nextSession = nextSession
    }

    /// Full follow-ups after the first and the last session only.
    public var getsFullFollowUp: Bool { session == 1 || session == total }
}

/// A visit: a treatment, surgery, grooming or check-up (R-FU). Money in minor units.
public struct Visit: Hashable, Sendable {
    public var id: Int64
    public var customerId: Int64
    public var service: String
    public var staff: String
    public var endedAt: Date
    public var amountMinor: Int64
    public var course: CourseSession?
    /// The pet the visit was for (a groomer's), if any (R-PPL-4).
    public var petId: Int64?
    /// Where the visit took place (`[[branches]]` id); nil: the customer's home branch.
    public var branch: String?

    public init(id: Int64, customerId: Int64, service: String, staff: String, endedAt: Date, amountMinor: Int64,
                course: CourseSession? = nil) {
        self.id = id
        self.customerId = customerId
        self.service = service
        self.staff = staff
        self.endedAt = endedAt
        self.amountMinor = amountMinor
        self.course = course
    }
}
