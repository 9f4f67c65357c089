import Foundation

/// What erasing a customer (R-CUS-5) did besides emptying their personal fields.
public struct ErasureReport: Codable, Hashable, Sendable {
    /// Messages not yet sent, now cancelled.
    public var messagesCancelled: Int
    /// Messages whose text was wiped (every message the customer had, sent or not).
    public var messagesWiped: Int
    public var tasksCancelled: Int
    public var appointmentsCancelled: Int
    public var complaintsClosed: Int
    /// Kept for the figures: visits (service, staff, amount) and message outcomes.
    public var visitsKept: Int

    public init(messagesCancelled: Int = 0, messagesWiped: Int = 0, tasksCancelled: Int = 0,
                appointmentsCancelled: Int = 0, complaintsClosed: Int = 0, visitsKept: Int = 0) {
        self.messagesCancelled = messagesCancelled
        self.messagesWiped = messagesWiped
        self.tasksCancelled = tasksCancelled
        self.appointmentsCancelled = appointmentsCancelled
        self.complaintsClosed = complaintsClosed
        self.visitsKept = visitsKept
    }
}
