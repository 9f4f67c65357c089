import Foundation
import GRDB
import HuifangCore

/// Console logins and sessions (R-PPL-5).
extension SQLiteStore {
    public func setPasswordHash(staffName: String, hash: String?, now: Date) throws -> Bool {
        try write { db in
            try db.execute(sql: """
                UPDATE staff SET password_hash = ?, failed_logins = 0, locked_until = NULL, updated_at = ? WHERE name = ?
                """, arguments: [hash, now.unixMillis, staffName])
            let found = db.changesCount > 0
            if found { try db.execute(sql: "DELETE FROM console_sessions WHERE staff_name = ?", arguments: [staffName]) }
            return found
        }
    }

    public func consoleCredentials(staffName: String) throws -> ConsoleCredentials? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT name, password_hash, failed_logins, locked_until FROM staff WHERE name = ?",
                             arguments: [staffName]).map {
                ConsoleCredentials(staffName: $0[0], passwordHash: $0[1], failedLogins: $0[2],
                                   lockedUntil: ($0[3] as Int64?).map(Date.init(unixMillis:)))
            }
        }
    }

    public func recordLogin(staffName: String, succeeded: Bool, lockUntil: Date?, now: Date) throws {
        try write { db in
            if succeeded {
                try db.execute(sql: "UPDATE staff SET failed_logins = 0, locked_until = NULL WHERE name = ?", arguments: [staffName])
            } else {
                try db.execute(sql: """
                    UPDATE staff SET failed_logins = CASE WHEN ? IS NULL THEN failed_logins + 1 ELSE 0 END,
                                     locked_until = COALESCE(?, locked_until)
                     WHERE name = ?
                    """, arguments: [lockUntil?.unixMillis, lockUntil?.unixMillis, staffName])
            }
        }
    }

    public func createSession(_ session: ConsoleSession) throws {
        try write { db in
            try db.execute(sql: """
                INSERT INTO console_sessions (token_hash, staff_name, csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)
                """, arguments: [session.tokenHash, session.staffName, session.csrfToken, session.createdAt.unixMillis,
                                 session.lastSeenAt.unixMillis])
        }
    }

    public func activeSession(tokenHash: String, idleSince: Date, now: Date) throws -> ConsoleSession? {
        try write { db in
            try db.execute(sql: "DELETE FROM console_sessions WHERE last_seen_at < ?", arguments: [idleSince.unixMillis])
            guard let row = try Row.fetchOne(db, sql: """
                UPDATE console_sessions SET last_seen_at = ? WHERE token_hash = ?
                RETURNING token_hash, staff_name, csrf_token, created_at, last_seen_at
                """, arguments: [now.unixMillis, tokenHash]) else { return nil }
            return ConsoleSession(tokenHash: row[0], staffName: row[1], csrfToken: row[2], createdAt: Date(unixMillis: row[3]),
                                  lastSeenAt: Date(unixMillis: row[4]))
        }
    }

    public func deleteSession(tokenHash: String) throws {
        try write { db in try db.execute(sql: "DELETE FROM console_sessions WHERE token_hash = ?", arguments: [tokenHash]) }
    }

    public func deleteSessions(staffName: String) throws {
        try write { db in try db.execute(sql: "DELETE FROM console_sessions WHERE staff_name = ?", arguments: [staffName]) }
    }
}
