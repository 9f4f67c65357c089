import Foundation
import HuifangCore

/// The `Store` port written once over `SQLConnection` (issue 16: one store contract, two
/// drivers). `SQLiteStore` and `PostgresStore` conform by giving a connection for a read and
/// for a write; every store method is an extension of this protocol (`SQLStore+Customers`,
/// `+Messages`, `+Delivery`, …), so each query exists once for both databases.
///
/// Inside `unitOfWork`, `read` and `write` join the unit's one transaction (a write as a
/// savepoint), so a command's changes and its audit row commit together or not at all.
public protocol SQLStore: Store {
    /// Runs `body` with a connection that sees committed data (or the unit of work's own).
    func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T
    /// Runs `body` in a write transaction (a savepoint inside a unit of work).
    func write<T>(_ body: (any SQLConnection) throws -> T) throws -> T
    /// After a customer's erasure has committed: make sure no old image of the erased text
    /// stays in the database's files (SQLite checkpoints and truncates its WAL).
    func afterErasure() throws
}

extension SQLDialect {
    /// The larger of two values: SQLite's two-argument `MAX`, PostgreSQL's `GREATEST`.
    var greatest: String { self == .sqlite ? "MAX" : "GREATEST" }
    /// The smaller of two values: SQLite's two-argument `MIN`, PostgreSQL's `LEAST`.
    var least: String { self == .sqlite ? "MIN" : "LEAST" }
    /// The position of a text in another (1-based, 0 when absent): `instr(haystack, needle)`
    /// on SQLite, `strpos` on PostgreSQL.
    var position: String { self == .sqlite ? "instr" : "strpos" }
    /// A text's last four characters (the phone-ending index's expression on each).
    func lastFour(_ expression: String) -> String {
        self == .sqlite ? "substr(\(expression), -4)" : "right(\(expression), 4)"
    }
}

enum SQLText {
    /// A row's `customer_id` is of the branch bound to it (a role limited to one branch).
    static let customerOfBranch = "customer_id IN (SELECT id FROM customers WHERE branch = ?)"

    /// `?, ?, ?` for an `IN` list of `count` values (at least one, so the SQL stays valid).
    static func marks(_ count: Int) -> String {
        Array(repeating: "?", count: max(1, count)).joined(separator: ", ")
    }

    /// `(?, ?), (?, ?)`: `count` rows of `width` values for a multi-row INSERT.
    static func rows(_ count: Int, width: Int) -> String {
        let row = "(" + marks(width) + ")"
        return Array(repeating: row, count: count).joined(separator: ", ")
    }

    /// `items` in pieces of 100, then 10, then 1: few statements per batch, and only three
    /// texts of each (prepared and cached once, whatever the batch's size).
    static func pieces<T>(_ items: [T]) -> [ArraySlice<T>] {
        var pieces: [ArraySlice<T>] = []
        var start = items.startIndex
        for size in [100, 10, 1] {
            while items.endIndex - start >= size {
                pieces.append(items[start..<start + size])
                start += size
            }
        }
        return pieces
    }
}

extension Array {
    /// The array in pieces of at most `size` (SQLite limits the parameters of one statement).
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}

extension SQLRow {
    /// A nullable millisecond column as a date.
    func optionalDate(_ column: some SQLColumn) -> Date? {
        optionalInt64(column).map(Date.init(unixMillis:))
    }

    func date(_ column: some SQLColumn) -> Date { Date(unixMillis: int64(column)) }
}
