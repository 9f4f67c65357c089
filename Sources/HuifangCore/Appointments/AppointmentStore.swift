import Foundation

/// One change to an appointment, carried out in one transaction: the new record, the
/// pending work to cancel (by dedupe-key prefix), and the work to plan (R-APT-5).
public struct AppointmentChange: Sendable {
    public var appointment: Appointment
    public var cancelPrefixes: [String]
    public var reason: String
    public var tasks: [PlannedTask]
    public var messages: [Message]

    public init(appointment: Appointment, cancelPrefixes: [String] = [], reason: String = "", tasks: [PlannedTask] = [],
                messages: [Message] = []) {
        self.appointment = appointment
        self.cancelPrefixes = cancelPrefixes
        self.reason = reason
        self.tasks = tasks
        self.messages = messages
    }
}

/// The store port for appointments (R-APT).
public protocol AppointmentStore: Sendable {
    /// Stores a new appointment; answers it with its id.
    func addAppointment(_ appointment: Appointment, now: Date) throws -> Appointment
    func appointment(id: Int64) throws -> Appointment?
    /// The id of an open (booked or confirmed) appointment with the same customer, start,
    /// service and staff, if there is one (an import run twice skips it).
    func sameOpenAppointment(as appointment: Appointment) throws -> Int64?
    /// Applies `change` to the stored appointment; its cancellations and plans in the same transaction.
    /// Writes an appointment's start, duration, status and check-in.
    func updateAppointment(_ appointment: Appointment, now: Date) throws
    /// R-APT-1: the book: appointments starting in `from..<to`, by start, optionally of one
    /// staff member or status.
    func appointments(from: Date, to: Date, staff: String?, status: Appointment.Status?, limit: Int) throws -> [Appointment]
    /// R-APT-4: open appointments whose end passed without a check-in become no-shows.
    func markNoShows(now: Date) throws -> Int
}
