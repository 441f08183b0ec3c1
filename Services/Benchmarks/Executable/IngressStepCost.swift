import Foundation
import Kafka
import MessengerPlatform
import Metrics
import ServiceKit

/// The CPU cost of each step the ingress performs per request, measured one step at a time on
/// this thread with the same public APIs and the same shapes of work (no profiler runs here:
/// perf is missing and valgrind 3.19 cannot read Swift 6.3's DWARF 5). The steps not reachable
/// from outside the Ingress module (its deadline wrapper, its metrics type) are rebuilt from the
/// same calls.
enum IngressStepCost {
    /// Microseconds per request of each step, for a body with `events` events.
    static func measure(events: Int, iterations: Int) async -> [(step: String, microseconds: Double)] {
        let load = EventLoad(
            pageID: "9999", appID: BenchFixture.loadAppID, topics: MessengerTopics(prefix: "bench."), runTag: "cost")
        let items = (0..<events).map {
            load.item(psid: "\(4000 + $0)", action: .message($0), timestamp: 1_458_692_752_478)
        }
        let body = load.webhook(items: items, time: 1_458_692_752_478)
        let signature = WebhookSignature.sign256(body: body, secret: BenchFixture.loadSecret)
        let topics = MessengerTopics(prefix: "bench.")
        let metrics = ServiceMetrics()
        let requestTimer = Metrics.Timer(label: "ingress_request_duration_seconds", factory: metrics.factory)
        var results: [(String, Double)] = []

        func time(_ step: String, _ body: () -> Void) {
            let start = ContinuousClock.now
            for _ in 0..<iterations { body() }
            results.append((step, (ContinuousClock.now - start).seconds / Double(iterations) * 1e6))
        }

        time("verify HMAC-SHA256 signature") {
            _ = WebhookSignature.verify(
                body: body, signature256: signature, signature1: nil, secret: BenchFixture.loadSecret, allowSHA1: false)
        }
        time("split the body into events") { _ = try? WebhookBody.split(body) }
        let split = (try? WebhookBody.split(body)) ?? []
        let record = EventRecord(item: split[0], appID: AppID(BenchFixture.loadAppID), receivedAt: 1_458_692_752_501)
        time("of which: record values (EventRecord.encoded) only") {
            for _ in 0..<events { _ = record.encoded() }
        }
        time("of which: trace ids (TraceParent.random + child per event) only") {
            let trace = TraceParent.random()
            for _ in 0..<events { _ = trace.child() }
        }
        time("of which: header fields only") {
            let trace = TraceParent.random()
            for _ in 0..<events { _ = RecordHeaders(record: record, traceparent: trace).fields }
        }
        time("make the records (JSON value, headers, traceparent)") {
            let trace = TraceParent.random()
            for item in split {
                let record = EventRecord(
                    item: item, appID: AppID(BenchFixture.loadAppID), receivedAt: 1_458_692_752_501)
                _ = KafkaProducerRecord(
                    topic: topics.topic(for: item.kind), key: Array(record.recordKey.utf8), value: record.encoded(),
                    headers: RecordHeaders(record: record, traceparent: trace.child()).fields.map {
                        KafkaHeader(key: $0.name, value: $0.value)
                    })
            }
        }
        time("metrics (request timer, status and event counters)") {
            requestTimer.record(Duration.microseconds(800))
            Counter(label: "ingress_requests_total", dimensions: [("status", "200")], factory: metrics.factory)
                .increment()
            for _ in 0..<events {
                Counter(
                    label: "ingress_events_total", dimensions: [("kind", "messages"), ("type", "message")],
                    factory: metrics.factory
                ).increment()
            }
        }
        return results
    }
}
