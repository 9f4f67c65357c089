import Foundation
import HuifangCore
@testable import HuifangStore
import Testing

/// Console logins and sessions on the shared SQL layer (issue 16): the same statements on
/// SQLite and PostgreSQL.
@Suite(.serialized) struct ConsoleSQLTests {
    @Test("R-OPS-5 R-PPL-5 console accounts on both drivers: a password set ends sessions, failures count then lock, a success clears them, idle sessions end, a seen one moves on",
          arguments: SQLDriver.allCases)
    func accounts(driver: SQLDriver) throws {
        try driver.withConnection(migrated: true) { db in
            try db.execute("INSERT INTO staff (name, roles, created_at, updated_at) VALUES (?, 'front_desk', 0, 0)", "李前台")
            let t0 = Date(timeIntervalSince1970: 1_790_000_000)
            #expect(try !ConsoleSQL.setPasswordHash(db, staffName: "无此人", hash: "h", now: t0))
            try ConsoleSQL.createSession(db, ConsoleSession(tokenHash: "old", staffName: "李前台", csrfToken: "c0", createdAt: t0, lastSeenAt: t0))
            #expect(try ConsoleSQL.setPasswordHash(db, staffName: "李前台", hash: "$2b$12$hash", now: t0))
            #expect(try ConsoleSQL.activeSession(db, tokenHash: "old", idleSince: t0.addingTimeInterval(-60), now: t0) == nil,
                    "a new password ends the sessions")

            try ConsoleSQL.recordLogin(db, staffName: "李前台", succeeded: false, lockUntil: nil)
            try ConsoleSQL.recordLogin(db, staffName: "李前台", succeeded: false, lockUntil: nil)
            #expect(try ConsoleSQL.credentials(db, staffName: "李前台")
                    == ConsoleCredentials(staffName: "李前台", passwordHash: "$2b$12$hash", failedLogins: 2, lockedUntil: nil))
            let lock = t0.addingTimeInterval(900)
            try ConsoleSQL.recordLogin(db, staffName: "李前台", succeeded: false, lockUntil: lock)
            #expect(try ConsoleSQL.credentials(db, staffName: "李前台")?.lockedUntil == lock)
            #expect(try ConsoleSQL.credentials(db, staffName: "李前台")?.failedLogins == 0, "a lock starts the count again")
            try ConsoleSQL.recordLogin(db, staffName: "李前台", succeeded: true, lockUntil: nil)
            #expect(try ConsoleSQL.credentials(db, staffName: "李前台")?.lockedUntil == nil)

            let session = ConsoleSession(tokenHash: "t1", staffName: "李前台", csrfToken: "c1", createdAt: t0, lastSeenAt: t0)
            try ConsoleSQL.createSession(db, session)
            let later = t0.addingTimeInterval(300)
            #expect(try ConsoleSQL.activeSession(db, tokenHash: "t1", idleSince: t0.addingTimeInterval(-1), now: later)?.lastSeenAt == later)
            #expect(try ConsoleSQL.activeSession(db, tokenHash: "t1", idleSince: later.addingTimeInterval(1), now: later) == nil,
                    "idle past the limit: ended")
            try ConsoleSQL.createSession(db, session)
            try ConsoleSQL.deleteSessions(db, staffName: "李前台")
            #expect(try ConsoleSQL.activeSession(db, tokenHash: "t1", idleSince: t0.addingTimeInterval(-1), now: t0) == nil)
        }
    }
}
