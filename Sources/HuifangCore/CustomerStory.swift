import Foundation

/// What the desk sees of a customer at a glance (R-PPL-2): the last visits, the coming
/// appointments, open complaints and tasks, and the messages queued next. One read.
public struct CustomerStory: Sendable, Equatable {
    public var visits: [Visit]
    public var appointments: [Appointment]
    public var complaints: [Complaint]
    public var tasks: [StaffTask]
    public var upcoming: [Message]

    public init(visits: [Visit] = [], appointments: [Appointment] = [], complaints: [Complaint] = [], tasks: [StaffTask] = [],
                upcoming: [Message] = []) {
        self.visits = visits
        self.appointments = appointments
        self.complaints = complaints
        self.tasks = tasks
        self.upcoming = upcoming
    }
}
