import SimulatorClient
import Synchronization

/// Counters behind `GET /_sim/stats` and `/metrics`: Graph calls per endpoint, connections, webhook
/// attempts. Thread-safe; every update is a short critical section.
final class SimulatorStats: Sendable {
    private struct Counts: Sendable {
        var graphCalls: [String: Int] = [:]
        var graphErrors: [String: Int] = [:]
        var injectedFaults: [String: Int] = [:]
        var connectionsOpened = 0
        var graphClientEndpoints: Set<String> = []
        var webhookAttempts = 0
        var webhookDelivered = 0
        var webhookFailed = 0
        var webhookRetries = 0
    }

    private let counts = Mutex(Counts())

    /// A Graph call reached `endpoint` from the client at `remote` (address and port).
    func graphCall(_ endpoint: SimulatedEndpoint, remote: String?) {
        counts.withLock {
            $0.graphCalls[endpoint.rawValue, default: 0] += 1
            if let remote { $0.graphClientEndpoints.insert(remote) }
        }
    }

    /// A Graph call was answered with an error (injected or by a rule).
    func graphError(_ endpoint: SimulatedEndpoint, injected: Bool) {
        counts.withLock {
            $0.graphErrors[endpoint.rawValue, default: 0] += 1
            if injected { $0.injectedFaults[endpoint.rawValue, default: 0] += 1 }
        }
    }

    /// The server accepted a TCP connection.
    func connectionOpened() {
        counts.withLock { $0.connectionsOpened += 1 }
    }

    /// One webhook POST finished with `status` (nil: no answer); `final` when it was the last one.
    func webhookAttempt(success: Bool, isRetry: Bool, gaveUp: Bool) {
        counts.withLock {
            $0.webhookAttempts += 1
            if isRetry { $0.webhookRetries += 1 }
            if success { $0.webhookDelivered += 1 }
            if gaveUp { $0.webhookFailed += 1 }
        }
    }

    /// Clears the Graph and webhook counters (connections stay: they are facts about sockets).
    func reset() {
        counts.withLock { counts in
            let connections = counts.connectionsOpened
            counts = Counts()
            counts.connectionsOpened = connections
        }
    }

    /// The `GET /_sim/stats` document.
    var view: SimulatorStatsView {
        let snapshot = counts.withLock { $0 }
        return SimulatorStatsView(
            graphCalls: snapshot.graphCalls, graphErrors: snapshot.graphErrors, injectedFaults: snapshot.injectedFaults,
            connectionsOpened: snapshot.connectionsOpened,
            graphClientConnections: snapshot.graphClientEndpoints.count,
            webhooks: .init(
                attempts: snapshot.webhookAttempts, retries: snapshot.webhookRetries,
                delivered: snapshot.webhookDelivered, failed: snapshot.webhookFailed))
    }

    /// Prometheus text for `/metrics`.
    var prometheusText: String {
        let snapshot = counts.withLock { $0 }
        var lines: [String] = [
            "# TYPE simulator_graph_calls_total counter"
        ]
        for key in snapshot.graphCalls.keys.sorted() {
            lines.append("simulator_graph_calls_total{endpoint=\"\(key)\"} \(snapshot.graphCalls[key]!)")
        }
        lines.append("# TYPE simulator_graph_errors_total counter")
        for key in snapshot.graphErrors.keys.sorted() {
            lines.append("simulator_graph_errors_total{endpoint=\"\(key)\"} \(snapshot.graphErrors[key]!)")
        }
        lines += [
            "# TYPE simulator_connections_opened_total counter",
            "simulator_connections_opened_total \(snapshot.connectionsOpened)",
            "# TYPE simulator_webhook_attempts_total counter",
            "simulator_webhook_attempts_total \(snapshot.webhookAttempts)",
            "# TYPE simulator_webhook_deliveries_total counter",
            "simulator_webhook_deliveries_total{outcome=\"delivered\"} \(snapshot.webhookDelivered)",
            "simulator_webhook_deliveries_total{outcome=\"failed\"} \(snapshot.webhookFailed)",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}
