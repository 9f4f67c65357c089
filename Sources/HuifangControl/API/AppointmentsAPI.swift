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

    public enum AppointmentList: ControlMethod {
        public typealias Args = AppointmentListArgs
        public typealias Result = [AppointmentView]
        public static let name = "appointment.list"
        public static let summary = "the appointment book: one day (default today) or a range, by start, in the clinic's time"
        public static let access = Access.frontLine  // the front desk keeps the book
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
    /// Book a service the catalogue does not have, as written.
    public var unlisted: Bool?
    /// The branch it is booked at (`[[branches]]` id); default: the caller's, else the
    /// customer's home branch.
    public var branch: String?

    public init(customer: Int64, service: String, staff: String, start: String, duration: Int? = nil, place: String? = nil) {
        self.customer = customer
        self.service = service
        self.staff = staff
        self.start = start
        self.duration = duration
        self.place = place
    }
}

public struct AppointmentListArgs: Codable, Sendable, Equatable {
    /// One day (`2026-11-28`, `11-28`, 今天, 明天); default today.
    public var date: String?
    /// A range of days, both included, instead of `date`.
    public var from: String?
    public var to: String?
    public var staff: String?
    /// booked, confirmed, checked-in, cancelled or no-show.
    public var status: String?

    public init(date: String? = nil, from: String? = nil, to: String? = nil, staff: String? = nil, status: String? = nil) {
        self.date = date
        self.from = from
        self.to = to
        self.staff = staff
        self.status = status
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
    /// The customer's name and phone (in the book, so the desk can call).
    public var customerName: String?
    public var phone: String?

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
