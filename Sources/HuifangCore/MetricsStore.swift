import Foundation

/// What the metrics read from the store at each scrape (R-IN-5).
public protocol MetricsStore: Sendable {
    /// Messages by channel and status.
    func messageCounts() throws -> [String: [MessageStatus: Int]]
    /// Per channel, the messages due by `now` and not yet sent, and the oldest due time.
    func dueBacklog(now: Date) throws -> [String: (count: Int, oldest: Date)]
    /// Per channel, the messages delivered since `since`.
    func deliveredCounts(since: Date) throws -> [String: Int]
}
