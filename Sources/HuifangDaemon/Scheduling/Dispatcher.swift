import Foundation
import HuifangCore
import HuifangDelivery
import Logging

/// One claimed message's trip, once `SendDecision` has let it go: `prepare` builds the JSON
/// body and signs it (Standard Webhooks); the scheduler sends it through the
/// `WebhookSender` port; `conclude` judges the answer with the retry policy. It writes
/// nothing; the scheduler records in batches.
struct Dispatcher: Sendable {
    let sender: any WebhookSender
    let clock: any WallClock
    let logger: Logger

    /// A message's trip ended (answered, settled or decided without sending), to be recorded.
    /// A class: it goes from the sender's answer through the loop's lists to the writer's
    /// batch, and a copy of the struct it was cost a copy of the message and its customer
    /// (a dozen strings retained) at each step.
    final class Completion: Sendable {
        let message: Message
        let customer: Customer?
        let result: DeliveryResult
        /// Whether the endpoint failed (for its circuit breaker); nil when nothing was sent.
        let endpointFailed: Bool?
        /// Consent moved the message to this channel: a copy goes there (R-CUS-4).
        let reroute: String?

        init(message: Message, customer: Customer?, result: DeliveryResult, endpointFailed: Bool?, reroute: String? = nil) {
            self.message = message
            self.customer = customer
            self.result = result
            self.endpointFailed = endpointFailed
            self.reroute = reroute
        }
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

    /// A message on its way: what `conclude` needs when the answer comes back. A class, as
    /// `Completion` is: it is handed from the loop to the sender's answer and back.
    final class Sending: Sendable {
        let message: Message
        let customer: Customer?
        let channel: String
        let started: Date
        let retry: RetryPolicy
        let leaseOwner: String

        init(message: Message, customer: Customer?, channel: String, started: Date, retry: RetryPolicy, leaseOwner: String) {
            self.message = message
            self.customer = customer
            self.channel = channel
            self.started = started
            self.retry = retry
            self.leaseOwner = leaseOwner
        }
    }

    enum Prepared: Sendable {
        /// Ready to go: send `request`, then `conclude` with the answer.
        case send(Sending, WebhookRequest)
        /// Settled without sending (its channel is not configured).
        case settled(Completion)
    }

    /// Builds the JSON body and signs it (Standard Webhooks).
    func prepare(_ message: Message, customer: Customer?, channel: HuifangConfig.Channel?, retry policy: RetryPolicy,
                 secrets: [WebhookSecret] = [], leaseOwner: String) -> Prepared {
        let started = clock.now()
        guard let channel else {
            let reason = "channel '\(message.channel)' is not configured"
            logger.warning("message cannot be delivered: \(reason)", metadata: ["huifang.message_id": "\(message.id)",
                                                                               "huifang.channel": "\(message.channel)"])
            let attempt = DeliveryAttempt(messageId: message.id, number: message.attempts + 1, startedAt: started,
                                          finishedAt: started, httpStatus: nil, error: reason, outcome: .permanent, endpoint: "-")
            return .settled(Completion(message: message, customer: customer,
                                       result: DeliveryResult(messageId: message.id, attempt: attempt, disposition: .dead(reason: reason),
                                                              leaseOwner: leaseOwner), endpointFailed: nil))
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
        let sending = Sending(message: message, customer: customer, channel: channel.name, started: started, retry: policy,
                              leaseOwner: leaseOwner)
        return .send(sending, request)
    }

    /// Judges the answer, which came back at `finished`, with the retry policy.
    func conclude(_ sending: Sending, response: WebhookResponse, finished: Date) -> Completion {
        let message = sending.message
        let number = message.attempts + 1
        let outcome = DeliveryOutcome.classify(response, now: finished)
        if case .delivered = outcome {
            // Metadata goes with each log call (an autoclosure, built only when logged), not
            // into the logger: setting a logger's metadata re-renders it, and this runs per message.
            logger.debug("delivered", metadata: ["huifang.message_id": "\(message.id)", "huifang.channel": "\(message.channel)",
                                                 "huifang.attempt": "\(number)"])
        } else {
            logger.notice("attempt failed", metadata: [
                "huifang.message_id": "\(message.id)", "huifang.channel": "\(message.channel)",
                "huifang.attempt": "\(number)", "huifang.reason": "\(outcome.reason ?? "")",
            ])
        }
        // Only a retry's delay is jittered; a random number costs a getrandom(2) call.
        let jitter = outcome.class == .retry ? Double.random(in: 0..<1) : 0
        let decision = sending.retry.decide(outcome: outcome, attempt: message.attemptsSinceRetry + 1, now: finished,
                                            jitter: jitter)
        let attempt = DeliveryAttempt(
            messageId: message.id, number: number, startedAt: sending.started, finishedAt: finished,
            httpStatus: response.status, error: outcome.reason, outcome: outcome.class, endpoint: sending.channel)
        return Completion(message: message, customer: sending.customer,
                          result: DeliveryResult(attempt: attempt, decision: decision, leaseOwner: sending.leaseOwner),
                          endpointFailed: outcome.class == .retry)
    }
}
