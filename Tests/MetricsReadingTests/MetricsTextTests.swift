import MetricsReading
import Testing

@Suite("Metrics text")
struct MetricsTextTests {
    static let exposition = """
        # HELP worker_events_total Events by outcome.
        # TYPE worker_events_total counter
        worker_events_total{type="message",outcome="handled"} 3
        worker_events_total{type="echo",outcome="handled"} 2
        worker_events_total{type="message",outcome="retried"} 1
        worker_events_total_other 99
        worker_inflight_events 0
        odd_label{reason="a \\"quoted\\", comma}",le="x"} 7 1700000000000
        graph_call_duration_seconds_bucket{endpoint="messages",le="0.1"} 50
        graph_call_duration_seconds_bucket{endpoint="messages",le="0.2"} 90
        graph_call_duration_seconds_bucket{endpoint="messages",le="+Inf"} 100
        up +Inf
        broken{unterminated="x 1
        """

    @Test func valuesAreSummedOverMatchingSamplesAndAbsentIsNotZero() {
        let metrics = MetricsText(text: Self.exposition)
        #expect(metrics.value("worker_events_total") == 6)
        #expect(metrics.value("worker_events_total", ["outcome": "handled"]) == 5)
        #expect(metrics.value("worker_events_total", ["type": "message", "outcome": "handled"]) == 3)
        #expect(metrics.value("worker_events_total", ["outcome": "dead_lettered"]) == nil)
        #expect(metrics.sum("worker_events_total", where: ["outcome": "dead_lettered"]) == 0)
        // A longer name with the same prefix is another metric.
        #expect(metrics.value("worker_events_total_other") == 99)
        #expect(metrics.value("worker_inflight_events") == 0)
        #expect(metrics.value("up") == .infinity)
        #expect(metrics.value("broken") == nil)
    }

    @Test func labelsAreUnescapedAndTimestampsIgnored() {
        let metrics = MetricsText(text: Self.exposition)
        #expect(metrics.value("odd_label", ["reason": #"a "quoted", comma}"#]) == 7)
    }

    @Test func histogramQuantilesInterpolateWithinABucket() throws {
        let metrics = MetricsText(text: Self.exposition)
        let median = try #require(metrics.histogramQuantile("graph_call_duration_seconds", 0.5))
        #expect(abs(median - 0.1) < 1e-9)
        let p70 = try #require(metrics.histogramQuantile("graph_call_duration_seconds", 0.7))
        #expect(abs(p70 - 0.15) < 1e-9)
        #expect(metrics.histogramQuantile("graph_call_duration_seconds", 0.95) == 0.2)
        #expect(metrics.histogramQuantile("absent_seconds", 0.5) == nil)
    }
}
