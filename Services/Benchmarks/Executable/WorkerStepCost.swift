import BotWorker
import Foundation
import Kafka
import MessengerPlatform
import Metrics
import ServiceKit
import WorkerKit

/// The CPU cost of the per-event steps of the worker runtime and the bot that can be called from
/// outside their modules, one step at a time on this thread (see ``IngressStepCost`` for why no
/// profiler). The keyed scheduler and the record processor are internal to WorkerKit; their share
/// is what the measured whole leaves over.
enum WorkerStepCost {
    /// Microseconds per event of each step, for a reaction (quiet) or a text message.
    static func measure(iterations: Int) -> [(step: String, microseconds: Double)] {
        let load = EventLoad(
            pageID: BenchFixture.pageID, appID: BenchFixture.botAppID, topics: MessengerTopics(prefix: "bench."),
            runTag: "cost")
        let records =
            (try? load.records(
                webhook: load.webhook(items: [load.item(psid: "u1", action: .message(3), timestamp: 1)], time: 1),
                receivedAt: 2))
            ?? []
        guard let value = records.first?.value, let decoded = try? EventRecord.decode(value) else { return [] }
        let behaviour = BotBehaviour(rules: BenchFixture.rules)
        let metrics = ServiceMetrics()
        let timer = Metrics.Timer(label: "worker_handler_duration_seconds", factory: metrics.factory)
        var results: [(String, Double)] = []

        func time(_ step: String, _ body: () -> Void) {
            let start = ContinuousClock.now
            for _ in 0..<iterations { body() }
            results.append((step, (ContinuousClock.now - start).seconds / Double(iterations) * 1e6))
        }

        time("decode the record value (EventRecord.decode)") { _ = try? EventRecord.decode(value) }
        time("typed view of the item (MessagingEvent, JSONDecoder)") { _ = try? MessagingEvent(json: decoded.event) }
        time("WorkerEvent(record:…) (both of the above's second half)") {
            _ = WorkerEvent(record: decoded, topic: "t", partition: 0, offset: 0)
        }
        let messaging = decoded.messaging
        time("bot decision (64 keyword rules)") {
            if let messaging {
                _ = behaviour.action(
                    for: BotObservation(event: messaging, isStandby: false), botAppID: AppID(BenchFixture.botAppID))
            }
        }
        time("metrics (two labelled counters made per event, a timer)") {
            Counter(
                label: "worker_events_total", dimensions: [("type", "message"), ("outcome", "handled")],
                factory: metrics.factory
            )
            .increment()
            Counter(label: "bot_actions_total", dimensions: [("action", "answer")], factory: metrics.factory)
                .increment()
            timer.record(Duration.milliseconds(1))
        }
        return results
    }
}
