import Foundation

/// An appointment (R-APT-1).
public struct Appointment: Hashable, Sendable {
    public enum Status: String, Sendable, CaseIterable {
        case booked, confirmed, cancelled
        case noShow = "no-show"
        case completed

        /// As staff read it on the console and in its refusals.
        public var chineseName: String {
            switch self {
            case .booked: "已预约"
            case .confirmed: "已确认"
            case .cancelled: "已取消"
            case .noShow: "未到"
            case .completed: "已到店"
            }
        }
    }

    public var id: Int64
    public var customerId: Int64
    public var service: String
    public var staff: String
    public var start: Date
    public var durationMinutes: Int
    public var place: String
    public var status: Status
    public var checkedInAt: Date?
    /// The branch it is booked at (`[[branches]]` id); nil: the customer's home branch.
    public var branch: String?

    public init(id: Int64, customerId: Int64, service: String, staff: String, start: Date, durationMinutes: Int,
                place: String, status: Status = .booked, checkedInAt: Date? = nil) {
        self.id = id
        self.customerId = customerId
        self.service = service
        self.staff = staff
        self.start = start
        self.durationMinutes = durationMinutes
        self.place = place
        self.status = status
        self.checkedInAt = checkedInAt
    }

    public var end: Date { start.addingTimeInterval(Double(durationMinutes) * 60) }

    /// The prefix of every dedupe key this appointment's reminders and tasks carry, so they
    /// can be cancelled together (R-APT-5).
    public var dedupePrefix: String { "apt:\(id):" }

    /// Whether it still expects the customer.
    public var isOpen: Bool { status == .booked || status == .confirmed }
}

/// What the appointment rules need from configuration (R-APT-2…4).
public struct AppointmentSettings: Sendable, Equatable {
    public var reminderLead: TimeInterval = 24 * 3600
    public var secondReminderLead: TimeInterval = 2 * 3600
    /// Services that ask for the second reminder (R-APT-2).
    public var secondReminderServices: [String] = []
    /// R-APT-3: unconfirmed reminders are retried this long after the reminder, at most twice.
    public var confirmationRetryAfter: TimeInterval = 4 * 3600
    /// R-APT-4: not checked in this long after the start: a front-desk task.
    public var checkInGrace: TimeInterval = 15 * 60
    public var channels: [String] = ["sms", "wechat", "email"]
    public var template: LocalizedTemplate
    /// Instructions before some services (fasting before surgery…), this long before the start.
    public var preparations: [Preparation] = []

    public struct Preparation: Sendable, Equatable {
        public var services: [String]
        public var lead: TimeInterval
        public var template: LocalizedTemplate

        public init(services: [String], lead: TimeInterval, template: LocalizedTemplate) {
            self.services = services
            self.lead = lead
            self.template = template
        }
    }

    public init(template: LocalizedTemplate) { self.template = template }

    public static let variables = ["name", "surname", "honorific", "salutation", "clinic", "service", "staff", "time", "place"]
}
