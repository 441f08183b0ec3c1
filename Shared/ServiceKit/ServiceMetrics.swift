import Metrics
import Prometheus

/// One service's metrics: its own Prometheus registry and a swift-metrics factory over it.
///
/// Each service owns one instead of bootstrapping the global `MetricsSystem`, so several services
/// can run in one test process without sharing counters. Modules take ``factory`` and create
/// `Counter`, `Timer` and `Gauge` values with it; `/metrics` renders ``registry``.
public struct ServiceMetrics: Sendable {
    /// The registry `/metrics` exposes.
    public let registry: PrometheusCollectorRegistry
    /// A swift-metrics factory writing into ``registry``.
    public let factory: PrometheusMetricsFactory

    /// A fresh registry, with latency buckets from 0.25 ms to 30 s: produce acknowledgements on a
    /// local broker take well under a millisecond, and Graph calls can take seconds.
    public init() {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
            .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
            .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30),
        ]
        self.registry = registry
        self.factory = factory
    }

    /// The Prometheus text exposition of every metric.
    public func exposition() -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(4096)
        registry.emit(into: &buffer)
        return buffer
    }
}
