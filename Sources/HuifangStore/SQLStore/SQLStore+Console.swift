import Foundation
import HuifangCore

/// Console logins and sessions (R-PPL-5): the statements are `ConsoleSQL`'s.
extension SQLStore {
    public func setPasswordHash(staffName: String, hash: String?, now: Date) throws -> Bool {
        try write { db in try ConsoleSQL.setPasswordHash(db, staffName: staffName, hash: hash, now: now) }
    }

    public func consoleCredentials(staffName: String) throws -> ConsoleCredentials? {
        try read { db in try ConsoleSQL.credentials(db, staffName: staffName) }
    }

    public func recordLogin(staffName: String, succeeded: Bool, lockUntil: Date?, now: Date) throws {
        try write { db in try ConsoleSQL.recordLogin(db, staffName: staffName, succeeded: succeeded, lockUntil: lockUntil) }
    }

    public func createSession(_ session: ConsoleSession) throws {
        try write { db in try ConsoleSQL.createSession(db, session) }
    }

    public func activeSession(tokenHash: String, idleSince: Date, now: Date) throws -> ConsoleSession? {
        try write { db in try ConsoleSQL.activeSession(db, tokenHash: tokenHash, idleSince: idleSince, now: now) }
    }

    public func deleteSession(tokenHash: String) throws {
        try write { db in try ConsoleSQL.deleteSession(db, tokenHash: tokenHash) }
    }

    public func deleteSessions(staffName: String) throws {
        try write { db in try ConsoleSQL.deleteSessions(db, staffName: staffName) }
    }
}
