import Foundation

/// The store port for complaints (R-CMP).
public protocol ComplaintStore: Sendable {
    func addComplaint(_ complaint: Complaint, now: Date, plan: (Complaint) -> PlannedWork) throws -> Complaint
    func complaint(id: Int64) throws -> Complaint?
    func complaints(openOnly: Bool, limit: Int) throws -> [Complaint]
    func changeComplaint(id: Int64, now: Date, _ change: (Complaint) throws -> (Complaint, PlannedWork)) throws -> Complaint
    /// R-KEEP-4: which of these customers have a complaint open (no marketing goes to them).
    func customersWithOpenComplaints(among ids: [Int64]) throws -> Set<Int64>
}
