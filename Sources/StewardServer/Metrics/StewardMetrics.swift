import CoreMetrics
import Foundation
import Prometheus
import StewardStore

/// Steward's own metrics, in Prometheus's text format at `GET /metrics`. Recorded through
/// swift-metrics with a factory this application owns rather than the process-wide
/// `MetricsSystem`: tests run many applications in one process, and each must count alone.
///
/// Labels are fixed words only (a method, a route *pattern*, a status, a problem code, an email
/// kind): never a path, an address, a name or an id, so nothing personal can reach a scrape.
public final class StewardMetrics: ServiceEventSink, Sendable {
    let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory

    public init() {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Most answers take a few milliseconds; the library's default starts at 5.
        factory.defaultDurationHistogramBuckets = [
            .microseconds(500), .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10),
            .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
            .seconds(1), .microseconds(2_500_000), .seconds(5), .seconds(10),
        ]
        factory.durationHistogramBuckets[Name.queryDuration] = [
            .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .microseconds(2500),
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .seconds(1),
        ]
        self.registry = registry
        self.factory = factory
    }

    enum Name {
        static let requests = "steward_http_requests_total"
        static let requestDuration = "steward_http_request_duration_seconds"
        static let queryDuration = "steward_db_query_duration_seconds"
        static let outboxPending = "steward_outbox_pending"
        static let outboxOldestPendingAge = "steward_outbox_oldest_pending_age_seconds"
        static let outboxFailed = "steward_outbox_failed"
        static let deliveries = "steward_email_deliveries_total"
        static let invitesSent = "steward_invites_sent_total"
        static let signInFailures = "steward_sign_in_failures_total"
        static let rateLimitRefusals = "steward_rate_limit_refusals_total"
    }

    /// One answered request. `route` is the matched pattern (`/api/v1/workspaces/:id`), or
    /// `unmatched` for a path no route knows (static files, 404s): the path itself may hold a token.
    func recordRequest(method: String, route: String, status: UInt, duration: Duration) {
        // A client may send any method name; only the known ones become label values.
        let method = Self.knownMethods.contains(method) ? method : "other"
        let dimensions = [("method", method), ("route", route), ("status", String(status))]
        CoreMetrics.Counter(label: Name.requests, dimensions: dimensions, factory: factory).increment()
        CoreMetrics.Timer(label: Name.requestDuration, dimensions: dimensions, factory: factory)
            .recordNanoseconds(duration.nanoseconds)
    }

    private static let knownMethods: Set = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    /// One database statement: `operation` is `select`, `insert`, `update`, `delete`, `sql` (raw
    /// SQL), `schema` or `custom`.
    func recordQuery(_ operation: String, since started: ContinuousClock.Instant) {
        CoreMetrics.Timer(label: Name.queryDuration, dimensions: [("operation", operation)], factory: factory)
            .recordNanoseconds((ContinuousClock.now - started).nanoseconds)
    }

    /// One delivery attempt of an email of `kind` (`invite`, `password_reset`, ...): `sent`,
    /// `retry` (failed, tried again later) or `failed` (given up).
    func recordDelivery(kind: String, outcome: String) {
        CoreMetrics.Counter(
            label: Name.deliveries, dimensions: [("kind", kind), ("outcome", outcome)], factory: factory
        ).increment()
    }

    public func record(_ event: ServiceEvent) {
        switch event {
        case .signInFailed(let reason):
            CoreMetrics.Counter(label: Name.signInFailures, dimensions: [("reason", reason)], factory: factory)
                .increment()
        case .rateLimited(let rule):
            CoreMetrics.Counter(label: Name.rateLimitRefusals, dimensions: [("rule", rule)], factory: factory)
                .increment()
        case .invitesSent(let count):
            guard count > 0 else { return }
            CoreMetrics.Counter(label: Name.invitesSent, factory: factory).increment(by: count)
        }
    }

    /// The outbox as the database holds it, read at each scrape: every process answers with the
    /// whole queue's state, not only what it sent itself.
    func recordOutbox(_ backlog: OutboxBacklog, now: Date) {
        CoreMetrics.Gauge(label: Name.outboxPending, factory: factory).record(backlog.pending)
        CoreMetrics.Gauge(label: Name.outboxFailed, factory: factory).record(backlog.failed)
        let age = backlog.oldestPendingSince.map { max(0, now.timeIntervalSince($0)) } ?? 0
        CoreMetrics.Gauge(label: Name.outboxOldestPendingAge, factory: factory).record(age)
    }

    /// The text a Prometheus server scrapes.
    func exposition() -> String { registry.emitToString() }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
