import CurlHTTP
import Foundation
import HTTPTypes
import Hummingbird
import Ingress
import Kafka
import KafkaBaseline
import KafkaMockCluster
import Logging
import MessengerPlatform
import MetricsReading
import NIOCore
import ServiceKit
import ServiceLifecycle
import Synchronization

/// Item 2: the ingress (verify, split, produce, answer after acks) against the same HTTP stack
/// answering 200 on the same route with nothing behind it, both under `wrk` at concurrency 64.
///
/// Durability is checked, not assumed: the records the broker holds after a run (the topic's end
/// offsets) must cover every request answered 200. CPU is split by thread (HTTP event loops, Swift
/// tasks, librdkafka, the in-process broker) and wrk's own CPU is measured apart.
struct IngressBenchmark {
    let size: BenchSize
    let report: BenchReport
    let logger: Logger
    /// `linger.ms` of the ingress's producer and the step producer; `nil` keeps the default (1).
    var lingerMilliseconds: Int?

    static let appID = BenchFixture.loadAppID
    static let secret = BenchFixture.loadSecret
    static let partitions: Int32 = 32

    func run() async throws {
        guard let wrk = Self.which("wrk") else {
            report.note("ingress: skipped, `wrk` is not installed (apt-get install wrk)")
            return
        }
        let cluster = try MockCluster(brokers: 1, logger: logger)
        defer { cluster.close() }
        let topics = MessengerTopics(prefix: "bench.")
        try cluster.createTopics(topics.allTopics, partitions: Self.partitions)

        var configuration = IngressConfiguration(
            apps: [MessengerApp(id: Self.appID, secret: Secret(Self.secret))],
            kafka: KafkaConfiguration(bootstrapServers: cluster.bootstrapServers))
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.topics = topics
        if let lingerMilliseconds { configuration.kafka.properties["linger.ms"] = String(lingerMilliseconds) }
        let ingressPort = PortBox()
        // Named, so the producer's poll thread is told apart from the Swift tasks.
        let ingress = try ThreadName.creating("ingress-kafka") {
            try buildApplication(configuration: configuration, logger: logger) { ingressPort.set($0) }
        }
        let baselinePort = PortBox()
        let baseline = Self.bareApplication { baselinePort.set($0) }
        // Two steps between the bare server and the ingress, to split the gap: the bare route plus
        // one awaited produce of the body (the ingress's producer settings), with and without the
        // ingress's answer deadline (`send(_:answerWithin:)`).
        let stepProducer = try ThreadName.creating("step-kafka") {
            try KafkaProducer(
                configuration: KafkaProducerConfiguration(
                    bootstrapServers: cluster.bootstrapServers, messageTimeout: .seconds(3),
                    linger: .milliseconds(lingerMilliseconds ?? 1)),
                logger: logger)
        }
        let producePort = PortBox()
        let produceOnly = Self.produceApplication(producer: stepProducer, topic: topics.messages, deadline: false) {
            producePort.set($0)
        }
        let deadlinePort = PortBox()
        let produceDeadline = Self.produceApplication(producer: stepProducer, topic: topics.messages, deadline: true) {
            deadlinePort.set($0)
        }
        let group = ServiceGroup(
            services: [ingress, baseline, produceOnly, produceDeadline], gracefulShutdownSignals: [], logger: logger)
        let task = Task { try await group.run() }
        defer { task.cancel() }
        let ports = (await ingressPort.value(), await baselinePort.value())
        let stepPorts = (await producePort.value(), await deadlinePort.value())
        let http = CurlHTTPClient()
        defer { http.shutdown() }

        // The first webhook after start: its topic's metadata is not known to the producer yet.
        let first = try await Self.postOnce(http: http, port: ports.0, topics: topics)
        let second = try await Self.postOnce(http: http, port: ports.0, topics: topics)
        report.add(
            BenchRow(
                stage: "2 ingress", metric: "first webhook after start (new topic metadata)", measured: first,
                baseline: second, unit: "ms", goal: "(evidence; baseline: the second webhook)", lowerIsBetter: true))

        let duration = size == .tiny ? 1 : 10
        var bareOneEvent: Double?
        for events in [1, 10] {
            let load = EventLoad(pageID: "9999", appID: Self.appID, topics: topics, runTag: "ingress")
            let items = (0..<events).map {
                load.item(psid: "\(4000 + $0)", action: .message($0), timestamp: 1_458_692_752_478)
            }
            let body = load.webhook(items: items, time: 1_458_692_752_478)
            let script = try Self.luaScript(body: body, secret: Self.secret)
            defer { try? FileManager.default.removeItem(atPath: script) }
            let url = "/webhook/\(Self.appID)"
            print("ingress: wrk -c64 \(duration)s, \(events) event(s) per request: baseline, then ingress")
            let bare = try Self.measure(
                wrk: wrk, script: script, url: "http://127.0.0.1:\(ports.1)\(url)", seconds: duration)
            let recordsBefore = kb_topic_end_offsets(cluster.bootstrapServers, topics.messages, Self.partitions)
            let real = try Self.measure(
                wrk: wrk, script: script, url: "http://127.0.0.1:\(ports.0)\(url)", seconds: duration)
            let recordsAfter = kb_topic_end_offsets(cluster.bootstrapServers, topics.messages, Self.partitions)
            let label = "\(events) event\(events == 1 ? "" : "s")/request"
            if events == 1 {
                bareOneEvent = bare.requestsPerSecond
                for (port, name) in [
                    (stepPorts.0, "bare route + one awaited produce"),
                    (stepPorts.1, "the same with the answer deadline"),
                ] {
                    let step = try Self.measure(
                        wrk: wrk, script: script, url: "http://127.0.0.1:\(port)\(url)", seconds: duration)
                    report.add(
                        BenchRow(
                            stage: "2 ingress", metric: "\(name), 1 event/request", measured: step.requestsPerSecond,
                            baseline: bare.requestsPerSecond, unit: "req/s",
                            goal: String(
                                format: "(evidence: p50 %.2f ms, %.0f µs CPU/request)", step.p50,
                                step.cpuMicrosecondsPerRequest)))
                }
            }
            report.add(
                BenchRow(
                    stage: "2 ingress", metric: "requests/s, \(label)", measured: real.requestsPerSecond,
                    baseline: bare.requestsPerSecond, unit: "req/s", goal: "ratio ≥ 0.5"))
            report.add(
                BenchRow(
                    stage: "2 ingress", metric: "p50 latency, \(label)", measured: real.p50, baseline: bare.p50,
                    unit: "ms", goal: "", lowerIsBetter: true))
            report.add(
                BenchRow(
                    stage: "2 ingress", metric: "p99 latency, \(label)", measured: real.p99, baseline: bare.p99,
                    unit: "ms", goal: "", lowerIsBetter: true))
            report.add(
                BenchRow(
                    stage: "2 ingress", metric: "CPU per request, \(label)", measured: real.cpuMicrosecondsPerRequest,
                    baseline: bare.cpuMicrosecondsPerRequest, unit: "µs", goal: "(server process, broker included)",
                    lowerIsBetter: true))
            let answered = real.requests - real.non2xx
            let durable = recordsAfter - recordsBefore
            report.add(
                BenchRow(
                    stage: "2 ingress", metric: "records in Kafka per event answered 200, \(label)",
                    measured: answered > 0 ? Double(durable) / Double(answered * events) : 0, baseline: 1,
                    unit: "ratio", goal: "≥ 1 (every 200 durable)"))
            if real.non2xx > 0 {
                report.note("ingress: \(real.non2xx) non-2xx answers with \(label) (503 = not durable in time)")
            }
            report.note(
                "ingress CPU by thread, \(label): " + ThreadCPU.describe(real.threads, wall: Double(duration), limit: 7)
                    + String(format: "; wrk %.0f%% of a core", 100 * real.wrkCPU / Double(duration)))
            report.note(
                "bare CPU by thread, \(label): " + ThreadCPU.describe(bare.threads, wall: Double(duration), limit: 4)
                    + String(format: "; wrk %.0f%% of a core", 100 * bare.wrkCPU / Double(duration)))
        }
        // The ingress's Kafka part alone: 64 tasks each sending one record and awaiting its
        // acknowledgement, again and again, with the ingress's producer settings.
        for linger in [2, 1, 0] {
            let alone = try await Self.produceAtConcurrency(
                64, linger: linger, seconds: size == .tiny ? 1 : 5, brokers: cluster.bootstrapServers,
                topic: topics.messages, logger: logger)
            report.add(
                BenchRow(
                    stage: "2 ingress",
                    metric: "Kafka alone: 64 concurrent awaited one-record sends, linger.ms \(linger)",
                    measured: alone.rate, baseline: bareOneEvent, unit: "rec/s",
                    goal: String(
                        format: "(evidence: p50 %.2f ms, p99 %.2f ms; baseline: bare req/s)", alone.p50, alone.p99)))
        }
        for events in [1, 10] {
            let steps = await IngressStepCost.measure(events: events, iterations: size == .tiny ? 200 : 5_000)
            report.note(
                "ingress handler steps, CPU per request with \(events) event(s), one thread: "
                    + steps.map { String(format: "%@ %.1f µs", $0.step, $0.microseconds) }.joined(separator: ", "))
        }
        if let response = try? await http.execute(CurlRequest(url: "http://127.0.0.1:\(ports.0)/metrics")) {
            let text = MetricsText(text: String(decoding: response.body, as: UTF8.self))
            let request = text.histogramQuantile("ingress_request_duration_seconds", 0.5).map { $0 * 1000 } ?? 0
            let produce = text.histogramQuantile("ingress_produce_duration_seconds", 0.5).map { $0 * 1000 } ?? 0
            report.note(
                String(
                    format:
                        "ingress: in the handler, request p50 %.2f ms of which waiting for the broker's acks p50 %.2f ms (its own histograms, both runs)",
                    request, produce))
        }
        await group.triggerGracefulShutdown()
        _ = await task.result
        await stepProducer.shutdown()
    }

    /// `concurrency` tasks sending one record each and awaiting it, for `seconds`: sends per
    /// second and the latency percentiles (ms).
    static func produceAtConcurrency(
        _ concurrency: Int, linger: Int, seconds: Double, brokers: String, topic: String, logger: Logger
    ) async throws -> (rate: Double, p50: Double, p99: Double) {
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(
                bootstrapServers: brokers, messageTimeout: .seconds(3), linger: .milliseconds(linger)),
            logger: logger)
        let payload = [UInt8](repeating: 120, count: 600)
        try await producer.send(KafkaProducerRecord(topic: topic, key: Array("warm-up".utf8), value: payload))
        let latencies = ResultBox<[Double]>([])
        let end = ContinuousClock.now + .seconds(seconds)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<concurrency {
                group.addTask {
                    var mine: [Double] = []
                    var n = 0
                    while ContinuousClock.now < end {
                        let start = ContinuousClock.now
                        try await producer.send(
                            KafkaProducerRecord(
                                topic: topic, key: Array("page:\(task * 1000 + n % 1000)".utf8), value: payload))
                        mine.append((ContinuousClock.now - start).seconds * 1000)
                        n += 1
                    }
                    latencies.update { $0 += mine }
                }
            }
            try await group.waitForAll()
        }
        await producer.shutdown()
        let all = latencies.value
        return (Double(all.count) / seconds, percentile(all, 50), percentile(all, 99))
    }

    /// One signed one-event webhook to the ingress on `port`; its latency in ms.
    static func postOnce(http: CurlHTTPClient, port: Int, topics: MessengerTopics) async throws -> Double {
        let load = EventLoad(pageID: "9999", appID: appID, topics: topics, runTag: "first")
        let body = load.webhook(
            items: [load.item(psid: "1", action: .message(0), timestamp: 1_458_692_752_478)], time: 1_458_692_752_478)
        let request = EventLoad.signedPost(body, to: "http://127.0.0.1:\(port)/webhook/\(appID)", secret: secret)
        let start = ContinuousClock.now
        let response = try await http.execute(request)
        guard response.status == 200 else {
            throw BenchError("ingress answered \(response.status) to a signed webhook")
        }
        return (ContinuousClock.now - start).seconds * 1000
    }

    struct WrkResult {
        var requestsPerSecond: Double
        var requests: Int
        var p50: Double
        var p99: Double
        var non2xx: Int
        var cpuMicrosecondsPerRequest: Double
        var threads: [(group: String, seconds: Double)]
        var wrkCPU: Double
    }

    static func measure(wrk: String, script: String, url: String, seconds: Int) throws -> WrkResult {
        let output = try runWrk(wrk: wrk, script: script, url: url, seconds: seconds, connections: 64)
        let cpu = output.serverCPU
        let rps = Double(firstMatch(in: output.text, after: "Requests/sec:") ?? "0") ?? 0
        let requests = requestCount(output.text)
        return WrkResult(
            requestsPerSecond: rps,
            requests: requests,
            p50: milliseconds(firstMatch(in: output.text, after: "50%") ?? "0"),
            p99: milliseconds(firstMatch(in: output.text, after: "99%") ?? "0"),
            non2xx: Int(firstMatch(in: output.text, after: "Non-2xx or 3xx responses:") ?? "0") ?? 0,
            cpuMicrosecondsPerRequest: requests > 0 ? cpu / Double(requests) * 1e6 : 0,
            threads: output.threads, wrkCPU: output.wrkCPU)
    }

    /// Runs wrk against `url`; returns its output, this process's CPU (by thread, and in total)
    /// while it ran, and wrk's own CPU.
    static func runWrk(
        wrk: String, script: String, url: String, seconds: Int, connections: Int
    ) throws -> (text: String, serverCPU: Double, threads: [(group: String, seconds: Double)], wrkCPU: Double) {
        let cpuBefore = processCPUSeconds()
        let threadsBefore = ThreadCPU.snapshot()
        let childrenBefore = childrenCPUSeconds()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: wrk)
        process.arguments = ["-t2", "-c\(connections)", "-d\(seconds)s", "--latency", "-s", script, url]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let threads = ThreadCPU.snapshot().since(threadsBefore)
        return (output, processCPUSeconds() - cpuBefore, threads, childrenCPUSeconds() - childrenBefore)
    }

    /// `123456 requests in 10.00s, …`
    static func requestCount(_ text: String) -> Int {
        for line in text.split(separator: "\n") where line.contains("requests in") {
            return Int(line.trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "0") ?? 0
        }
        return 0
    }

    /// The Hummingbird stack answering 200 on the same route, reading the body, doing nothing else.
    static func bareApplication(onPort: @escaping @Sendable (Int) -> Void) -> some ApplicationProtocol {
        let router = Router()
        router.post("/webhook/:app_id") { request, _ -> Response in
            _ = try await request.body.collect(upTo: 1 << 20)
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
        }
        return Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { onPort($0.localAddress?.port ?? 0) })
    }

    /// The bare route plus one awaited produce of the body (and, with `deadline`, with the answer
    /// deadline the ingress gives its sends).
    static func produceApplication(
        producer: KafkaProducer, topic: String, deadline: Bool, onPort: @escaping @Sendable (Int) -> Void
    ) -> some ApplicationProtocol {
        let router = Router()
        let counter = Atomic<Int>(0)
        router.post("/webhook/:app_id") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let n = counter.add(1, ordering: .relaxed).newValue
            let record = KafkaProducerRecord(
                topic: topic, key: Array("page:\(n % 1000)".utf8), value: Array(body.readableBytesView))
            if deadline {
                try await producer.send([record], answerWithin: .milliseconds(3_250))
            } else {
                try await producer.send(record)
            }
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
        }
        return Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { onPort($0.localAddress?.port ?? 0) })
    }

    /// A wrk script posting `body` signed with `secret`; returns its path. With
    /// `maxRequestsPerThread`, each wrk thread stops after that many answers.
    static func luaScript(body: [UInt8], secret: String, maxRequestsPerThread: Int? = nil) throws -> String {
        let signature = WebhookSignature.sign256(body: body, secret: secret)
        var script = """
            wrk.method = "POST"
            wrk.body = [==[\(String(decoding: body, as: UTF8.self))]==]
            wrk.headers["Content-Type"] = "application/json"
            wrk.headers["\(WebhookSignature.sha256HeaderName)"] = "\(signature)"
            """
        if let maxRequestsPerThread {
            script += """

                local answered = 0
                function response(status, headers, body)
                    answered = answered + 1
                    if answered >= \(maxRequestsPerThread) then wrk.thread:stop() end
                end
                """
        }
        let path = NSTemporaryDirectory() + "handover-bench-\(UUID()).lua"
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func firstMatch(in text: String, after label: String) -> String? {
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix(label) {
                return trimmed.dropFirst(label.count).trimmingCharacters(in: .whitespaces)
                    .split(separator: " ").first.map(String.init)
            }
        }
        return nil
    }

    /// wrk prints latencies as `812.00us`, `1.23ms` or `1.01s`.
    static func milliseconds(_ text: String) -> Double {
        if text.hasSuffix("us") { return (Double(text.dropLast(2)) ?? 0) / 1000 }
        if text.hasSuffix("ms") { return Double(text.dropLast(2)) ?? 0 }
        if text.hasSuffix("s") { return (Double(text.dropLast(1)) ?? 0) * 1000 }
        return Double(text) ?? 0
    }

    static func which(_ tool: String) -> String? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let path = "\(directory)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}

/// A port reported once by a server callback, awaited by the benchmark.
final class PortBox: @unchecked Sendable {
    private let lock = NSLock()
    private var port: Int?

    func set(_ port: Int) { lock.withLock { self.port = port } }

    func value() async -> Int {
        while true {
            if let port = lock.withLock({ port }) { return port }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }
}
