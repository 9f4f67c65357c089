import Foundation
import HuifangCore
import HuifangDelivery
import Logging

/// One claimed message's trip: skip it if it went stale (R-TIME-5), else build the JSON
/// body, sign it (Standard Webhooks), send it through the `WebhookSender` port and judge
/// the answer with the retry policy. It writes nothing; the scheduler records in batches.
struct Dispatcher: Sendable {
    /// What a lane's deliveries are judged by.
    struct SendRules: Sendable {
        var retry: RetryPolicy
        var windows: ContactWindows
        /// R-KEEP-4: marketing messages per customer per `marketingWindow`.
        var marketingCap: Int
        var marketingWindow: TimeInterval
    }

    let store: any Store
    let sender: any WebhookSender
    let clock: any WallClock
    let logger: Logger

    struct Completion: Sendable {
        var message: Message
        var customer: Customer?
        var result: DeliveryResult
        /// Whether the endpoint failed (for its circuit breaker); nil when nothing was sent.
        var endpointFailed: Bool?
    }

    func deliver(_ message: Message, customer: Customer?, channel: HuifangConfig.Channel?, rules: SendRules,
                 leaseOwner: String) async -> Completion {
        let windows = rules.windows
        let policy = rules.retry
        let started = clock.now()
        // Metadata goes with each log call, not into the logger: setting a logger's metadata
        // re-renders it even when nothing is logged, and this runs for every message.
        let ids: Logger.Metadata = ["huifang.message_id": "\(message.id)", "huifang.channel": "\(message.channel)"]

        if let expires = message.expiresAt, expires <= started {
            // R-TIME-5: stale work is skipped with the reason, never sent late.
            let reason = "stale: due \(Self.iso(message.dueAt)), expired \(Self.iso(expires))"
            logger.notice("message skipped", metadata: ids.merging(["huifang.reason": "\(reason)"]) { $1 })
            return Completion(message: message, customer: customer,
                              result: DeliveryResult(messageId: message.id, attempt: nil, disposition: .skipped(reason: reason),
                                                     leaseOwner: leaseOwner), endpointFailed: nil)
        }
        if let customer, customer.optedOut.contains(message.channel), !message.essential {
            // R-CUS-4: an opt-out takes effect at once, for messages already queued too.
            let reason = "consent: the customer opted out of \(message.channel)"
            logger.notice("message skipped", metadata: ids.merging(["huifang.reason": "\(reason)"]) { $1 })
            return Completion(message: message, customer: customer,
                              result: DeliveryResult(messageId: message.id, attempt: nil, disposition: .skipped(reason: reason),
                                                     leaseOwner: leaseOwner), endpointFailed: nil)
        }
        if message.category != .transactional, let customer,
           let verdict = marketingVerdict(message, customer: customer, rules: rules, now: started) {
            return Completion(message: message, customer: customer,
                              result: DeliveryResult(messageId: message.id, attempt: nil, disposition: verdict, leaseOwner: leaseOwner),
                              endpointFailed: nil)
        }
        if message.windowed, let zone = customer.flatMap({ TimeZone(identifier: $0.timeZone) }),
           !windows.contains(started, in: zone) {
            // R-TIME-1: outside the window it waits for the next opening; not an attempt.
            let until = windows.nextOpening(atOrAfter: started, in: zone)
            let reason = "window: outside the \(message.channel) contact window; held until \(Self.iso(until))"
            return Completion(message: message, customer: customer,
                              result: DeliveryResult(messageId: message.id, attempt: nil,
                                                     disposition: .held(until: until, reason: reason), leaseOwner: leaseOwner),
                              endpointFailed: nil)
        }
        let number = message.attempts + 1
        guard let channel else {
            let reason = "channel '\(message.channel)' is not configured"
            logger.warning("message cannot be delivered: \(reason)", metadata: ids)
            let attempt = DeliveryAttempt(messageId: message.id, number: number, startedAt: started, finishedAt: started,
                                          httpStatus: nil, error: reason, outcome: .permanent, endpoint: "-")
            return Completion(message: message, customer: customer,
                              result: DeliveryResult(messageId: message.id, attempt: attempt, disposition: .dead(reason: reason),
                                                     leaseOwner: leaseOwner), endpointFailed: nil)
        }
        let body = WebhookPayload.body(for: message, customer: customer)
        let timestamp = Int64(started.timeIntervalSince1970)
        let request = WebhookRequest(
            url: channel.url,
            headers: StandardWebhooks.headers(id: message.id, timestamp: timestamp, body: body, secrets: [channel.secret]),
            body: body, timeoutMillis: channel.timeoutMs, connectTimeoutMillis: channel.connectTimeoutMs)
        let response = await sender.send(request)
        let finished = clock.now()
        let outcome = DeliveryOutcome.classify(response, now: finished)
        if case .delivered = outcome {
            logger.debug("delivered", metadata: ids.merging(["huifang.attempt": "\(number)"]) { $1 })
        } else {
            logger.notice("attempt failed", metadata: ids.merging([
                "huifang.attempt": "\(number)", "huifang.reason": "\(outcome.reason ?? "")",
            ]) { $1 })
        }
        let decision = policy.decide(outcome: outcome, attempt: message.attemptsSinceRetry + 1, now: finished,
                                     jitter: Double.random(in: 0..<1))
        let attempt = DeliveryAttempt(
            messageId: message.id, number: number, startedAt: started, finishedAt: finished,
            httpStatus: response.status, error: outcome.reason, outcome: outcome.class, endpoint: channel.name)
        return Completion(message: message, customer: customer,
                          result: DeliveryResult(attempt: attempt, decision: decision, leaseOwner: leaseOwner),
                          endpointFailed: outcome.class == .retry)
    }

    /// R-KEEP-4: no marketing or greeting to a customer with an open complaint (skipped);
    /// no more than the cap of marketing messages in the window (held until one ages out).
    private func marketingVerdict(_ message: Message, customer: Customer, rules: SendRules, now: Date)
        -> DeliveryResult.Disposition?
    {
        do {
            if try store.hasOpenComplaint(customerId: customer.id) {
                return .skipped(reason: "open complaint: no marketing or greetings while the customer's complaint is open")
            }
            guard message.category == .marketing else { return nil }
            let recent = try store.marketingDeliveries(customerId: customer.id, since: now.addingTimeInterval(-rules.marketingWindow))
            guard recent.count >= rules.marketingCap else { return nil }
            let until = recent[recent.count - rules.marketingCap].addingTimeInterval(rules.marketingWindow)
            return .held(until: until, reason: "cap: \(recent.count) marketing messages in \(Int(rules.marketingWindow / 86_400)) days; held until \(Self.iso(until))")
        } catch {
            logger.error("marketing checks failed: \(error); holding the message a minute")
            return .held(until: now.addingTimeInterval(60), reason: "marketing checks failed; held")
        }
    }

    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: date)
    }
}
