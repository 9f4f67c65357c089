import Foundation

/// A member of staff's console login (R-PPL-5): a slow hash of their password and the
/// count of failures since the last success.
public struct ConsoleCredentials: Sendable, Equatable {
    public var staffName: String
    public var passwordHash: String?
    public var failedLogins: Int
    public var lockedUntil: Date?

    public init(staffName: String, passwordHash: String?, failedLogins: Int, lockedUntil: Date?) {
        self.staffName = staffName
        self.passwordHash = passwordHash
        self.failedLogins = failedLogins
        self.lockedUntil = lockedUntil
    }
}

/// A signed-in browser. Only the SHA-256 of the cookie's token is stored.
public struct ConsoleSession: Sendable, Equatable {
    public var tokenHash: String
    public var staffName: String
    /// Every form carries it; a post without it is refused.
    public var csrfToken: String
    public var createdAt: Date
    public var lastSeenAt: Date

    public init(tokenHash: String, staffName: String, csrfToken: String, createdAt: Date, lastSeenAt: Date) {
        self.tokenHash = tokenHash
        self.staffName = staffName
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
    }
}

/// The store port for console logins and sessions.
public protocol ConsoleStore: Sendable {
    /// Sets (or with nil, removes) a member of staff's password hash; false: no such member.
    func setPasswordHash(staffName: String, hash: String?, now: Date) throws -> Bool
    func consoleCredentials(staffName: String) throws -> ConsoleCredentials?
    /// After a login attempt: a success clears the failures; a failure counts, and locks the
    /// account until `lockUntil` when given.
    func recordLogin(staffName: String, succeeded: Bool, lockUntil: Date?, now: Date) throws
    func createSession(_ session: ConsoleSession) throws
    /// The session, if it was seen since `idleSince`; it is touched (`lastSeenAt = now`).
    func activeSession(tokenHash: String, idleSince: Date, now: Date) throws -> ConsoleSession?
    func deleteSession(tokenHash: String) throws
    /// Ends every session of a member (a new password, leaving the clinic).
    func deleteSessions(staffName: String) throws
}
