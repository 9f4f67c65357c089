import Foundation
import HuifangControl
import HuifangCore
import HuifangDelivery

/// endpoint.list, endpoint.pause, endpoint.resume: each channel's endpoint, its circuit and
/// an operator's pause (kept in the store, so it survives a restart).
enum EndpointCommands {
    static let all = [list, pause, resume, rotate]

    /// R-DLV-6: a fresh secret and the steps that change keys with no unsigned gap.
    static let rotate = CommandHandler(API.EndpointRotate.self) { (args: EndpointNameArgs, context) throws(HuifangError) in
        let channel = try configuredChannel(args.name, context)
        let now = context.clock.now()
        let fresh = WebhookSecret.generateText()
        let shown = channel.secrets.map { entry -> String in
            let text = "whsec_" + Data(entry.secret.key).base64EncodedString()
            let until = entry.until.map { $0 > now ? " until \(ControlCoding.timestamp($0))" : " (expired)" } ?? ""
            return String(text.prefix(10)) + "…" + until
        }
        return RotationPlan(name: channel.name, secrets: shown, newSecret: fresh, steps: [
            "In [channels.\(channel.name)] put the new secret first and keep the old one: secrets = [\"\(fresh)\", { secret = \"whsec_…old…\", until = \"\(ControlCoding.timestamp(now.addingTimeInterval(7 * 86_400)))\" }] (remove the secret key).",
            "huifangd --config FILE --check-config, then systemctl reload huifangd: every request now carries a v1 signature for each secret.",
            "Give the gateway the new secret; it accepts either signature meanwhile.",
            "When the gateway uses only the new secret, remove the old one (or let its until pass) and reload.",
        ])
    }

    static let list = CommandHandler(API.EndpointList.self) { (_: NoArgs, context) throws(HuifangError) in
        try rows(context)
    }

    /// Each configured endpoint with its lane and its queue (`endpoint list`, `status`).
    static func rows(_ context: CommandContext) throws(HuifangError) -> [EndpointView] {
        let lanes = context.endpoints.snapshot()
        let now = context.clock.now()
        let (counts, backlog) = try storeCall(context, "counting queues") { (try context.store.messageCounts(), try context.store.dueBacklog(now: now)) }
        return context.config.snapshot.channels.compactMap { channel in
            lanes[channel.name].map { lane in
                var row = view(channel.name, lane)
                let c = counts[channel.name] ?? [:]
                row.pending = (c[.pending] ?? 0) + (c[.failed] ?? 0)
                row.overdue = backlog[channel.name]?.count ?? 0
                row.dead = c[.dead] ?? 0
                row.oldestDueAt = backlog[channel.name].map { ControlCoding.timestamp($0.oldest) }
                return row
            }
        }
    }

    static let pause = CommandHandler(API.EndpointPause.self) { (args: EndpointNameArgs, context) throws(HuifangError) in
        try setPaused(args.name, true, context)
    }

    static let resume = CommandHandler(API.EndpointResume.self) { (args: EndpointNameArgs, context) throws(HuifangError) in
        try setPaused(args.name, false, context)
    }

    private static func setPaused(_ name: String, _ paused: Bool, _ context: CommandContext) throws(HuifangError) -> EndpointView {
        _ = try configuredChannel(name, context)
        let now = context.clock.now()
        try storeCall(context, "saving an endpoint pause") { try context.store.setEndpoint(name, paused: paused, now: now) }
        let lane = context.endpoints.with(name) { lane -> EndpointLane in
            lane.pausedAt = paused ? (lane.pausedAt ?? now) : nil
            if !paused { lane.pauseReason = nil }
            return lane
        }
        if !paused { context.wakeup.signal() }
        context.logger.notice(paused ? "endpoint paused by an operator" : "endpoint resumed by an operator",
                              metadata: ["huifang.channel": "\(name)"])
        guard let lane else {
            throw HuifangError(.notFound, "no endpoint named \(name)", field: "name", chinese: "没有名为「\(name.prefix(40))」的通道。")
        }
        return view(name, lane)
    }

    static func view(_ name: String, _ lane: EndpointLane) -> EndpointView {
        var openUntil: String?
        if case .open(let until) = lane.breaker.state { openUntil = ControlCoding.timestamp(until) }
        return EndpointView(
            name: name, url: lane.settings.url, state: lane.stateName,
            consecutiveFailures: lane.breaker.consecutiveFailures, openUntil: openUntil,
            pausedAt: lane.pausedAt.map(ControlCoding.timestamp), pauseReason: lane.pauseReason, inFlight: lane.inFlight,
            maxInFlight: lane.settings.maxInFlight, rateLimitPerSecond: lane.settings.rateLimitPerSecond,
            delivered: lane.delivered, failed: lane.failed, lastError: lane.lastError,
            lastFailureAt: lane.lastFailureAt.map(ControlCoding.timestamp),
            lastSuccessAt: lane.lastSuccessAt.map(ControlCoding.timestamp))
    }

    private static func configuredChannel(_ name: String, _ context: CommandContext) throws(HuifangError) -> HuifangConfig.Channel {
        let config = context.config.snapshot
        guard let channel = config.channel(named: name) else {
            throw HuifangError(.notFound, "no channel named \(name.prefix(40)) (configured: \(config.channels.map(\.name).joined(separator: ", ")))",
                               field: "name", chinese: "没有名为「\(name.prefix(40))」的通道。")
        }
        return channel
    }
}
