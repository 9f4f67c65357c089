import CoreMetrics
import Foundation
import HuifangCore
import Metrics
import Prometheus

/// What the daemon counts (R-IN-5), through swift-metrics; `/metrics` writes it in the
/// Prometheus text format through swift-prometheus. Counters and histograms move where the
/// work happens; the gauges (messages by status, due backlog, circuits) are read from the
/// store and the lanes at each scrape. Label sets are fixed per name: the registry refuses
/// one name with two label sets.
enum DaemonMetrics {
    /// Installs the Prometheus backend for swift-metrics; once per process.
    static func bootstrap() -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30),
        ]
        MetricsSystem.bootstrap(factory)
        return registry
    }

    /// Delivery attempts (endpoint, outcome class, latency), as the scheduler's loop takes
    /// them each turn: each counter and timer is looked up once per endpoint and outcome,
    /// not once per attempt.
    static func attempts(_ attempts: [(endpoint: String, outcome: String, latencyMs: Int64)]) {
        guard !attempts.isEmpty else { return }
        var counts: [String: [String: Int64]] = [:]
        var latencies: [String: [Int64]] = [:]
        for attempt in attempts {
            counts[attempt.endpoint, default: [:]][attempt.outcome, default: 0] += 1
            latencies[attempt.endpoint, default: []].append(attempt.latencyMs)
        }
        for (endpoint, outcomes) in counts {
            for (outcome, count) in outcomes {
                Counter(label: "huifang_delivery_attempts_total", dimensions: [("endpoint", endpoint), ("outcome", outcome)])
                    .increment(by: count)
            }
        }
        for (endpoint, values) in latencies {
            let timer = Metrics.Timer(label: "huifang_delivery_latency_seconds", dimensions: [("endpoint", endpoint)])
            for value in values { timer.recordMilliseconds(value) }
        }
    }

    /// One control request, from the socket or a staff app: its command and how it ended.
    static func control(command: String, outcome: String) {
        Counter(label: "huifang_control_requests_total", dimensions: [("command", command), ("outcome", outcome)]).increment()
    }

    /// One inbound HTTP request: receipt, reply, outcome (or unknown), and how it ended.
    static func inbound(kind: String, outcome: String) {
        Counter(label: "huifang_inbound_requests_total", dimensions: [("kind", kind), ("outcome", outcome)]).increment()
    }

    /// One run of a periodic planner (greetings, retention, reports…).
    static func planner(_ name: String, seconds: Double, failed: Bool) {
        Counter(label: "huifang_planner_runs_total", dimensions: [("planner", name), ("outcome", failed ? "error" : "ok")]).increment()
        Metrics.Timer(label: "huifang_planner_duration_seconds", dimensions: [("planner", name)])
            .recordNanoseconds(Int64(seconds * 1e9))
    }

    /// The gauges, read now: messages by status and channel, due backlog and oldest-due lag
    /// per channel, circuit state per endpoint (0 closed, 1 half-open, 2 open, 3 paused).
    static func refreshGauges(store: any Store, channels: [String], lanes: [String: EndpointLane], now: Date) throws {
        let counts = try store.messageCounts()
        for channel in channels {
            for status in MessageStatus.allCases {
                Gauge(label: "huifang_messages", dimensions: [("channel", channel), ("status", status.rawValue)])
                    .record(counts[channel]?[status] ?? 0)
            }
        }
        let backlog = try store.dueBacklog(now: now)
        for channel in channels {
            let due = backlog[channel]
            Gauge(label: "huifang_due_backlog", dimensions: [("channel", channel)]).record(due?.count ?? 0)
            Gauge(label: "huifang_oldest_due_lag_seconds", dimensions: [("channel", channel)])
                .record(due.map { max(0, now.timeIntervalSince($0.oldest)) } ?? 0)
        }
        for (name, lane) in lanes {
            let state: Int = switch lane.stateName {
            case "closed": 0
            case "half-open": 1
            case "open": 2
            default: 3
            }
            Gauge(label: "huifang_endpoint_circuit_state", dimensions: [("endpoint", name)]).record(state)
        }
    }
}
