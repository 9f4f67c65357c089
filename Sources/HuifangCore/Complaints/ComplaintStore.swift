import Foundation

/// The store port for complaints (R-CMP).
public protocol ComplaintStore: Sendable {
    /// Stores a new complaint; answers it with its id.
    func addComplaint(_ complaint: Complaint, now: Date) throws -> Complaint
    func complaint(id: Int64) throws -> Complaint?
    func complaints(openOnly: Bool, limit: Int) throws -> [Complaint]
    /// Writes a complaint's owner, status, level and dates.
    func updateComplaint(_ complaint: Complaint, now: Date) throws
    /// R-KEEP-4: which of these customers have a complaint open (no marketing goes to them).
    func customersWithOpenComplaints(among ids: [Int64]) throws -> Set<Int64>
}
