import Foundation

/// Work a change brings with it: pending work to cancel (by dedupe-key prefix) and new
/// tasks and messages, stored in the change's transaction.
public struct PlannedWork: Sendable {
    public var cancelPrefixes: [String]
    public var reason: String
    public var tasks: [PlannedTask]
    public var messages: [Message]

    public init(cancelPrefixes: [String] = [], reason: String = "", tasks: [PlannedTask] = [], messages: [Message] = []) {
        self.cancelPrefixes = cancelPrefixes
        self.reason = reason
        self.tasks = tasks
        self.messages = messages
    }
}

/// What applying planned work wrote: the tasks and messages that were new (a dedupe key
/// seen before writes nothing).
public struct AppliedWork: Sendable {
    public var tasks: [StaffTask]
    public var messages: [Message]

    public init(tasks: [StaffTask] = [], messages: [Message] = []) {
        self.tasks = tasks
        self.messages = messages
    }

    public var count: Int { tasks.count + messages.count }
}
