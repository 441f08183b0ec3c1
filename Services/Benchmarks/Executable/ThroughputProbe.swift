import CurlHTTP
import Foundation
import MetricsReading

/// Follows a worker's progress through its `/metrics` (`worker_events_total`) until every expected
/// event is done, and measures the steady rate between 5 % and 95 % of them, so group join, warm-up
/// and the last stragglers do not count.
struct ThroughputProbe: Sendable {
    let http: CurlHTTPClient
    /// The `/metrics` URLs of every worker process in the group.
    let metricsURLs: [String]

    struct Result: Sendable {
        /// Events per second between 5 % and 95 % of the run.
        var eventsPerSecond: Double
        /// Events handled (outcome `handled`).
        var handled: Int
        /// Events finished any other way (dead-lettered, skipped as another app's, duplicate);
        /// passive events (the echoes of the bot's sends) are not counted.
        var otherOutcomes: Int
        /// From the first finished event to the last.
        var seconds: Double
        /// When the first event finished and when the last did.
        var firstDone: ContinuousClock.Instant
        var lastDone: ContinuousClock.Instant
        /// Whether every expected event finished before the timeout.
        var complete: Bool
    }

    /// Counts summed over every worker: events handled, and events finished any other way.
    func counts() async -> (handled: Int, other: Int) {
        var handled = 0.0
        var total = 0.0
        for url in metricsURLs {
            guard let response = try? await http.execute(CurlRequest(url: url, timeout: .seconds(5))),
                response.status == 200
            else { continue }
            let text = MetricsText(text: String(decoding: response.body, as: UTF8.self))
            handled += text.sum("worker_events_total", where: ["outcome": "handled"])
            total += text.sum("worker_events_total")
            // A retry is counted as an outcome too, but the event is not finished yet.
            total -= text.sum("worker_events_total", where: ["outcome": "retried"])
            // Echoes of the bot's own sends (the simulator delivers them to the ingress) are not
            // part of any load.
            total -= text.sum("worker_events_total", where: ["outcome": "skipped_passive"])
        }
        return (Int(handled), Int(total - handled))
    }

    /// Polls every `interval` until `expected` events are finished beyond the counts `before` (taken
    /// with ``counts()`` before the load started at `loadStarted`), or `timeout`.
    func follow(
        expected: Int, before: (handled: Int, other: Int) = (0, 0), loadStarted: ContinuousClock.Instant = .now,
        timeout: Duration, stall: Duration? = nil, interval: Duration = .milliseconds(50)
    ) async -> Result {
        let start = ContinuousClock.now
        // The load starts now with nothing done: a quick run still has a lower bound of its rate.
        var samples: [(at: ContinuousClock.Instant, done: Int)] = [(loadStarted, 0)]
        var last = (handled: 0, other: 0)
        while ContinuousClock.now - start < timeout {
            let counts = await counts()
            last = (counts.handled, counts.other)
            let done = counts.handled + counts.other - before.handled - before.other
            samples.append((.now, done))
            if done >= expected { break }
            // Gives up early once nothing has moved for `stall` (events lost, e.g. to the mock's
            // retention, never arrive).
            if let stall, let lastMove = samples.last(where: { $0.done != done })?.at,
                ContinuousClock.now - lastMove > stall
            {
                break
            }
            try? await Task.sleep(for: interval)
        }
        let done = samples.last?.done ?? 0
        func firstReaching(_ count: Double) -> ContinuousClock.Instant? {
            samples.first { Double($0.done) >= count }?.at
        }
        let low = max(1, Double(expected) * 0.05)
        let high = Double(expected) * 0.95
        var rate = 0.0
        if let lowAt = firstReaching(low), let highAt = firstReaching(high), highAt > lowAt {
            let lowCount = samples.first { $0.at == lowAt }!.done
            let highCount = samples.first { $0.at == highAt }!.done
            rate = Double(highCount - lowCount) / (highAt - lowAt).seconds
        } else if let lastIdle = samples.last(where: { $0.done <= 0 })?.at, let end = firstReaching(Double(done)),
            end > lastIdle
        {
            // Too quick for the window (a tiny run): everything over at most the time since the
            // last sample that saw nothing done, a lower bound of the rate.
            rate = Double(done) / (end - lastIdle).seconds
        }
        let first = firstReaching(1) ?? start
        let lastAt = firstReaching(Double(done)) ?? .now
        return Result(
            eventsPerSecond: rate, handled: last.handled - before.handled, otherOutcomes: last.other - before.other,
            seconds: (lastAt - first).seconds, firstDone: first, lastDone: lastAt, complete: done >= expected)
    }
}
