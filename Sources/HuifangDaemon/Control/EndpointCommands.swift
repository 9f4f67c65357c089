import Foundation
import HuifangControl
import HuifangCore

/// endpoint.list, endpoint.pause, endpoint.resume: each channel's endpoint, its circuit and
/// an operator's pause (kept in the store, so it survives a restart).
enum EndpointCommands {
    static let all = [list, pause, resume]

    static let list = CommandHandler(API.EndpointList.self) { (_: NoArgs, context) throws(HuifangError) in
        let lanes = context.endpoints.snapshot()
        return context.config.snapshot.channels.compactMap { channel in
            lanes[channel.name].map { view(channel.name, $0) }
        }
    }

    static let pause = CommandHandler(API.EndpointPause.self) { (args: EndpointNameArgs, context) throws(HuifangError) in
        try setPaused(args.name, true, context)
    }

    static let resume = CommandHandler(API.EndpointResume.self) { (args: EndpointNameArgs, context) throws(HuifangError) in
        try setPaused(args.name, false, context)
    }

    private static func setPaused(_ name: String, _ paused: Bool, _ context: CommandContext) throws(HuifangError) -> EndpointView {
        guard context.config.snapshot.channel(named: name) != nil else {
            throw .invalid("name", "is not a configured channel")
        }
        let now = context.clock.now()
        try storeCall(context, "saving an endpoint pause") { try context.store.setEndpoint(name, paused: paused, now: now) }
        let lane = context.endpoints.with(name) { lane -> EndpointLane in
            lane.pausedAt = paused ? (lane.pausedAt ?? now) : nil
            return lane
        }
        if !paused { context.wakeup.signal() }
        context.logger.notice(paused ? "endpoint paused by an operator" : "endpoint resumed by an operator",
                              metadata: ["huifang.channel": "\(name)"])
        guard let lane else { throw HuifangError(.notFound, "no endpoint named \(name)", field: "name") }
        return view(name, lane)
    }

    static func view(_ name: String, _ lane: EndpointLane) -> EndpointView {
        var openUntil: String?
        if case .open(let until) = lane.breaker.state { openUntil = ControlCoding.timestamp(until) }
        return EndpointView(
            name: name, url: lane.settings.url, state: lane.stateName,
            consecutiveFailures: lane.breaker.consecutiveFailures, openUntil: openUntil,
            pausedAt: lane.pausedAt.map(ControlCoding.timestamp), inFlight: lane.inFlight,
            maxInFlight: lane.settings.maxInFlight, rateLimitPerSecond: lane.settings.rateLimitPerSecond,
            delivered: lane.delivered, failed: lane.failed, lastError: lane.lastError,
            lastFailureAt: lane.lastFailureAt.map(ControlCoding.timestamp),
            lastSuccessAt: lane.lastSuccessAt.map(ControlCoding.timestamp))
    }
}
