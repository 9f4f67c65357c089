import Crypto
import Foundation
import HuifangCore
import Hummingbird
import Logging
import Synchronization

/// Logins and sessions of the staff console (R-PPL-5). A member of staff logs in with their
/// name and the password `huifangctl staff passwd` set; the browser gets an `HttpOnly;
/// SameSite=Strict` cookie whose token the store keeps only as a SHA-256; the session ends
/// after `[console] idle_minutes` unused, or at logout. Failed logins lock the account
/// after `max_failed_logins` for `lockout_minutes`, and each source address may try
/// `logins_per_minute` times. Every login, failed or not, is in the audit log.
final class ConsoleAuth: Sendable {
    static let cookie = "hf_session"
    /// The double-submit cookie of the login form (there is no session yet).
    static let loginCookie = "hf_login"

    let store: any Store
    let config: LiveConfig
    let clock: any WallClock
    let logger: Logger
    private let attempts = Mutex<[String: [Date]]>([:])

    init(store: any Store, config: LiveConfig, clock: any WallClock, logger: Logger) {
        self.store = store
        self.config = config
        self.clock = clock
        self.logger = logger
    }

    /// Who is signed in on this request, if anyone.
    struct Signed: Sendable {
        let member: StaffMember
        let session: ConsoleSession
        let role: OperatorRole
    }

    enum LoginResult: Sendable {
        case signedIn(token: String)
        case failed
        case locked
        case throttled
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    func signedIn(_ request: Request) -> Signed? {
        guard let token = ConsoleHTTP.cookie(Self.cookie, in: request), token.count <= 100 else { return nil }
        let now = clock.now()
        let idle = TimeInterval(config.snapshot.console.idleMinutes * 60)
        guard let session = try? store.activeSession(tokenHash: Self.hash(token), idleSince: now.addingTimeInterval(-idle), now: now),
              let member = (try? store.staff())?.first(where: { $0.name == session.staffName }), member.active,
              let role = Authorizer.operatorRole(of: member) else { return nil }
        return Signed(member: member, session: session, role: role)
    }

    /// Checks a password (slowly, on purpose: bcrypt); unknown names cost the same time.
    func login(name: String, password: String, address: String, now: Date) -> LoginResult {
        let settings = config.snapshot.console
        let allowed = attempts.withLock { table -> Bool in
            let recent = (table[address] ?? []).filter { now.timeIntervalSince($0) < 60 }
            table[address] = recent + [now]
            if table.count > 10_000 { table = table.filter { !$0.value.isEmpty && now.timeIntervalSince($0.value.last!) < 60 } }
            return recent.count < settings.loginsPerMinute
        }
        guard allowed else {
            audit(name, outcome: .denied, detail: "login throttled for \(address)")
            return .throttled
        }
        let credentials = try? store.consoleCredentials(staffName: name)
        let member = (try? store.staff())?.first { $0.name == name }
        if let until = credentials?.lockedUntil, until > now {
            audit(name, outcome: .denied, detail: "login refused: locked until \(ISO8601DateFormatter().string(from: until))")
            return .locked
        }
        let hash = credentials?.passwordHash ?? Self.decoy
        let matches = ConsolePasswords.verify(password, hash: hash) && credentials?.passwordHash != nil
        guard matches, let member, member.active, Authorizer.operatorRole(of: member) != nil else {
            if credentials != nil {
                let failures = (credentials?.failedLogins ?? 0) + 1
                let lock = failures >= settings.maxFailedLogins ? now.addingTimeInterval(TimeInterval(settings.lockoutMinutes * 60)) : nil
                try? store.recordLogin(staffName: name, succeeded: false, lockUntil: lock, now: now)
                if lock != nil {
                    logger.warning("console account locked after failed logins", metadata: ["huifang.staff": "\(name)"])
                }
            }
            audit(name, outcome: .denied, detail: "login failed from \(address)")
            return .failed
        }
        let token = ConsoleHTTP.token()
        do {
            try store.recordLogin(staffName: name, succeeded: true, lockUntil: nil, now: now)
            try store.createSession(ConsoleSession(tokenHash: Self.hash(token), staffName: name, csrfToken: ConsoleHTTP.token(),
                                                   createdAt: now, lastSeenAt: now))
        } catch {
            logger.error("could not start a console session: \(error)")
            return .failed
        }
        audit(name, outcome: .ok, detail: "login from \(address)")
        return .signedIn(token: token)
    }

    func logout(_ signed: Signed) {
        try? store.deleteSession(tokenHash: signed.session.tokenHash)
        audit(signed.member.name, outcome: .ok, detail: "logout")
    }

    /// The hash an unknown name is checked against, so the answer takes as long.
    private static let decoy = ConsolePasswords.hash("decoy password that matches nothing")

    private func audit(_ name: String, outcome: AuditEntry.Outcome, detail: String) {
        do {
            try store.audit(AuditEntry(at: clock.now(), uid: nil, role: "console", command: "console.login", customerId: nil,
                                       outcome: outcome, detail: detail, actor: String(name.prefix(64))))
        } catch {
            logger.error("could not write the audit log: \(error)")
        }
    }
}
