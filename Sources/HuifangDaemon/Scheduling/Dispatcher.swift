import Foundation
import HuifangCore
import HuifangDelivery
import Logging

/// Delivers one claimed message: builds the JSON body, signs it (Standard Webhooks), sends
/// it through the `WebhookSender` port, and judges the answer with the retry policy.
/// It writes nothing; the scheduler records results in batches.
struct Dispatcher: Sendable {
    let store: any Store
    let sender: any WebhookSender
    let clock: any WallClock
    let logger: Logger

    func deliver(_ message: Message, config: HuifangConfig, leaseOwner: String) async -> DeliveryResult {
        let attemptNumber = message.attempts + 1
        let started = clock.now()
        var logger = logger
        logger[metadataKey: "huifang.message_id"] = "\(message.id)"
        logger[metadataKey: "huifang.channel"] = "\(message.channel)"

        guard let channel = config.channel(named: message.channel) else {
            let reason = "channel '\(message.channel)' is not configured"
            logger.warning("message cannot be delivered: \(reason)")
            return result(message, attemptNumber, started, started, status: nil, endpoint: "-",
                          outcome: .permanent(reason: reason), config: config, leaseOwner: leaseOwner)
        }
        let customer = try? store.customer(id: message.customerId)
        let body = WebhookPayload.body(for: message, customer: customer)
        let timestamp = Int64(started.timeIntervalSince1970)
        let request = WebhookRequest(
            url: channel.url,
            headers: StandardWebhooks.headers(id: message.id, timestamp: timestamp, body: body, secrets: [channel.secret]),
            body: body, timeoutMillis: channel.timeoutMs, connectTimeoutMillis: channel.connectTimeoutMs)
        let response = await sender.send(request)
        let finished = clock.now()
        let outcome = DeliveryOutcome.classify(response, now: finished)
        switch outcome {
        case .delivered:
            logger.debug("delivered", metadata: ["huifang.attempt": "\(attemptNumber)"])
        case .retry(let reason, _), .permanent(let reason):
            logger.notice("attempt failed", metadata: ["huifang.attempt": "\(attemptNumber)", "huifang.reason": "\(reason)"])
        }
        return result(message, attemptNumber, started, finished, status: response.status, endpoint: channel.name,
                      outcome: outcome, config: config, leaseOwner: leaseOwner)
    }

    private func result(_ message: Message, _ number: Int, _ started: Date, _ finished: Date, status: Int?,
                        endpoint: String, outcome: DeliveryOutcome, config: HuifangConfig,
                        leaseOwner: String) -> DeliveryResult {
        let decision = config.delivery.retryPolicy.decide(
            outcome: outcome, attempt: number, now: finished, jitter: Double.random(in: 0..<1))
        let attempt = DeliveryAttempt(
            messageId: message.id, number: number, startedAt: started, finishedAt: finished,
            httpStatus: status, error: outcome.reason, outcome: outcome.class, endpoint: endpoint)
        return DeliveryResult(attempt: attempt, decision: decision, leaseOwner: leaseOwner)
    }
}
