import Metrics
import Synchronization

/// `graph_calls_total{endpoint,outcome}` (every attempt) and
/// `graph_call_duration_seconds{endpoint}`, created through an explicit factory so several
/// services in one process keep separate registries.
final class GraphCallMetrics: Sendable {
    private let factory: any MetricsFactory
    private let durations: [GraphEndpoint: Metrics.Timer]
    private let counters = Mutex([String: Counter]())

    init(factory: any MetricsFactory) {
        self.factory = factory
        var durations: [GraphEndpoint: Metrics.Timer] = [:]
        for endpoint in GraphEndpoint.allCases {
            durations[endpoint] = Metrics.Timer(
                label: "graph_call_duration_seconds", dimensions: [("endpoint", endpoint.rawValue)],
                preferredDisplayUnit: .seconds, factory: factory)
        }
        self.durations = durations
    }

    /// Counts one attempt of `endpoint` that ended with `outcome` (`success`, `retried` or an
    /// error kind's label) and records how long it took.
    func record(_ endpoint: GraphEndpoint, outcome: String, duration: Duration) {
        durations[endpoint]?.recordNanoseconds(duration.totalNanoseconds)
        let key = endpoint.rawValue + "|" + outcome
        let counter = counters.withLock { counters in
            if let existing = counters[key] { return existing }
            let created = Counter(
                label: "graph_calls_total", dimensions: [("endpoint", endpoint.rawValue), ("outcome", outcome)],
                factory: factory)
            counters[key] = created
            return created
        }
        counter.increment()
    }
}
