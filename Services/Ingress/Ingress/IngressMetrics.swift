import MessengerPlatform
import Metrics
import ServiceKit
import Synchronization

/// The ingress's metrics, created once over the service's own factory.
final class IngressMetrics: Sendable {
    private let factory: any MetricsFactory
    private let requestDuration: Metrics.Timer
    private let produceDuration: Metrics.Timer
    private let inflight: Gauge
    private let inflightCount = Atomic<Int>(0)
    private let dlqRecords: Counter

    init(factory: any MetricsFactory) {
        self.factory = factory
        requestDuration = Metrics.Timer(label: "ingress_request_duration_seconds", factory: factory)
        produceDuration = Metrics.Timer(label: "ingress_produce_duration_seconds", factory: factory)
        inflight = Gauge(label: "ingress_inflight_requests", factory: factory)
        dlqRecords = Counter(label: "ingress_dlq_records_total", factory: factory)
        inflight.record(0)
    }

    func requestStarted() {
        inflight.record(inflightCount.add(1, ordering: .relaxed).newValue)
    }

    func requestFinished(status: Int, duration: Duration) {
        inflight.record(inflightCount.subtract(1, ordering: .relaxed).newValue)
        requestDuration.record(duration)
        Counter(label: "ingress_requests_total", dimensions: [("status", String(status))], factory: factory).increment()
    }

    func produced(duration: Duration) {
        produceDuration.record(duration)
    }

    func event(kind: EventKind, type: EventType) {
        Counter(
            label: "ingress_events_total", dimensions: [("kind", kind.rawValue), ("type", type.rawValue)],
            factory: factory
        ).increment()
    }

    func signatureFailure(reason: String) {
        Counter(label: "ingress_signature_failures_total", dimensions: [("reason", reason)], factory: factory)
            .increment()
    }

    /// A request refused or diverted before its events were published, by reason
    /// (`unknown_app`, `body_budget`, `too_many_items`, `unstorable`).
    func rejected(reason: String) {
        Counter(label: "ingress_rejected_total", dimensions: [("reason", reason)], factory: factory).increment()
    }

    func deadLettered() {
        dlqRecords.increment()
    }
}
