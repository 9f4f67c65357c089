/// What `customer merge` moved from one record to the other (R-PPL-2).
public struct MergeReport: Codable, Hashable, Sendable {
    public var visits = 0
    public var messages = 0
    public var tasks = 0
    public var complaints = 0
    public var appointments = 0
    public var contacts = 0
    public var purchases = 0
    /// Contact fields the kept record lacked and took from the other (phone, e-mail, …).
    public var fieldsFilled: [String] = []

    public init() {}
}
