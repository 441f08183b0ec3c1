import CurlHTTP
import Foundation
import Kafka
import Launcher
import LocalStack
import Logging
import MessengerPlatform
import MetricsReading
import ServiceKit
import SimulatorClient

/// Items 4, 5 and 6 on the system as separate processes (``BenchStack``):
///
/// - the item-2 and item-3 loads again, now against the ingress and bot-worker processes, so their
///   memory is measured under load (item 5), and the item-3 rate of one worker process (item 6);
/// - item 4: webhooks posted to the ingress at a steady rate, timed to the Send that answers each
///   one reaching the simulator (its transcript);
/// - item 5: idle (after start) and peak (`VmHWM`) resident memory of every process;
/// - item 6: a second worker joins the group; the item-3 load again; then one worker is killed
///   with SIGKILL mid-load and the survivor's takeover is timed.
struct StackBenchmark {
    let size: BenchSize
    let executables: String
    let report: BenchReport
    let logger: Logger
    /// Extra environment for the worker processes (experiments, e.g. `KAFKA_PROPERTY_*`).
    var workerEnvironment: [String: String] = [:]
    /// A second, shorter pass with other worker settings: only the figures those settings
    /// move (worker memory, end-to-end latency, and the item-3 rate they must not lower), each
    /// labelled with this name. No scaling.
    var variant: String?

    let concurrency = 64
    let graphLatencyMilliseconds = 50
    let partitions = 16
    var threadCount: Int { size == .tiny ? 50 : 1_000 }
    var perThread: Int { size == .tiny ? 4 : 16 }
    var sessionTimeoutMilliseconds: Int { size == .tiny ? 3_000 : 6_000 }

    func run() async throws {
        let folder = NSTemporaryDirectory() + "handover-bench-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let http = CurlHTTPClient(configuration: .init(maxConnectionsPerHost: 64, defaultTimeout: .seconds(10)))
        defer { http.shutdown() }
        let interrupts = InterruptGuard()
        defer { interrupts.cancel() }
        let stack = BenchStack(
            folder: folder, executables: executables, http: http, partitions: partitions,
            sessionTimeoutMilliseconds: sessionTimeoutMilliseconds)
        stack.workerEnvironment = workerEnvironment
        print(
            "stack\(suffix): starting devbroker, simulator, ingress and a bot worker as processes (logs in \(folder))")
        do {
            try await stack.start()
            try await measure(stack, http: http)
        } catch {
            report.note("stack: failed (\(error)); service logs in \(folder)")
            await stack.stop()
            throw error
        }
        await stack.stop()
    }

    private func measure(_ stack: BenchStack, http: CurlHTTPClient) async throws {
        let control = SimulatorClient(baseURL: stack.simulatorURL, http: http)
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(bootstrapServers: stack.brokers, messageTimeout: .seconds(30)),
            logger: logger)
        let topics = MessengerTopics()

        // Idle: started, joined, nothing to do yet.
        let idleSeconds = size == .tiny ? 1.0 : 3.0
        let idleCPU = stack.services.map { processCPUSeconds(pid: $0.pid) }
        try await Task.sleep(for: .seconds(idleSeconds))
        report.note(
            "stack\(suffix): idle CPU, % of a core: "
                + zip(stack.services, idleCPU).map {
                    String(format: "%@ %.1f", $0.0.name, 100 * (processCPUSeconds(pid: $0.0.pid) - $0.1) / idleSeconds)
                }.joined(separator: ", "))
        var idle: [String: ProcessMemory] = [:]
        for service in stack.services { idle[service.name] = service.memory }

        // Peak memory after each phase tells which load raised it.
        var phases: [(String, [String: Double])] = []
        func notePeaks(_ phase: String) {
            var peaks: [String: Double] = [:]
            for service in stack.services { if let memory = service.memory { peaks[service.name] = memory.peakMiB } }
            phases.append((phase, peaks))
        }
        notePeaks("idle")

        // The item-2 load against the ingress process (the bot skips the load app's records).
        try await ingressLoad(stack, http: http)
        notePeaks("after the ingress load")

        // The item-3 load against one worker process.
        let one = try await conversationLoad(
            stack, control: control, producer: producer, topics: topics, name: "one", threads: threadCount)
        report.add(
            BenchRow(
                stage: variant == nil ? "6 scaling" : "3 worker",
                metric: "one worker process: events/s, item-3 load" + suffix,
                measured: one.rate, baseline: Double(concurrency) / (Double(graphLatencyMilliseconds) / 1000),
                unit: "ev/s",
                goal: "(baseline: concurrency ÷ 50 ms)"))

        notePeaks("after the item-3 load")

        // Item 4.
        try await endToEnd(stack, control: control, http: http, topics: topics)
        notePeaks("after end to end")
        for service in stack.services {
            report.note(
                "memory: \(service.name) peak RSS by phase: "
                    + phases.map { String(format: "%@ %.0f MiB", $0.0, $0.1[service.name] ?? 0) }.joined(
                        separator: ", "))
        }
        if !stack.workerEnvironment.isEmpty {
            report.note(
                "memory: workers ran with \(stack.workerEnvironment.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " "))"
            )
        }

        // Item 5: peaks over items 2–4 and the idle figures.
        for service in stack.services {
            guard let now = service.memory else { continue }
            if variant != nil {
                if service.name.hasPrefix("bot-worker") {
                    report.add(
                        BenchRow(
                            stage: "5 memory", metric: "bot-worker peak RSS (items 2–4)" + suffix,
                            measured: now.peakMiB,
                            baseline: 100, unit: "MiB", goal: "≤ 100 MiB (baseline: the budget)", lowerIsBetter: true))
                }
                continue
            }
            let label = service.name.hasPrefix("bot-worker") ? "bot-worker" : service.name
            report.add(
                BenchRow(
                    stage: "5 memory", metric: "\(label) peak RSS (items 2–4)", measured: now.peakMiB, baseline: 100,
                    unit: "MiB", goal: "≤ 100 MiB (baseline: the budget)", lowerIsBetter: true))
            if let before = idle[service.name] {
                report.add(
                    BenchRow(
                        stage: "5 memory", metric: "\(label) idle RSS (started, before load)",
                        measured: before.residentMiB,
                        baseline: 100, unit: "MiB", goal: "(budget 100 MiB)", lowerIsBetter: true))
            }
            report.note(String(format: "memory: %@ RSS now %.1f MiB (after the loads)", service.name, now.residentMiB))
        }

        // Item 6.
        if variant == nil {
            try await scaling(stack, control: control, producer: producer, topics: topics, one: one.rate)
        }
        await producer.shutdown()
    }

    /// The worker settings the second pass measures: a bounded prefetch queue (librdkafka keeps up
    /// to `queued.max.messages.kbytes` per partition) and a shorter `fetch.wait.max.ms` (the mock
    /// answers a waiting fetch only when it expires).
    /// The second pass's worker settings: the mock broker answers an idle fetch only at
    /// `fetch.wait.max.ms`, so the wait is most of an event's time in Kafka there.
    static let secondPassSettings = ["KAFKA_PROPERTY_FETCH_WAIT_MAX_MS": "2"]

    /// Appended to row names of a variant pass.
    private var suffix: String { variant.map { " [\($0)]" } ?? "" }

    /// `fetch.wait.max.ms` the workers run with.
    private var fetchWaitMax: String { workerEnvironment["KAFKA_PROPERTY_FETCH_WAIT_MAX_MS"] ?? "10" }

    // MARK: Item 2 load on the process

    private func ingressLoad(_ stack: BenchStack, http: CurlHTTPClient) async throws {
        guard let wrk = IngressBenchmark.which("wrk") else {
            report.note("stack: ingress load skipped, `wrk` is not installed")
            return
        }
        let probe = ThroughputProbe(http: http, metricsURLs: stack.workerMetricsURLs)
        let load = EventLoad(
            pageID: BenchFixture.pageID, appID: BenchFixture.loadAppID, topics: MessengerTopics(), runTag: "wrk")
        if variant == nil {
            // One webhook at a time: a request's records spread over partitions meet the development
            // broker's sockets (Nagle on; see item 1).
            var sequential: [Int: Double] = [:]
            for events in [1, 10] {
                var samples: [Double] = []
                for round in 0..<(size == .tiny ? 5 : 20) {
                    let items = (0..<events).map {
                        load.item(psid: "seq\(round)x\($0)", action: .message($0), timestamp: 1_458_692_752_478)
                    }
                    let body = load.webhook(items: items, time: 1_458_692_752_478)
                    let request = EventLoad.signedPost(
                        body, to: stack.ingressURL + "/webhook/\(BenchFixture.loadAppID)",
                        secret: BenchFixture.loadSecret)
                    let start = ContinuousClock.now
                    _ = try await http.execute(request)
                    samples.append((ContinuousClock.now - start).seconds * 1000)
                }
                sequential[events] = percentile(Array(samples.dropFirst()), 50)
            }
            report.add(
                BenchRow(
                    stage: "2 ingress", metric: "one webhook at a time to the ingress process, 10 events, p50",
                    measured: sequential[10] ?? 0, baseline: sequential[1], unit: "ms",
                    goal: "(evidence: devbroker as shipped; baseline: 1 event)", lowerIsBetter: true))
        }
        for events in [1, 10] {
            let items = (0..<events).map {
                load.item(psid: "w\($0)", action: .message($0), timestamp: 1_458_692_752_478)
            }
            // At most 20,000 events (wrk's two threads stop after half each), so that the worker,
            // which reads and skips all of them, finds them within the mock's ~5 MB per partition
            // and the later loads do not wait behind a backlog the mock has dropped.
            let script = try IngressBenchmark.luaScript(
                body: load.webhook(items: items, time: 1_458_692_752_478), secret: BenchFixture.loadSecret,
                maxRequestsPerThread: size == .tiny ? nil : 10_000 / events)
            defer { try? FileManager.default.removeItem(atPath: script) }
            let seconds = size == .tiny ? 1 : (events == 1 ? 3 : 2)
            let before = await probe.counts()
            let cpuBefore = processCPUSeconds(pid: stack.ingress.pid)
            let result = try IngressBenchmark.runWrk(
                wrk: wrk, script: script, url: stack.ingressURL + "/webhook/\(BenchFixture.loadAppID)",
                seconds: seconds,
                connections: 64)
            let cpu = processCPUSeconds(pid: stack.ingress.pid) - cpuBefore
            let requests = IngressBenchmark.requestCount(result.text)
            report.note(
                String(
                    format:
                        "stack: ingress process under wrk -c64, %d event(s)/request: %d requests, %.0f µs CPU/request in the ingress process",
                    events, requests, requests > 0 ? cpu / Double(requests) * 1e6 : 0))
            // Let the worker read (and skip) what the load wrote before anything else is measured;
            // requests wrk counted are at least what was written (some may be answered after it stopped).
            let written =
                (requests
                    - (Int(IngressBenchmark.firstMatch(in: result.text, after: "Non-2xx or 3xx responses:") ?? "0") ?? 0))
                * events
            let drained = await probe.follow(
                expected: written, before: before, timeout: .seconds(90), stall: .seconds(3))
            if !drained.complete {
                report.note(
                    "stack\(suffix): the worker read \(drained.handled + drained.otherOutcomes) of the \(written) events the ingress "
                        + "load wrote; the rest were past the mock broker's ~5 MB per partition when it got there")
            }
        }
    }

    // MARK: Item 3 load on processes

    struct LoadResult {
        var rate: Double
        var psids: [String]
    }

    /// `threads` × ``perThread`` answered messages with 50 ms per Graph call, written to Kafka,
    /// followed through every running worker's metrics.
    private func conversationLoad(
        _ stack: BenchStack, control: SimulatorClient, producer: KafkaProducer, topics: MessengerTopics,
        name: String, threads: Int
    ) async throws -> LoadResult {
        let psids = (0..<threads).map { "\(name)-u\($0)" }
        let load = EventLoad(pageID: BenchFixture.pageID, appID: BenchFixture.botAppID, topics: topics, runTag: name)
        let records = try load.conversationRecords(threads: psids, perThread: perThread) { .message($0) }
        try await control.createThreads(psids)
        try await control.setGraphLatency(milliseconds: graphLatencyMilliseconds)
        let probe = ThroughputProbe(http: stack.http, metricsURLs: stack.workerMetricsURLs)
        let before = await probe.counts()
        print("stack (\(name)): \(records.count) events to \(stack.workerMetricsURLs.count) worker process(es)")
        let workers = stack.workers.filter { $0.service.isRunning }.map(\.service)
        let cpuBefore = workers.map { processCPUSeconds(pid: $0.pid) }.reduce(0, +)
        let simulatorBefore = processCPUSeconds(pid: stack.simulator.pid)
        let loadStarted = ContinuousClock.now
        try await EventLoad.produce(records, producer: producer)
        let result = await probe.follow(
            expected: records.count, before: before, loadStarted: loadStarted, timeout: .seconds(180))
        let workerCPU = workers.map { processCPUSeconds(pid: $0.pid) }.reduce(0, +) - cpuBefore
        let simulatorCPU = processCPUSeconds(pid: stack.simulator.pid) - simulatorBefore
        report.note(
            String(
                format: "stack (%@): %.0f ev/s; CPU per event: bot worker process(es) %.0f µs, simulator %.0f µs",
                name, result.eventsPerSecond, workerCPU / Double(records.count) * 1e6,
                simulatorCPU / Double(records.count) * 1e6))
        let sends = try await control.sends(of: psids)
        let order = BenchFixture.threadsInOrder(sends, psids: psids, perThread: perThread)
        if order.inOrder < threads || !result.complete {
            report.note(
                "stack (\(name)): \(order.inOrder)/\(threads) threads answered in order, \(order.missing) answers missing, \(order.duplicates) duplicated"
            )
        }
        return LoadResult(rate: result.eventsPerSecond, psids: psids)
    }

    // MARK: Item 4

    private func endToEnd(
        _ stack: BenchStack, control: SimulatorClient, http: CurlHTTPClient, topics: MessengerTopics
    ) async throws {
        let rate = 200.0
        let seconds = size == .tiny ? 1.0 : 30.0
        let total = Int(rate * seconds)
        let perThread = min(BenchFixture.numberedAnswers, 16)
        let threads = (total + perThread - 1) / perThread
        let psids = (0..<threads).map { "e2e-u\($0)" }
        try await control.createThreads(psids)
        try await control.setGraphLatency(milliseconds: 0)
        let load = EventLoad(pageID: BenchFixture.pageID, appID: BenchFixture.botAppID, topics: topics, runTag: "e2e")
        let probe = ThroughputProbe(http: http, metricsURLs: stack.workerMetricsURLs)
        let before = await probe.counts()
        let metricsBefore = await Self.scrape(http, stack.workers[0].url)
        let url = stack.ingressURL + "/webhook/\(BenchFixture.botAppID)"
        print("e2e: \(total) webhooks at \(Int(rate))/s to the ingress, each answered by one Send")

        struct Posted: Sendable {
            var psid: String
            var k: Int
            var postedAt: Double
            var ackMilliseconds: Double
            var status: Int
        }
        let posted = ResultBox<[Posted]>([])
        let start = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            for n in 0..<total {
                try? await Task.sleep(until: start + .seconds(Double(n) / rate), clock: .continuous)
                let psid = psids[n % threads]
                let k = n / threads
                group.addTask {
                    let now = Date().timeIntervalSince1970 * 1000
                    let body = load.webhook(
                        items: [load.item(psid: psid, action: .message(k), timestamp: Int64(now))], time: Int64(now))
                    let request = EventLoad.signedPost(body, to: url, secret: BenchFixture.botSecret)
                    let postedAt = Date().timeIntervalSince1970 * 1000
                    let sent = ContinuousClock.now
                    let status = (try? await http.execute(request))?.status ?? 0
                    let ack = (ContinuousClock.now - sent).seconds * 1000
                    posted.update {
                        $0.append(Posted(psid: psid, k: k, postedAt: postedAt, ackMilliseconds: ack, status: status))
                    }
                }
            }
        }
        let sendingSeconds = (ContinuousClock.now - start).seconds
        let accepted = posted.value.filter { $0.status == 200 }
        _ = await probe.follow(expected: accepted.count, before: before, timeout: .seconds(60))
        let sends = try await control.sends(of: psids)
        var latencies: [Double] = []
        var missing = 0
        for post in accepted {
            guard let send = sends[post.psid]?.first(where: { $0.text == BenchFixture.reply(post.k) }) else {
                missing += 1
                continue
            }
            latencies.append(Double(send.at) - post.postedAt)
        }
        let acks = accepted.map(\.ackMilliseconds)
        let p50 = percentile(latencies, 50)
        let p99 = percentile(latencies, 99)
        report.add(
            BenchRow(
                stage: "4 e2e", metric: "webhook POST → Send at the simulator, p99 (\(Int(rate))/s)" + suffix,
                measured: p99,
                baseline: 50, unit: "ms", goal: "< 50 ms (baseline: the goal)", lowerIsBetter: true))
        report.add(
            BenchRow(
                stage: "4 e2e", metric: "webhook POST → Send, p50" + suffix, measured: p50, baseline: nil, unit: "ms",
                goal: ""))
        report.add(
            BenchRow(
                stage: "4 e2e", metric: "webhook POST → Send, max" + suffix, measured: latencies.max() ?? 0,
                baseline: nil,
                unit: "ms", goal: ""))
        if variant == nil {
            report.add(
                BenchRow(
                    stage: "4 e2e", metric: "of which ingress POST → 200 (acks=all), p50",
                    measured: percentile(acks, 50),
                    baseline: nil, unit: "ms", goal: String(format: "p99 %.2f ms", percentile(acks, 99))))
        }
        let breakdown = String(
            format: "e2e: %d webhooks in %.1f s (%.0f/s offered), %d answered 200, %d Sends matched, %d missing",
            total, sendingSeconds, Double(total) / sendingSeconds, accepted.count, latencies.count, missing)
        let metricsAfter = await Self.scrape(http, stack.workers[0].url)
        func mean(_ name: String) -> Double {
            let count = metricsAfter.sum(name + "_count") - metricsBefore.sum(name + "_count")
            return count > 0 ? (metricsAfter.sum(name + "_sum") - metricsBefore.sum(name + "_sum")) / count * 1000 : 0
        }
        let handler = mean("worker_handler_duration_seconds")
        let call = mean("graph_call_duration_seconds")
        let ackMean = acks.reduce(0, +) / Double(max(1, acks.count))
        let e2eMean = latencies.reduce(0, +) / Double(max(1, latencies.count))
        report.add(
            BenchRow(
                stage: "4 e2e", metric: "mean: webhook POST → Send" + suffix, measured: e2eMean, baseline: nil,
                unit: "ms", goal: "(the parts below are means over this phase)"))
        report.add(
            BenchRow(
                stage: "4 e2e", metric: "mean: of which ingress POST → 200 (acks=all)" + suffix, measured: ackMean,
                baseline: nil, unit: "ms", goal: "linger.ms 1"))
        report.add(
            BenchRow(
                stage: "4 e2e", metric: "mean: of which the bot's handler (one Send)" + suffix, measured: handler,
                baseline: nil, unit: "ms", goal: String(format: "Graph call mean %.2f ms", call)))
        report.add(
            BenchRow(
                stage: "4 e2e", metric: "mean: of which Kafka to the worker's handler (rest)" + suffix,
                measured: e2eMean - ackMean - handler, baseline: nil, unit: "ms",
                goal: "fetch.wait.max.ms \(fetchWaitMax)"))
        report.note(breakdown)
    }

    static func scrape(_ http: CurlHTTPClient, _ url: String) async -> MetricsText {
        let response = try? await http.execute(CurlRequest(url: url + "/metrics"))
        return MetricsText(text: response.map { String(decoding: $0.body, as: UTF8.self) } ?? "")
    }

    // MARK: Item 6

    private func scaling(
        _ stack: BenchStack, control: SimulatorClient, producer: KafkaProducer, topics: MessengerTopics, one: Double
    ) async throws {
        let first = stack.workers[0].service
        let joinStart = ContinuousClock.now
        let joinLog = LogFollower.fromEnd(of: first.logURL)
        let second = try await stack.startWorker()
        // The first member's new (halved) assignment ends the rebalance the join caused.
        let assigned = try? await joinLog.waitForLine(timeout: .seconds(60), child: first) {
            $0.contains("Kafka partitions assigned")
        }
        if let assigned {
            report.note(
                String(
                    format: "scaling: a second worker joining took %.1f s until both were assigned",
                    (assigned.at - joinStart).seconds))
        }
        let two = try await conversationLoad(
            stack, control: control, producer: producer, topics: topics, name: "two", threads: threadCount)
        report.add(
            BenchRow(
                stage: "6 scaling", metric: "two worker processes vs one: events/s", measured: two.rate, baseline: one,
                unit: "ev/s", goal: "ratio ≈ 2 (each adds its concurrency)"))

        // Kill one mid-load; time the survivor's takeover.
        let psids = (0..<threadCount).map { "kill-u\($0)" }
        let load = EventLoad(pageID: BenchFixture.pageID, appID: BenchFixture.botAppID, topics: topics, runTag: "kill")
        let records = try load.conversationRecords(threads: psids, perThread: perThread) { .message($0) }
        try await control.createThreads(psids)
        let probe = ThroughputProbe(http: stack.http, metricsURLs: stack.workerMetricsURLs)
        let before = await probe.counts()
        try await EventLoad.produce(records, producer: producer)
        _ = await probe.follow(expected: records.count / 5, before: before, timeout: .seconds(60))
        let killLog = LogFollower.fromEnd(of: first.logURL)
        let killedAt = ContinuousClock.now
        let killedAtWall = Date().timeIntervalSince1970 * 1000
        second.service.send(SIGKILL)
        print("scaling: SIGKILL to \(second.service.name)")
        let everything = 4 * partitions
        let takeover = try? await killLog.waitForLine(timeout: .seconds(90), child: first) { line in
            line.contains("Kafka partitions assigned") && line.components(separatedBy: "[").count - 1 >= everything
        }
        if let takeover {
            report.add(
                BenchRow(
                    stage: "6 scaling", metric: "SIGKILL → survivor assigned every partition",
                    measured: (takeover.at - killedAt).seconds,
                    baseline: Double(sessionTimeoutMilliseconds) / 1000, unit: "s",
                    goal: "(baseline: session.timeout.ms)", lowerIsBetter: true))
        } else {
            report.note("scaling: the survivor did not log a full assignment within 90 s of the kill")
        }
        // Wait until every event is answered (the survivor re-reads what the killed one had not committed).
        let deadline = ContinuousClock.now + .seconds(120)
        var sends: [String: [TranscriptLine]] = [:]
        var order = (inOrder: 0, duplicates: 0, missing: records.count)
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: .seconds(1))
            sends = try await control.sends(of: psids)
            order = BenchFixture.threadsInOrder(sends, psids: psids, perThread: perThread)
            if order.missing == 0 { break }
        }
        let after = sends.values.flatMap { $0 }.map(\.at).filter { Double($0) >= killedAtWall - 1_000 }.sorted()
        var gap = 0.0
        var previous = killedAtWall
        for at in after where Double(at) >= killedAtWall {
            gap = max(gap, Double(at) - previous)
            previous = Double(at)
        }
        report.add(
            BenchRow(
                stage: "6 scaling", metric: "longest pause in Sends after the kill", measured: gap / 1000,
                baseline: nil,
                unit: "s", goal: "(no Send while the group rebalances)"))
        report.add(
            BenchRow(
                stage: "6 scaling", metric: "answers sent twice after the kill\(suffix)",
                measured: Double(order.duplicates), baseline: nil, unit: "answers",
                goal: "0 (the survivor reads ahead to the echoes of what the killed worker sent)"))
        report.note(
            "scaling: after the kill \(order.missing) answers missing, \(order.duplicates) sent twice "
                + "(records the killed worker handled but had not committed are handled again; their sends are "
                + "skipped when the echoes were in Kafka at the reassignment)")
    }
}
