import Foundation
import HuifangCore

// The appointments commands of the control protocol, declared once (see `ControlMethod`).

extension API {
    public enum AppointmentAdd: ControlMethod {
        public typealias Args = AppointmentAddArgs
        public typealias Result = AppointmentView
        public static let name = "appointment.add"
        public static let summary = "book an appointment; its reminders and check-in task are planned at once"
        public static let access = Access.frontLine
        public static let mutates = true
        public static func auditCustomer(args: Args, result: Result?) -> Int64? { args.customer }
    }

    public enum AppointmentShow: ControlMethod {
        public typealias Args = IDArgs
        public typealias Result = AppointmentView
        public static let name = "appointment.show"
        public static let summary = "one appointment"
        public static let access = Access.frontLine
    }

    public enum AppointmentConfirm: ControlMethod {
        public typealias Args = IDArgs
        public typealias Result = AppointmentView
        public static let name = "appointment.confirm"
        public static let summary = "the customer confirmed: no more confirmation retries"
        public static let access = Access.frontLine
        public static let mutates = true
        public static func auditCustomer(args: Args, result: Result?) -> Int64? { result?.customer }
    }

    public enum AppointmentCheckin: ControlMethod {
        public typealias Args = IDArgs
        public typealias Result = AppointmentView
        public static let name = "appointment.checkin"
        public static let summary = "the customer arrived: no no-show task"
        public static let access = Access.frontLine
        public static let mutates = true
        public static func auditCustomer(args: Args, result: Result?) -> Int64? { result?.customer }
    }

    // R-APT-5
    public enum AppointmentCancel: ControlMethod {
        public typealias Args = IDArgs
        public typealias Result = AppointmentView
        public static let name = "appointment.cancel"
        public static let summary = "cancel it and its pending reminders at once"
        public static let access = Access.frontLine
        public static let mutates = true
        public static func auditCustomer(args: Args, result: Result?) -> Int64? { result?.customer }
    }

    // R-APT-5
    public enum AppointmentReschedule: ControlMethod {
        public typealias Args = AppointmentRescheduleArgs
        public typealias Result = AppointmentView
        public static let name = "appointment.reschedule"
        public static let summary = "move it; pending reminders are cancelled and planned for the new time"
        public static let access = Access.frontLine
        public static let mutates = true
        public static func auditCustomer(args: Args, result: Result?) -> Int64? { result?.customer }
    }
}

// MARK: - Arguments and results

public struct AppointmentAddArgs: Codable, Sendable, Equatable {
    public var customer: Int64
    public var service: String
    public var staff: String
    /// ISO-8601 with a zone.
    public var start: String
    public var duration: Int?
    public var place: String?

    public init(customer: Int64, service: String, staff: String, start: String, duration: Int? = nil, place: String? = nil) {
        self.customer = customer
        self.service = service
        self.staff = staff
        self.start = start
        self.duration = duration
        self.place = place
    }
}

public struct AppointmentRescheduleArgs: Codable, Sendable, Equatable {
    public var id: Int64
    public var start: String
    public init(id: Int64, start: String) {
        self.id = id
        self.start = start
    }
}

public struct AppointmentView: Codable, Sendable, Equatable {
    public var id: Int64
    public var customer: Int64
    public var service: String
    public var staff: String
    public var start: String
    public var duration: Int
    public var place: String
    public var status: String
    public var checkedInAt: String?

    public init(id: Int64, customer: Int64, service: String, staff: String, start: String, duration: Int, place: String,
                status: String, checkedInAt: String?) {
        self.id = id
        self.customer = customer
        self.service = service
        self.staff = staff
        self.start = start
        self.duration = duration
        self.place = place
        self.status = status
        self.checkedInAt = checkedInAt
    }
}
