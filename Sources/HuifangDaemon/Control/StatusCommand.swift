import Foundation
import HuifangControl
import HuifangCore
import Logging

enum StatusCommand {
    /// admin.log-level: the daemon's log level, at once, until the next start.
    static let logLevel = CommandHandler(API.AdminLogLevel.self) { (args: LogLevelArgs, context) throws(HuifangError) in
        guard let level = Logger.Level(rawValue: args.level) else {
            throw .invalid("level", "must be one of trace, debug, info, notice, warning, error, critical")
        }
        let before = LogLevelControl.shared.level
        LogLevelControl.shared.level = level
        context.auditNote.add("log level: \(before) → \(level)")
        context.logger.notice("log level changed", metadata: ["huifang.level": "\(level)"])
        return LogLevelArgs(level: level.rawValue)
    }

    /// admin.plan-now: one run of the greeting planner, of retention upkeep and of the
    /// membership review, at once.
    static let planNow = CommandHandler(API.AdminPlanNow.self) { (_: NoArgs, context) throws(HuifangError) in
        let settings = context.config.snapshot
        let now = context.clock.now()
        let greetingsStarted = ContinuousClock.now
        let greetings = settings.greetings.enabled
            ? GreetingPlanning(store: context.store, logger: context.logger).plan(settings: settings, now: now) : .init()
        let greetingsMs = greetingsStarted.millisecondsAgo
        let retentionStarted = ContinuousClock.now
        let retained = try storeCall(context, "planning retention calls") {
            try RetentionKeeper(store: context.store, logger: context.logger).planRetention(settings: settings, now: now)
        }
        let retentionMs = retentionStarted.millisecondsAgo
        let reviewStarted = ContinuousClock.now
        let reviewed = try storeCall(context, "reviewing memberships") {
            try LoyaltyReviewer(store: context.store, logger: context.logger).run(settings: settings, now: now)
        }
        context.wakeup.signal()
        return PlanRunView(greetingsRead: greetings.read, greetingsPlanned: greetings.inserted, greetingsMs: greetingsMs,
                           retentionRead: retained, retentionMs: retentionMs,
                           membershipRead: reviewed, membershipMs: reviewStarted.millisecondsAgo)
    }

    static let version = ControlProtocol.release

    static let command = CommandHandler(API.Status.self) { (_: NoArgs, context) throws(HuifangError) in
        let counts = try storeCall(context, "counting messages") { try context.store.statusCounts() }
        let next = try storeCall(context, "reading the next due time") { try context.store.nextDueAt(channel: nil) }
        let config = context.config.snapshot
        let now = context.clock.now()
        var messages: [String: Int] = [:]
        for status in MessageStatus.allCases { messages[status.rawValue] = counts[status] ?? 0 }
        let generation = context.config.generation
        var alerts = context.endpoints.snapshot().sorted { $0.key < $1.key }.compactMap { name, lane -> String? in
            guard let reason = lane.pauseReason else { return nil }
            return "endpoint \(name) paused since \(ControlCoding.timestamp(lane.pausedAt ?? now)): \(reason); endpoint resume \(name) when it is fixed"
        }
        if !config.store.isPostgres, let free = freeBytes(near: config.store.path), free < 1 << 20 {
            alerts.insert("store \(config.store.path): disk full (\(free / 1024) KiB free): changes are refused until there is room on its disk", at: 0)
        } else if let error = context.readiness.storeError {
            alerts.insert("store \(config.store.described) takes no writes: \(error)", at: 0)
        }
        var view = StatusView(
            version: version, pid: getpid(), startedAt: ControlCoding.timestamp(context.startedAt),
            uptimeSeconds: max(0, Int(now.timeIntervalSince(context.startedAt))), store: config.store.described,
            channels: config.channels.map(\.name), messages: messages,
            nextDueAt: next.map(ControlCoding.timestamp), configGeneration: generation.number,
            configLoadedAt: ControlCoding.timestamp(generation.loadedAt),
            http: context.listener.address,
            inbound: config.inbound.map { "\($0.name) \($0.format.rawValue) \($0.path)\($0.format == .aliyunSMS ? "/<token>" : "")" })
        view.alerts = alerts.isEmpty ? nil : alerts
        view.endpoints = try EndpointCommands.rows(context)
        view.node = context.node
        // Live: a heartbeat in the last few seconds (each node beats once a second).
        view.nodes = try storeCall(context, "reading the nodes") { try context.store.liveNodes(since: now.addingTimeInterval(-5)) }.map {
            NodeView(id: $0.id, pid: $0.pid, startedAt: ControlCoding.timestamp($0.startedAt), heartbeatAt: ControlCoding.timestamp($0.heartbeatAt))
        }
        return view
    }

    /// Bytes an unprivileged writer may still use on the store's file system.
    private static func freeBytes(near path: String) -> UInt64? {
        var info = statvfs()
        let directory = (path as NSString).deletingLastPathComponent
        guard statvfs(directory.isEmpty ? "." : directory, &info) == 0 else { return nil }
        return UInt64(info.f_bavail) * UInt64(info.f_frsize)
    }
}
