import Foundation
#if canImport(Glibc)
import Glibc
#endif
import HuifangCore
import HuifangDelivery

/// The whole configuration (config/huifang.toml is the annotated reference). Every value
/// has a default except the channels; relative paths are relative to the working directory.
public struct HuifangConfig: Sendable, Equatable {
    public struct Service: Sendable, Equatable {
        public var name = "Huifang"
        public var defaultTimeZone = "Asia/Shanghai"
        /// Where phone numbers typed without a country code are (ISO 3166 code).
        public var defaultRegion = "CN"
    }

    public struct Store: Sendable, Equatable {
        public var path = "/var/lib/huifang/huifang.sqlite"
        /// `postgresql://…`: the store is that PostgreSQL database (issue 16, several nodes on
        /// one database); nil: the SQLite file at `path`.
        public var url: String?
        /// Connections to PostgreSQL this node keeps at most.
        public var pool = 4
        /// This node's name in `status` and in its leases; nil: the host name.
        public var node: String?

        public var isPostgres: Bool { url != nil }
    }

    public struct Control: Sendable, Equatable {
        public var socket = "/run/huifang/control.sock"
        public var socketMode = 0o660
        /// The group that owns the socket (R-OPS-2): its members may connect; nil: the
        /// daemon's own group.
        public var socketGroup: UInt32?
        public var maxLineBytes = ControlLimitsDefaults.maxLineBytes
        /// Connections at once; admin (and root) have `reservedForAdmin` more beyond it.
        public var maxConnections = 64
        public var maxConnectionsPerUser = 8
        public var reservedForAdmin = 8
        /// A connection that sends nothing for this long (mid-line or between lines) is closed.
        public var idleTimeoutMs = 10_000
        /// A request line must be complete within this long of its first byte.
        public var lineDeadlineMs = 10_000
    }

    public struct Scheduler: Sendable, Equatable {
        public var pollIntervalMs = 1000
        public var batchSize = 200
        public var leaseMs = 60_000
    }

    public struct Delivery: Sendable, Equatable {
        public var maxAttempts = 8
        public var backoffBaseMs = 2000
        public var backoffCapMs = 3_600_000
        public var shutdownGraceMs = 10_000
        /// R-DLV-4: when a message is dead on a channel, the next channel in this order on
        /// which the customer can be reached gets a copy. Empty: no fallback.
        public var fallbackOrder: [String] = []
        /// R-KEEP-4: at most this many marketing messages per customer per `marketingCapDays`.
        public var marketingCap = 2
        public var marketingCapDays = 7

        /// `retry_schedule`; nil when the file asks for exponential back-off (max_attempts,
        /// backoff_base_ms, backoff_cap_ms) instead.
        public var retrySchedule: [Duration]? = RetryPolicy.defaultSchedule

        public var retryPolicy: RetryPolicy {
            if let retrySchedule { return .scheduled(retrySchedule) }
            return RetryPolicy(maxAttempts: maxAttempts, base: .milliseconds(backoffBaseMs), cap: .milliseconds(backoffCapMs))
        }
    }

    /// `[backup]` (R-OPS-3).
    public struct Backup: Sendable, Equatable {
        /// nil: `backups/` beside the store file.
        public var directory: String?
        /// 0: no scheduled backups.
        public var intervalHours = 24
        public var keepDaily = 7
        public var keepWeekly = 4
    }

    /// `[security]` (R-CUS-2).
    public struct Security: Sendable, Equatable {
        /// The file holding the health-data key; `${CREDENTIALS_DIRECTORY}` is expanded
        /// (systemd `LoadCredential=`). nil: health data cannot be stored.
        public var keyFile: String?
    }

    /// A signing secret of a channel, and when it stops being used (a key being rotated out).
    public struct ChannelSecret: Sendable, Equatable {
        public var secret: WebhookSecret
        public var until: Date?
    }

    public struct Channel: Sendable, Equatable {
        public var name: String
        public var url: String
        /// The first secret: the one a single-secret channel has.
        public var secret: WebhookSecret
        /// R-DLV-6: every request is signed with each secret still valid, so a gateway can
        /// move to a new key without a gap.
        public var secrets: [ChannelSecret] = []
        public var timeoutMs = 10_000
        public var connectTimeoutMs = 5_000
        /// Requests to this endpoint in flight at once.
        public var maxInFlight = 16
        /// Requests per second (token bucket); nil: no limit.
        public var rateLimitPerSecond: Double?
        /// Consecutive endpoint failures that open the circuit.
        public var circuitFailureThreshold = 10
        /// How long an open circuit waits before one probe.
        public var circuitCoolDownMs = 30_000
        /// The `[windows]` set that applies (R-TIME-1); nil: by channel kind.
        public var window: String?
        /// This channel's own retry schedule; nil: `[delivery]`'s.
        public var retrySchedule: [Duration]?
        /// SMS: the sender's signature (`【店名】`), put before every text.
        public var signature: String?
        /// SMS: how to unsubscribe (`拒收请回复R`), put after every marketing text (the 2015
        /// SMS rules ask commercial SMS to say it).
        public var unsubscribeFooter: String?
    }

    public var service = Service()
    public var store = Store()
    public var control = Control()
    public var scheduler = Scheduler()
    public var delivery = Delivery()
    public var greetings = GreetingsConfig()
    public var backup = Backup()
    public var security = Security()
    public var membership = MembershipConfig()
    public var reports = ReportsConfig()
    public var retention = RetentionSettings()
    /// `[pets]` (R-PPL-4).
    public var pets = PetSettings()
    /// `[templates."KIND"]` for customer notices (win-backs, arrears, points, tiers, complaints).
    public var notices = NoticeTemplates()
    /// Follow-up protocols (R-FU), applied to each visit at once.
    public var protocols: [FollowUpProtocol] = []
    /// `[[services]]` (R-BIZ-1); empty: services are free text and protocols match by name.
    public var services = ServiceCatalogue()
    public var appointments = AppointmentSettings(template: DefaultTemplates.appointmentReminder)
    /// `[consent] essential_kinds` (R-CUS-4): kinds sent despite an opt-out.
    public var essentialKinds = ConsentPolicy.defaultEssentialKinds
    public var complaintDeadlines = ComplaintDeadlines.defaults
    /// R-OPS-2: local user (name or uid) → role; nil: no `[roles]`, every socket user is admin.
    public var roles: [String: OperatorRole]?
    /// Users of `[roles]` limited to one branch (`user = { role = "front-desk", branch = "pudong" }`).
    public var roleBranches: [String: String] = [:]

    /// A chain's branches (`[[branches]]`, issue 16); empty: one clinic, everything as before.
    public var branches: [Branch] = []

    /// One branch of a chain: its id (in records and commands), its name (the clinic name in
    /// its customers' texts), its time zone (its staff's day; its new customers' default)
    /// and the `[windows]` set its customers are contacted in (nil: each channel's own).
    public struct Branch: Sendable, Equatable {
        public var id: String
        public var name: String
        public var timeZone: String
        public var windows: String?
        /// A channel that also gets this branch's own daily and weekly reports (its manager's
        /// group, say); nil: only the chain's go out, to `[reports] channel`.
        public var reportChannel: String?
    }

    public func branch(_ id: String) -> Branch? { branches.first { $0.id == id } }

    /// Whose clock a branch's days and staff follow: its `time_zone`, else the clinic's.
    public func zone(of branch: Branch?) -> TimeZone { branch.flatMap { TimeZone(identifier: $0.timeZone) } ?? clinicZone }

    /// As `zone(of:)`, by the branch's id (nil: the chain).
    public func zone(ofBranch id: String?) -> TimeZone { zone(of: id.flatMap(branch)) }

    /// The clinic's name in a customer's texts: their home branch's, else `[service] name`.
    public func clinicName(for customer: Customer) -> String {
        customer.branch.flatMap { branch($0)?.name } ?? service.name
    }
    /// Channels in the order the file lists them.
    public var channels: [Channel] = []
    /// `[http]`: the listener for inbound gateways, metrics and health.
    public var http = HTTPSettings()
    /// `[inbound.NAME]` sources, by name.
    public var inbound: [InboundSource] = []
    /// `[console]`: the staff web console.
    public var console = ConsoleSettings()
    /// `[replies]`: what customers' replies mean.
    public var replyKeywords = ReplyRules.Keywords()

    public init() {}

    public func channel(named name: String) -> Channel? { channels.first { $0.name == name } }

    /// The secrets a channel signs with at `now` (R-DLV-6): each not yet expired.
    public func signingSecrets(_ channel: Channel, now: Date) -> [WebhookSecret] {
        let valid = channel.secrets.filter { $0.until.map { $0 > now } ?? true }.map(\.secret)
        return valid.isEmpty ? [channel.secret] : valid
    }

    /// How a channel's failed attempts are retried (R-DLV-3).
    public func retryPolicy(for channel: Channel) -> RetryPolicy {
        channel.retrySchedule.map { RetryPolicy.scheduled($0) } ?? delivery.retryPolicy
    }

    /// The clinic's zone (`[service] default_time_zone`, checked at load): times people type
    /// and read are in it.
    public var clinicZone: TimeZone { TimeZone(identifier: service.defaultTimeZone) ?? TimeZone(identifier: "Asia/Shanghai")! }

    /// R-CUS-4: what every producer and the scheduler ask before using a channel.
    public var consentPolicy: ConsentPolicy {
        var order = delivery.fallbackOrder
        for channel in appointments.channels where !order.contains(channel) { order.append(channel) }
        return ConsentPolicy(essentialKinds: essentialKinds, configured: Set(channels.map(\.name)), order: order)
    }

    /// Where backups go: `[backup] directory`, else `backups/` beside the store.
    public var backupDirectory: String {
        backup.directory ?? ((store.path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("backups")
    }
}

enum ControlLimitsDefaults {
    static let maxLineBytes = 64 * 1024
}

extension HuifangConfig {
    /// Reads and validates a config file; every problem names the file, line and column.
    public static func load(path: String) throws(ConfigError) -> HuifangConfig {
        let source: String
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            guard let text = String(data: data, encoding: .utf8) else {
                throw ConfigError(file: path, position: invalidUTF8(Array(data)), message: "is not valid UTF-8 here")
            }
            source = text
        } catch let error as ConfigError {
            throw error
        } catch {
            throw ConfigError(file: path, position: nil, message: "cannot be read: \((error as NSError).localizedDescription)")
        }
        return try parse(source, file: path)
    }

    /// Where the first byte that is not UTF-8 sits (line and column, counting characters).
    static func invalidUTF8(_ bytes: [UInt8]) -> TOMLPosition {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var line = 1
        var column = 1
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            case .emptyInput, .error:
                return TOMLPosition(line: line, column: column)
            }
        }
    }

    /// Replaces `${CREDENTIALS_DIRECTORY}` with the directory systemd put the service's
    /// credentials in (`LoadCredential=`).
    static func expandCredentials(_ path: String, file: String, at position: TOMLPosition) throws(ConfigError) -> String {
        let variable = "${CREDENTIALS_DIRECTORY}"
        guard path.contains(variable) else { return path }
        guard let directory = ProcessInfo.processInfo.environment["CREDENTIALS_DIRECTORY"], !directory.isEmpty else {
            throw ConfigError(file: file, position: position,
                              message: "[security] key_file uses \(variable), but CREDENTIALS_DIRECTORY is not set (it is under systemd with LoadCredential=)")
        }
        return path.replacingOccurrences(of: variable, with: directory)
    }

    public static func parse(_ source: String, file: String) throws(ConfigError) -> HuifangConfig {
        let document: TOMLTable
        do {
            document = try TOMLParser.parse(source)
        } catch {
            throw ConfigError(file: file, position: error.position, message: error.message)
        }
        var config = HuifangConfig()
        var root = ConfigReader(table: document, name: "", file: file)
        var fallbackOrder: [(String, TOMLPosition)] = []

        if var t = try root.table("service") {
            config.service.name = try t.string("name", default: config.service.name)
            config.service.defaultTimeZone = try t.string("default_time_zone", default: config.service.defaultTimeZone)
            if TimeZone(identifier: config.service.defaultTimeZone) == nil {
                throw t.error("[service] default_time_zone '\(config.service.defaultTimeZone)' is not an IANA time zone",
                              at: t.position(of: "default_time_zone"))
            }
            config.service.defaultRegion = try t.string("default_region", default: config.service.defaultRegion)
            if PhoneNumber.callingCodes[config.service.defaultRegion] == nil {
                throw t.error("[service] default_region '\(config.service.defaultRegion)' is not one of \(PhoneNumber.callingCodes.keys.sorted().joined(separator: ", "))",
                              at: t.position(of: "default_region"))
            }
            try t.rejectUnknownKeys(allowed: ["name", "default_time_zone", "default_region"])
        }
        if var t = try root.table("store") {
            config.store.path = try t.string("path", default: config.store.path)
            if config.store.path.isEmpty { throw t.error("[store] path must not be empty", at: t.position(of: "path")) }
            if let (url, position) = try t.optionalString("url") {
                guard url.hasPrefix("postgresql://") || url.hasPrefix("postgres://") else {
                    throw t.error("[store] url must be a PostgreSQL URL (postgresql://…); for SQLite give path instead", at: position)
                }
                if let pathPosition = t.position(of: "path") {
                    throw t.error("[store] give either path (SQLite) or url (PostgreSQL), not both", at: pathPosition)
                }
                config.store.url = url
            }
            config.store.pool = try t.int("pool", default: config.store.pool, range: 1...64)
            if let (node, position) = try t.optionalString("node") {
                guard !node.isEmpty, node.utf8.count <= 64, !node.contains("/") else {
                    throw t.error("[store] node must be a name of 1 to 64 bytes without '/'", at: position)
                }
                config.store.node = node
            }
            if !config.store.isPostgres, let position = t.position(of: "pool") ?? t.position(of: "node") {
                throw t.error("[store] pool and node apply to a PostgreSQL store (url)", at: position)
            }
            try t.rejectUnknownKeys(allowed: ["path", "url", "pool", "node"])
        }
        if var t = try root.table("control") {
            config.control.socket = try t.string("socket", default: config.control.socket)
            if config.control.socket.utf8.count > 107 || config.control.socket.isEmpty {
                throw t.error("[control] socket must be a path of 1 to 107 bytes", at: t.position(of: "socket"))
            }
            config.control.socketMode = try t.int("socket_mode", default: config.control.socketMode, range: 0...0o777)
            if let (group, position) = try t.optionalString("socket_group") {
                if let gid = UInt32(group) {
                    config.control.socketGroup = gid
                } else if let entry = getgrnam(group) {
                    config.control.socketGroup = entry.pointee.gr_gid
                } else {
                    throw t.error("[control] socket_group '\(group)' is not a group on this machine (a name or a gid)", at: position)
                }
            }
            config.control.maxLineBytes = try t.int("max_line_bytes", default: config.control.maxLineBytes,
                                                    range: 1024...(16 * 1024 * 1024))
            config.control.maxConnections = try t.int("max_connections", default: config.control.maxConnections, range: 1...4096)
            config.control.maxConnectionsPerUser = try t.int("max_connections_per_user", default: config.control.maxConnectionsPerUser, range: 1...4096)
            config.control.reservedForAdmin = try t.int("reserved_for_admin", default: config.control.reservedForAdmin, range: 1...256)
            config.control.idleTimeoutMs = try t.int("idle_timeout_ms", default: config.control.idleTimeoutMs, range: 100...3_600_000)
            config.control.lineDeadlineMs = try t.int("line_deadline_ms", default: config.control.lineDeadlineMs, range: 100...3_600_000)
            try t.rejectUnknownKeys(allowed: ["socket", "socket_mode", "socket_group", "max_line_bytes", "max_connections",
                                              "max_connections_per_user", "reserved_for_admin", "idle_timeout_ms", "line_deadline_ms"])
        }
        if var t = try root.table("scheduler") {
            config.scheduler.pollIntervalMs = try t.int("poll_interval_ms", default: config.scheduler.pollIntervalMs, range: 10...3_600_000)
            config.scheduler.batchSize = try t.int("batch_size", default: config.scheduler.batchSize, range: 1...10_000)
            config.scheduler.leaseMs = try t.int("lease_ms", default: config.scheduler.leaseMs, range: 1000...86_400_000)
            try t.rejectUnknownKeys(allowed: ["poll_interval_ms", "batch_size", "lease_ms"])
        }
        if var t = try root.table("delivery") {
            // Exponential back-off when the file asks for it by its keys; else the schedule.
            if ["max_attempts", "backoff_base_ms", "backoff_cap_ms"].contains(where: { t.table.keys.contains($0) }) {
                config.delivery.retrySchedule = nil
            }
            if let schedule = try readSchedule(&t, key: "retry_schedule") {
                guard config.delivery.retrySchedule != nil else {
                    throw t.error("[delivery] retry_schedule and max_attempts / backoff_base_ms / backoff_cap_ms exclude each other: give one",
                                  at: t.position(of: "retry_schedule"))
                }
                config.delivery.retrySchedule = schedule
            }
            config.delivery.maxAttempts = try t.int("max_attempts", default: config.delivery.maxAttempts, range: 1...100)
            config.delivery.backoffBaseMs = try t.int("backoff_base_ms", default: config.delivery.backoffBaseMs, range: 1...86_400_000)
            config.delivery.backoffCapMs = try t.int("backoff_cap_ms", default: config.delivery.backoffCapMs, range: 1...(7 * 86_400_000))
            config.delivery.shutdownGraceMs = try t.int("shutdown_grace_ms", default: config.delivery.shutdownGraceMs, range: 0...600_000)
            fallbackOrder = try t.stringArray("fallback_order") ?? []
            config.delivery.marketingCap = try t.int("marketing_cap", default: config.delivery.marketingCap, range: 0...100)
            config.delivery.marketingCapDays = try t.int("marketing_cap_days", default: config.delivery.marketingCapDays, range: 1...90)
            try t.rejectUnknownKeys(allowed: ["retry_schedule", "max_attempts", "backoff_base_ms", "backoff_cap_ms", "shutdown_grace_ms",
                                              "fallback_order", "marketing_cap", "marketing_cap_days"])
        }
        if var t = try root.table("consent") {
            if let kinds = try t.stringArray("essential_kinds") {
                config.essentialKinds = []
                for (kind, position) in kinds {
                    if ConsentPolicy.neverEssential.contains(kind) {
                        throw t.error("[consent] essential_kinds names '\(kind)': greetings, win-backs, tier and points notices, complaint updates and arrears reminders are never essential",
                                      at: position)
                    }
                    config.essentialKinds.insert(kind)
                }
            }
            try t.rejectUnknownKeys(allowed: ["essential_kinds"])
        }
        try readGreetings(&root, into: &config)
        try readProtocols(&root, into: &config)
        try readServices(&root, into: &config)
        try readAppointments(&root, into: &config)
        try readComplaints(&root, into: &config)
        try readMembership(&root, into: &config)
        try readReports(&root, into: &config)
        try readRetention(&root, into: &config)
        try readPets(&root, into: &config)
        try readHTTP(&root, into: &config)
        try readConsole(&root, into: &config)
        if var t = try root.table("backup") {
            config.backup.directory = try t.optionalString("directory")?.0
            config.backup.intervalHours = try t.int("interval_hours", default: config.backup.intervalHours, range: 0...24 * 31)
            config.backup.keepDaily = try t.int("keep_daily", default: config.backup.keepDaily, range: 0...365)
            config.backup.keepWeekly = try t.int("keep_weekly", default: config.backup.keepWeekly, range: 0...520)
            try t.rejectUnknownKeys(allowed: ["directory", "interval_hours", "keep_daily", "keep_weekly"])
        }
        if var t = try root.table("security") {
            if let (keyFile, position) = try t.optionalString("key_file") {
                config.security.keyFile = try expandCredentials(keyFile, file: file, at: position)
            }
            try t.rejectUnknownKeys(allowed: ["key_file"])
        }
        var branchWindows: [(String, TOMLPosition?)] = []
        var branchReportChannels: [(String, String?, TOMLPosition?)] = []
        for var b in try root.tables("branches") {
            let id = try b.string("id")
            guard !id.isEmpty, id.utf8.count <= 32, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
                throw b.error("\(b.name) id must be 1 to 32 ASCII letters, digits, - or _", at: b.position(of: "id"))
            }
            if config.branch(id) != nil { throw b.error("\(b.name) id '\(id)' is used twice", at: b.position(of: "id")) }
            let name = try b.string("name")
            if name.isEmpty { throw b.error("\(b.name) name must not be empty (it is the clinic name in the branch's texts)", at: b.position(of: "name")) }
            let zone = try b.string("time_zone", default: config.service.defaultTimeZone)
            if TimeZone(identifier: zone) == nil {
                throw b.error("\(b.name) time_zone '\(zone)' is not a time zone (such as Asia/Shanghai)", at: b.position(of: "time_zone"))
            }
            let windows = try b.optionalString("windows")
            let reportChannel = try b.optionalString("report_channel")
            try b.rejectUnknownKeys(allowed: ["id", "name", "time_zone", "windows", "report_channel"])
            config.branches.append(Branch(id: id, name: name, timeZone: zone, windows: windows?.0, reportChannel: reportChannel?.0))
            branchWindows.append((id, windows?.1))
            branchReportChannels.append((id, reportChannel?.0, reportChannel?.1))
        }
        if var t = try root.table("roles") {
            var roles: [String: OperatorRole] = [:]
            func role(_ name: String, of user: String, at position: TOMLPosition?) throws(ConfigError) -> OperatorRole {
                guard let role = OperatorRole(rawValue: name) else {
                    throw t.error("[roles] \(user) must be one of \(OperatorRole.allCases.map(\.rawValue).joined(separator: ", ")), not '\(name)'",
                                  at: position)
                }
                return role
            }
            for user in t.table.keys {
                if var entry = try? t.table(user) {
                    // user = { role = "front-desk", branch = "pudong" }: a role for one branch only.
                    roles[user] = try role(try entry.string("role"), of: user, at: entry.position(of: "role"))
                    if let (branch, position) = try entry.optionalString("branch") {
                        guard config.branch(branch) != nil else {
                            throw entry.error("[roles] \(user) branch '\(branch)' is not a [[branches]] id (known: \(config.branches.map(\.id).joined(separator: ", ")))",
                                              at: position)
                        }
                        config.roleBranches[user] = branch
                    }
                    try entry.rejectUnknownKeys(allowed: ["role", "branch"])
                    continue
                }
                guard let (name, position) = try t.optionalString(user) else { continue }
                roles[user] = try role(name, of: user, at: position)
            }
            config.roles = roles
        }
        if var channels = try root.table("channels") {
            for name in channels.table.keys {
                guard var t = try channels.table(name) else { continue }
                config.channels.append(try readChannel(name: name, from: &t))
            }
        }
        try root.rejectUnknownKeys(allowed: ["service", "store", "control", "scheduler", "delivery", "channels", "consent",
                                             "greetings", "windows", "holidays", "templates", "protocols", "appointments", "complaints", "roles", "backup", "security", "membership", "reports", "retention", "pets", "branches",
                                             "http", "inbound", "replies", "console", "services"])
        try checkProtocolChannels(config, file: file)
        try checkServiceProtocols(config, file: file)
        for holiday in config.greetings.holidays {
            if case .tier(let name) = holiday.audience, config.membership.ladder.tier(named: name) == nil {
                throw ConfigError(file: file, position: nil,
                                  message: "[[holidays]] '\(holiday.id)' audience names tier '\(name)', which [membership] does not have (tiers: \(config.membership.ladder.tiers.map(\.name).joined(separator: ", ")))")
            }
        }
        for (id, position) in branchWindows {
            if let window = config.branch(id)?.windows, config.greetings.windows[window] == nil {
                throw ConfigError(file: file, position: position,
                                  message: "[[branches]] '\(id)' windows '\(window)' is not a [windows] set (known: \(config.greetings.windows.keys.sorted().joined(separator: ", ")))")
            }
        }
        for channel in config.channels {
            if let window = channel.window, config.greetings.windows[window] == nil {
                throw ConfigError(file: file, position: nil,
                                  message: "[channels.\(channel.name)] window '\(window)' is not a [windows] set (known: \(config.greetings.windows.keys.sorted().joined(separator: ", ")))")
            }
        }
        for source in config.inbound where config.channel(named: source.channel) == nil {
            throw ConfigError(file: file, position: nil,
                              message: "[inbound.\(source.name)] channel '\(source.channel)' is not a [channels.<name>] table (replies arrive on it)")
        }
        if let name = config.reports.channel, config.channel(named: name) == nil {
            throw ConfigError(file: file, position: nil, message: "[reports] channel '\(name)' is not a [channels.<name>] table")
        }
        for case let (id, name?, position) in branchReportChannels where config.channel(named: name) == nil {
            throw ConfigError(file: file, position: position,
                              message: "[[branches]] '\(id)' report_channel '\(name)' is not a [channels.<name>] table")
        }
        if config.channels.isEmpty {
            throw ConfigError(file: file, position: nil, message: "no [channels.<name>] table: at least one channel is needed")
        }
        for (name, position) in fallbackOrder {
            guard config.channel(named: name) != nil else {
                throw ConfigError(file: file, position: position,
                                  message: "[delivery] fallback_order names '\(name)', which is not a configured channel")
            }
            guard !config.delivery.fallbackOrder.contains(name) else {
                throw ConfigError(file: file, position: position, message: "[delivery] fallback_order names '\(name)' twice")
            }
            config.delivery.fallbackOrder.append(name)
        }
        return config
    }

    /// A channel's signing secrets (R-DLV-6): `secret`, `secret_file` (a file holding one,
    /// `${CREDENTIALS_DIRECTORY}` expanded) and `secrets`, each item a secret or
    /// `{ secret = "whsec_…", until = "2026-12-01T00:00:00+08:00" }`. At least one never expires.
    static func readSecrets(_ t: inout ConfigReader) throws(ConfigError) -> [ChannelSecret] {
        func parse(_ text: String, at position: TOMLPosition?) throws(ConfigError) -> WebhookSecret {
            do {
                return try WebhookSecret(parsing: text.trimmingCharacters(in: .whitespacesAndNewlines))
            } catch {
                throw t.error("\(t.name) secret \(error.description)", at: position)
            }
        }
        var secrets: [ChannelSecret] = []
        if let (text, position) = try t.optionalString("secret") {
            secrets.append(ChannelSecret(secret: try parse(text, at: position), until: nil))
        }
        if let (path, position) = try t.optionalString("secret_file") {
            let expanded = try expandCredentials(path, file: t.file, at: position)
            guard let data = FileManager.default.contents(atPath: expanded), let text = String(data: data, encoding: .utf8) else {
                throw t.error("\(t.name) secret_file \(expanded) cannot be read", at: position)
            }
            secrets.append(ChannelSecret(secret: try parse(text, at: position), until: nil))
        }
        for item in try t.array("secrets") ?? [] {
            switch item.value {
            case .string(let text):
                secrets.append(ChannelSecret(secret: try parse(text, at: item.valuePosition), until: nil))
            case .table(let table):
                var entry = ConfigReader(table: table, name: t.name, file: t.file)
                let (text, position) = try entry.optionalString("secret") ?? ("", item.valuePosition)
                var until: Date?
                if let (when, at) = try entry.optionalString("until") {
                    guard let date = ISO8601DateFormatter().date(from: when) else {
                        throw t.error("\(t.name) secrets until must be ISO-8601 with an offset (2026-12-01T00:00:00+08:00), not '\(when.prefix(40))'", at: at)
                    }
                    until = date
                }
                try entry.rejectUnknownKeys(allowed: ["secret", "until"])
                secrets.append(ChannelSecret(secret: try parse(text, at: position), until: until))
            default:
                throw t.error("\(t.name) secrets must hold secrets or { secret = …, until = … } tables", at: item.valuePosition)
            }
        }
        guard !secrets.isEmpty else { throw t.error("\(t.name) needs the key 'secret'", at: t.table.position) }
        guard secrets.contains(where: { $0.until == nil }) else {
            throw t.error("\(t.name) secrets: at least one secret must have no until (the one that stays)", at: t.position(of: "secrets"))
        }
        return secrets
    }

    /// `["5s", "5m", "30m", "2h", "10h"]`: 1 to 20 waits, each 100 ms to 3 days.
    static func readSchedule(_ t: inout ConfigReader, key: String) throws(ConfigError) -> [Duration]? {
        guard let items = try t.stringArray(key) else { return nil }
        guard (1...20).contains(items.count) else {
            throw t.error("\(t.name) \(key) needs 1 to 20 waits", at: t.position(of: key))
        }
        var waits: [Duration] = []
        for (text, position) in items {
            guard let wait = parseWait(text), wait >= .milliseconds(100), wait <= .seconds(3 * 86_400) else {
                throw t.error("\(t.name) \(key): '\(text.prefix(20))' is not a wait like 500ms, 5s, 5m, 2h or 1d (100 ms to 3 days)", at: position)
            }
            waits.append(wait)
        }
        return waits
    }

    static func parseWait(_ text: String) -> Duration? {
        let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]
        for (unit, millis) in units where text.hasSuffix(unit) {
            guard let number = Int64(text.dropLast(unit.count)), number > 0 else { continue }
            return .milliseconds(number * millis)
        }
        return nil
    }

    private static func readChannel(name: String, from t: inout ConfigReader) throws(ConfigError) -> Channel {
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw t.error("channel name '\(name)' may hold only letters, digits, '-' and '_'", at: t.table.position)
        }
        let url = try t.string("url")
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(),
              scheme == "http" || scheme == "https", parsed.host != nil else {
            throw t.error("\(t.name) url must be an http:// or https:// URL", at: t.position(of: "url"))
        }
        let secrets = try readSecrets(&t)
        var channel = Channel(name: name, url: url, secret: secrets[0].secret)
        channel.secrets = secrets
        channel.timeoutMs = try t.int("timeout_ms", default: channel.timeoutMs, range: 100...600_000)
        channel.connectTimeoutMs = try t.int("connect_timeout_ms", default: min(channel.connectTimeoutMs, channel.timeoutMs),
                                             range: 100...600_000)
        channel.maxInFlight = try t.int("max_in_flight", default: channel.maxInFlight, range: 1...1024)
        channel.rateLimitPerSecond = try t.positiveNumber("rate_limit_per_second")
        channel.circuitFailureThreshold = try t.int("circuit_failure_threshold", default: channel.circuitFailureThreshold,
                                                    range: 1...10_000)
        channel.circuitCoolDownMs = try t.int("circuit_cool_down_ms", default: channel.circuitCoolDownMs, range: 100...86_400_000)
        channel.window = try t.optionalString("window")?.0
        channel.retrySchedule = try readSchedule(&t, key: "retry_schedule")
        for (key, position) in [("signature", t.position(of: "signature")), ("unsubscribe_footer", t.position(of: "unsubscribe_footer"))] {
            guard let (text, _) = try t.optionalString(key) else { continue }
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty, trimmed.count <= 40 else {
                throw t.error("\(t.name) \(key) must be 1 to 40 characters", at: position)
            }
            if key == "signature" { channel.signature = trimmed } else { channel.unsubscribeFooter = trimmed }
        }
        try t.rejectUnknownKeys(allowed: ["url", "secret", "timeout_ms", "connect_timeout_ms", "max_in_flight",
                                          "rate_limit_per_second", "circuit_failure_threshold", "circuit_cool_down_ms",
                                          "window", "signature", "unsubscribe_footer", "retry_schedule", "secrets", "secret_file"])
        return channel
    }
}
