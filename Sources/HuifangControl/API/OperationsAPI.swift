import Foundation
import HuifangCore

// The operations commands of the control protocol, declared once (see `ControlMethod`).

extension API {
    public enum AuditList: ControlMethod {
        public typealias Args = AuditListArgs
        public typealias Result = [AuditView]
        public static let name = "audit.list"
        public static let summary = "the audit log: every change and every refusal, latest first"
        public static let access = Access.managers
    }

    public enum BackupNow: ControlMethod {
        public typealias Args = NoArgs
        public typealias Result = BackupView
        public static let name = "backup.now"
        public static let summary = "back the store up now (online)"
        public static let access = Access.managers
        public static let mutates = true
        public static let atomic = false
    }

    public enum BackupList: ControlMethod {
        public typealias Args = NoArgs
        public typealias Result = [BackupView]
        public static let name = "backup.list"
        public static let summary = "the backups kept, newest first"
        public static let access = Access.managers
    }

    public enum BackupVerify: ControlMethod {
        public typealias Args = BackupVerifyArgs
        public typealias Result = BackupVerdictView
        public static let name = "backup.verify"
        public static let summary = "integrity check and schema version of a backup"
        public static let access = Access.managers
    }

    public enum BackupRestore: ControlMethod {
        public typealias Args = BackupRestoreArgs
        public typealias Result = BackupRestoreView
        public static let name = "backup.restore"
        public static let summary = "restore a verified backup under the running daemon: the store as it is is kept as a backup first, delivery is held, the backup copied in, delivery goes on"
        public static let access = Access.adminOnly
        public static let mutates = true
        public static let atomic = false
    }

    public enum Help: ControlMethod {
        public typealias Args = NoArgs
        public typealias Result = [CommandHelp]
        public static let name = "help"
        public static let summary = "list the commands this daemon answers"
        public static let access = Access.everyone
    }

    public enum AdminRotateKey: ControlMethod {
        public typealias Args = RotateKeyArgs
        public typealias Result = RotateKeyResult
        public static let name = "admin.rotate-key"
        public static let summary = "re-seal all health data with the key in key_file, in one transaction; then point [security] key_file at it"
        public static let access = Access.adminOnly
        public static let mutates = true
    }

    public enum AdminCopyStore: ControlMethod {
        public typealias Args = CopyStoreArgs
        public typealias Result = CopyStoreView
        public static let name = "admin.copy-store"
        public static let summary = "copy this SQLite store into an empty PostgreSQL database and check that every table's row count matches"
        public static let access = Access.adminOnly
        public static let mutates = true
        public static let atomic = false
    }

    public enum AdminLogLevel: ControlMethod {
        public typealias Args = LogLevelArgs
        public typealias Result = LogLevelArgs
        public static let name = "admin.log-level"
        public static let summary = "change the daemon's log level while it runs (trace, debug, info, notice, warning, error, critical)"
        public static let access = Access.adminOnly
        public static let mutates = true
    }

    public enum AdminPlanNow: ControlMethod {
        public typealias Args = NoArgs
        public typealias Result = PlanRunView
        public static let name = "admin.plan-now"
        public static let summary = "plan greetings and retention calls and review memberships now (after an import or a config change) and say how many customers were read"
        public static let access = Access.managers
        public static let mutates = true
        public static let atomic = false
    }

    public enum Status: ControlMethod {
        public typealias Args = NoArgs
        public typealias Result = StatusView
        public static let name = "status"
        public static let summary = "daemon version, uptime, store and message counts"
        public static let access = Access.everyone
    }
}

// MARK: - Arguments and results

public struct AuditListArgs: Codable, Sendable, Equatable {
    public var customer: Int64?
    public var since: String?
    public var limit: Int?

    public init(customer: Int64? = nil, since: String? = nil, limit: Int? = nil) {
        self.customer = customer
        self.since = since
        self.limit = limit
    }
}

public struct BackupVerifyArgs: Codable, Sendable, Equatable {
    public var file: String
    public init(file: String) { self.file = file }
}

public struct BackupRestoreArgs: Codable, Sendable, Equatable {
    /// The backup file, as the daemon sees the path.
    public var file: String
    /// Restoring replaces every row written since the backup: the caller says so.
    public var confirm: Bool

    public init(file: String, confirm: Bool) {
        self.file = file
        self.confirm = confirm
    }
}

public struct BackupRestoreView: Codable, Sendable, Equatable {
    public var file: String
    /// The store as it was just before, kept as a backup (the way back).
    public var savedAs: String
    public var migrationsApplied: Int
    /// Messages the backup held in flight, queued again with their ids.
    public var requeued: Int

    public init(file: String, savedAs: String, migrationsApplied: Int, requeued: Int) {
        self.file = file
        self.savedAs = savedAs
        self.migrationsApplied = migrationsApplied
        self.requeued = requeued
    }
}

public struct RotateKeyArgs: Codable, Sendable, Equatable {
    /// The new key file, as the daemon sees the path.
    public var keyFile: String

    public init(keyFile: String) { self.keyFile = keyFile }
}

public struct StatusView: Codable, Sendable, Equatable {
    public var version: String
    public var pid: Int32
    public var startedAt: String
    public var uptimeSeconds: Int
    public var store: String
    public var channels: [String]
    public var messages: [String: Int]
    public var nextDueAt: String?
    /// 1 for the config read at start, one more per successful SIGHUP reload.
    public var configGeneration: Int
    public var configLoadedAt: String
    /// Where the HTTP listener listens (`127.0.0.1:8790`); nil: off, or not up yet.
    public var http: String?
    /// The inbound sources' paths (`aliyun /inbound/aliyun/…`), tokens left out.
    public var inbound: [String]?
    /// What an operator must look at: endpoints gone (410) and paused, a full store disk.
    public var alerts: [String]?
    /// Each endpoint: its state and its queue (pending, overdue, dead, the oldest due).
    public var endpoints: [EndpointView]?
    /// This node's id (its lease owner).
    public var node: String?
    /// Every live node on the store, this one included (several on one PostgreSQL database).
    public var nodes: [NodeView]?

    public init(version: String, pid: Int32, startedAt: String, uptimeSeconds: Int, store: String,
                channels: [String], messages: [String: Int], nextDueAt: String?, configGeneration: Int,
                configLoadedAt: String, http: String? = nil, inbound: [String]? = nil) {
        self.http = http
        self.inbound = inbound
        self.configGeneration = configGeneration
        self.configLoadedAt = configLoadedAt
        self.version = version
        self.pid = pid
        self.startedAt = startedAt
        self.uptimeSeconds = uptimeSeconds
        self.store = store
        self.channels = channels
        self.messages = messages
        self.nextDueAt = nextDueAt
    }
}

public struct CopyStoreArgs: Codable, Sendable, Equatable {
    /// The empty PostgreSQL database, as a libpq URL (`postgresql:///huifang?host=/run/postgresql`).
    public var to: String

    public init(to: String) { self.to = to }
}

/// What `admin copy-store` copied: each table's rows, equal on both sides.
public struct CopyStoreView: Codable, Sendable, Equatable {
    public struct Table: Codable, Sendable, Equatable {
        public var name: String
        public var rows: Int

        public init(name: String, rows: Int) {
            self.name = name
            self.rows = rows
        }
    }

    /// The target, its password left out.
    public var target: String
    public var tables: [Table]
    public var rows: Int
    public var seconds: Double

    public init(target: String, tables: [Table], rows: Int, seconds: Double) {
        self.target = target
        self.tables = tables
        self.rows = rows
        self.seconds = seconds
    }
}

/// A huifangd node on the store, by its heartbeats.
public struct NodeView: Codable, Sendable, Equatable {
    public var id: String
    public var pid: Int32
    public var startedAt: String
    public var heartbeatAt: String

    public init(id: String, pid: Int32, startedAt: String, heartbeatAt: String) {
        self.id = id
        self.pid = pid
        self.startedAt = startedAt
        self.heartbeatAt = heartbeatAt
    }
}

/// One run of the planners: customers read, what was planned, how long it took.
public struct PlanRunView: Codable, Sendable, Equatable {
    public var greetingsRead: Int
    public var greetingsPlanned: Int
    public var greetingsMs: Double
    public var retentionRead: Int
    public var retentionMs: Double
    /// Memberships read by the review (points expiring, tiers re-evaluated).
    public var membershipRead: Int
    public var membershipMs: Double

    public init(greetingsRead: Int, greetingsPlanned: Int, greetingsMs: Double, retentionRead: Int, retentionMs: Double,
                membershipRead: Int = 0, membershipMs: Double = 0) {
        self.greetingsRead = greetingsRead
        self.greetingsPlanned = greetingsPlanned
        self.greetingsMs = greetingsMs
        self.retentionRead = retentionRead
        self.retentionMs = retentionMs
        self.membershipRead = membershipRead
        self.membershipMs = membershipMs
    }
}

public struct LogLevelArgs: Codable, Sendable, Equatable {
    public var level: String

    public init(level: String) { self.level = level }
}

public struct CommandHelp: Codable, Sendable, Equatable {
    public var name: String
    public var usage: String
    public var summary: String

    public init(name: String, usage: String, summary: String) {
        self.name = name
        self.usage = usage
        self.summary = summary
    }
}

public struct AuditView: Codable, Sendable, Equatable {
    public var at: String
    public var uid: UInt32?
    public var role: String
    public var command: String
    public var customer: Int64?
    public var outcome: String
    public var detail: String
    /// A member of staff or a gateway, when it was not a local user alone.
    public var actor: String?
    /// Who, for people: the actor, else the member of staff with the uid, else the local
    /// user's name ("root"), else "uid N".
    public var who: String?
    /// The customer's name, for people.
    public var customerName: String?

    public init(at: String, uid: UInt32?, role: String, command: String, customer: Int64?, outcome: String, detail: String,
                actor: String? = nil, who: String? = nil, customerName: String? = nil) {
        self.actor = actor
        self.who = who
        self.customerName = customerName
        self.at = at
        self.uid = uid
        self.role = role
        self.command = command
        self.customer = customer
        self.outcome = outcome
        self.detail = detail
    }
}

public struct BackupView: Codable, Sendable, Equatable {
    public var file: String
    public var at: String
    public var bytes: Int64

    public init(file: String, at: String, bytes: Int64) {
        self.file = file
        self.at = at
        self.bytes = bytes
    }
}

public struct BackupVerdictView: Codable, Sendable, Equatable {
    public var file: String
    public var ok: Bool
    public var integrity: String
    public var schema: [String]

    public init(file: String, ok: Bool, integrity: String, schema: [String]) {
        self.file = file
        self.ok = ok
        self.integrity = integrity
        self.schema = schema
    }
}

public struct RotateKeyResult: Codable, Sendable, Equatable {
    public var resealed: Int
    public var oldKey: String?
    public var newKey: String

    public init(resealed: Int, oldKey: String?, newKey: String) {
        self.resealed = resealed
        self.oldKey = oldKey
        self.newKey = newKey
    }
}
