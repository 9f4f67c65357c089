import Foundation
import HuifangCore

/// Console logins and sessions (R-PPL-5) as statements over `SQLConnection`, the same on
/// SQLite and PostgreSQL (issue 16).
enum ConsoleSQL {
    /// Sets (or clears) a staff member's password; their sessions end. False: no such staff.
    static func setPasswordHash(_ db: any SQLConnection, staffName: String, hash: String?, now: Date) throws -> Bool {
        let found = try db.execute("""
            UPDATE staff SET password_hash = ?, failed_logins = 0, locked_until = NULL, updated_at = ? WHERE name = ?
            """, hash, now.unixMillis, staffName) > 0
        if found { try db.execute("DELETE FROM console_sessions WHERE staff_name = ?", staffName) }
        return found
    }

    static func credentials(_ db: any SQLConnection, staffName: String) throws -> ConsoleCredentials? {
        try db.query("SELECT name, password_hash, failed_logins, locked_until FROM staff WHERE name = ?", staffName).first.map {
            ConsoleCredentials(staffName: $0.string(0), passwordHash: $0.optionalString(1), failedLogins: Int($0.int64(2)),
                               lockedUntil: $0.optionalInt64(3).map(Date.init(unixMillis:)))
        }
    }

    /// A success clears the failures; a failure counts one, or locks the account until
    /// `lockUntil` (and starts counting again).
    static func recordLogin(_ db: any SQLConnection, staffName: String, succeeded: Bool, lockUntil: Date?) throws {
        if succeeded {
            try db.execute("UPDATE staff SET failed_logins = 0, locked_until = NULL WHERE name = ?", staffName)
        } else {
            // The CAST gives PostgreSQL the parameter's type, which `? IS NULL` alone does not.
            try db.execute("""
                UPDATE staff SET failed_logins = CASE WHEN CAST(? AS BIGINT) IS NULL THEN failed_logins + 1 ELSE 0 END,
                                 locked_until = COALESCE(?, locked_until)
                 WHERE name = ?
                """, lockUntil?.unixMillis, lockUntil?.unixMillis, staffName)
        }
    }

    static func createSession(_ db: any SQLConnection, _ session: ConsoleSession) throws {
        try db.execute("""
            INSERT INTO console_sessions (token_hash, staff_name, csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)
            """, session.tokenHash, session.staffName, session.csrfToken, session.createdAt.unixMillis, session.lastSeenAt.unixMillis)
    }

    /// The session of `tokenHash`, seen now, unless idle since `idleSince` (idle ones end here).
    static func activeSession(_ db: any SQLConnection, tokenHash: String, idleSince: Date, now: Date) throws -> ConsoleSession? {
        try db.execute("DELETE FROM console_sessions WHERE last_seen_at < ?", idleSince.unixMillis)
        return try db.query("""
            UPDATE console_sessions SET last_seen_at = ? WHERE token_hash = ?
            RETURNING token_hash, staff_name, csrf_token, created_at, last_seen_at
            """, now.unixMillis, tokenHash).first.map { row in
            ConsoleSession(tokenHash: row.string(0), staffName: row.string(1), csrfToken: row.string(2),
                           createdAt: Date(unixMillis: row.int64(3)), lastSeenAt: Date(unixMillis: row.int64(4)))
        }
    }

    static func deleteSession(_ db: any SQLConnection, tokenHash: String) throws {
        try db.execute("DELETE FROM console_sessions WHERE token_hash = ?", tokenHash)
    }

    static func deleteSessions(_ db: any SQLConnection, staffName: String) throws {
        try db.execute("DELETE FROM console_sessions WHERE staff_name = ?", staffName)
    }
}
