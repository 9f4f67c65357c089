import Foundation
import GRDB
import HuifangCore

/// Console logins and sessions (R-PPL-5) on SQLite: the statements are `ConsoleSQL`'s, shared
/// with PostgreSQL.
extension SQLiteStore {
    public func setPasswordHash(staffName: String, hash: String?, now: Date) throws -> Bool {
        try write { db in try ConsoleSQL.setPasswordHash(GRDBSQLConnection(db), staffName: staffName, hash: hash, now: now) }
    }

    public func consoleCredentials(staffName: String) throws -> ConsoleCredentials? {
        try read { db in try ConsoleSQL.credentials(GRDBSQLConnection(db), staffName: staffName) }
    }

    public func recordLogin(staffName: String, succeeded: Bool, lockUntil: Date?, now: Date) throws {
        try write { db in try ConsoleSQL.recordLogin(GRDBSQLConnection(db), staffName: staffName, succeeded: succeeded, lockUntil: lockUntil) }
    }

    public func createSession(_ session: ConsoleSession) throws {
        try write { db in try ConsoleSQL.createSession(GRDBSQLConnection(db), session) }
    }

    public func activeSession(tokenHash: String, idleSince: Date, now: Date) throws -> ConsoleSession? {
        try write { db in try ConsoleSQL.activeSession(GRDBSQLConnection(db), tokenHash: tokenHash, idleSince: idleSince, now: now) }
    }

    public func deleteSession(tokenHash: String) throws {
        try write { db in try ConsoleSQL.deleteSession(GRDBSQLConnection(db), tokenHash: tokenHash) }
    }

    public func deleteSessions(staffName: String) throws {
        try write { db in try ConsoleSQL.deleteSessions(GRDBSQLConnection(db), staffName: staffName) }
    }
}
