import Foundation
import HuifangCore
import HuifangDelivery
import Logging

/// One claimed message's trip, once `SendDecision` has let it go: build the JSON body, sign
/// it (Standard Webhooks), send it through the `WebhookSender` port and judge the answer
/// with the retry policy. It writes nothing; the scheduler records in batches.
struct Dispatcher: Sendable {
    let sender: any WebhookSender
    let clock: any WallClock
    let logger: Logger

    struct Completion: Sendable {
        var message: Message
        var customer: Customer?
        var result: DeliveryResult
        /// Whether the endpoint failed (for its circuit breaker); nil when nothing was sent.
        var endpointFailed: Bool?
        /// Consent moved the message to this channel: a copy goes there (R-CUS-4).
        var reroute: String?
    }

    /// The completion of a message that `SendDecision` skipped, rerouted or held: no attempt.
    static func decided(_ message: Message, customer: Customer?, verdict: SendVerdict, leaseOwner: String) -> Completion? {
        let disposition: DeliveryResult.Disposition
        var reroute: String?
        switch verdict {
        case .send: return nil
        case .skip(let reason): disposition = .skipped(reason: reason)
        case .reroute(let channel, let reason):
            disposition = .skipped(reason: reason)
            reroute = channel
        case .hold(let until, let reason): disposition = .held(until: until, reason: reason)
        }
        return Completion(message: message, customer: customer,
                          result: DeliveryResult(messageId: message.id, attempt: nil, disposition: disposition, leaseOwner: leaseOwner),
                          endpointFailed: nil, reroute: reroute)
    }

    func deliver(_ message: Message, customer: Customer?, channel: HuifangConfig.Channel?, retry policy: RetryPolicy,
                 secrets: [WebhookSecret] = [], leaseOwner: String) async -> Completion {
        let started = clock.now()
        // Metadata goes with each log call, not into the logger: setting a logger's metadata
        // re-renders it even when nothing is logged, and this runs for every message.
        let ids: Logger.Metadata = ["huifang.message_id": "\(message.id)", "huifang.channel": "\(message.channel)"]
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
        var framed = message
        if channel.signature != nil || channel.unsubscribeFooter != nil {
            framed.text = SMSFrame.framed(message.text, signature: channel.signature, footer: channel.unsubscribeFooter,
                                          category: message.category)
        }
        let body = WebhookPayload.body(for: framed, customer: customer)
        let timestamp = Int64(started.timeIntervalSince1970)
        let request = WebhookRequest(
            url: channel.url,
            headers: StandardWebhooks.headers(id: message.id, timestamp: timestamp, body: body,
                                              secrets: secrets.isEmpty ? [channel.secret] : secrets),
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

}
