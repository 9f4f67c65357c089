import Foundation

/// The open transaction of a unit of work, bound to the thread (or task) running it: each
/// store's `read` and `write` join it instead of opening their own (GRDB's `Database` on
/// SQLite, a pooled `PostgresSQLConnection` on PostgreSQL).
final class AmbientTransaction: @unchecked Sendable {
    @TaskLocal private static var current: AmbientTransaction?

    private let store: ObjectIdentifier
    /// Used only on the thread that opened the unit of work, inside its transaction.
    private let connection: AnyObject

    private init(store: AnyObject, connection: AnyObject) {
        self.store = ObjectIdentifier(store)
        self.connection = connection
    }

    /// Runs `body` with `connection` as `store`'s open transaction on this thread.
    static func run<T>(store: AnyObject, connection: AnyObject, _ body: () throws -> T) rethrows -> T {
        try $current.withValue(AmbientTransaction(store: store, connection: connection), operation: body)
    }

    /// The connection of the unit of work this thread is in, for `store`.
    static func connection<C: AnyObject>(of store: AnyObject, as type: C.Type) -> C? {
        guard let current, current.store == ObjectIdentifier(store) else { return nil }
        return current.connection as? C
    }
}
