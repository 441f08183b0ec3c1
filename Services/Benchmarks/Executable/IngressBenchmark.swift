import Foundation
import HTTPTypes
import Hummingbird
import Ingress
import Kafka
import Logging
import MessengerPlatform
import NIOCore
import ServiceKit
import ServiceLifecycle

/// Item 2: the ingress (verify, split, produce, answer after acks) against the same HTTP stack
/// answering 200 on the same route with nothing behind it, both under `wrk` at concurrency 64.
struct IngressBenchmark {
    let size: BenchSize
    let report: BenchReport
    let logger: Logger

    static let appID = "1111111111111111"
    static let secret = "bench-secret"

    func run() async throws {
        guard let wrk = Self.which("wrk") else {
            report.note("ingress: skipped, `wrk` is not installed (apt-get install wrk)")
            return
        }
        let cluster = try MockCluster(brokers: 1, logger: logger)
        defer { cluster.close() }
        let topics = MessengerTopics(prefix: "bench.")
        try cluster.createTopics(topics.allTopics, partitions: 32)

        var configuration = IngressConfiguration(
            apps: [IngressApp(id: Self.appID, secret: Secret(Self.secret))],
            kafka: KafkaConfiguration(bootstrapServers: cluster.bootstrapServers))
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.topics = topics
        let ingressPort = PortBox()
        let ingress = try buildApplication(configuration: configuration, logger: logger) { ingressPort.set($0) }
        let baselinePort = PortBox()
        let baseline = Self.bareApplication { baselinePort.set($0) }
        let group = ServiceGroup(services: [ingress, baseline], logger: logger)
        let task = Task { try await group.run() }
        defer { task.cancel() }
        let ports = (await ingressPort.value(), await baselinePort.value())

        let duration = size == .tiny ? 2 : 10
        for events in [1, 10] {
            let body = Self.webhook(events: events)
            let script = try Self.luaScript(body: body)
            print("ingress: wrk -c64 \(duration)s, \(events) event(s) per request: baseline, then ingress")
            let bare = try Self.measure(wrk: wrk, script: script, port: ports.1, seconds: duration)
            let real = try Self.measure(wrk: wrk, script: script, port: ports.0, seconds: duration)
            let label = "\(events) event\(events == 1 ? "" : "s")/request"
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
                    baseline: bare.cpuMicrosecondsPerRequest, unit: "µs", goal: "(includes the in-process broker)",
                    lowerIsBetter: true))
            if real.non2xx > 0 { report.note("ingress: \(real.non2xx) non-2xx answers with \(label) (503 = not durable in time)") }
        }
        await group.triggerGracefulShutdown()
        _ = await task.result
    }

    struct WrkResult {
        var requestsPerSecond: Double
        var p50: Double
        var p99: Double
        var non2xx: Int
        var cpuMicrosecondsPerRequest: Double
    }

    static func measure(wrk: String, script: String, port: Int, seconds: Int) throws -> WrkResult {
        let cpuBefore = processCPUSeconds()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: wrk)
        process.arguments = [
            "-t2", "-c64", "-d\(seconds)s", "--latency", "-s", script, "http://127.0.0.1:\(port)/webhook/\(appID)",
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let cpu = processCPUSeconds() - cpuBefore
        let rps = Double(firstMatch(in: output, after: "Requests/sec:") ?? "0") ?? 0
        let total = rps * Double(seconds)
        return WrkResult(
            requestsPerSecond: rps,
            p50: milliseconds(firstMatch(in: output, after: "50%") ?? "0"),
            p99: milliseconds(firstMatch(in: output, after: "99%") ?? "0"),
            non2xx: Int(firstMatch(in: output, after: "Non-2xx or 3xx responses:") ?? "0") ?? 0,
            cpuMicrosecondsPerRequest: total > 0 ? cpu / total * 1e6 : 0)
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

    static func webhook(events: Int) -> String {
        let items = (0..<events).map { i in
            #"{"sender":{"id":"\#(4000 + i)"},"recipient":{"id":"9999"},"timestamp":1458692752478,"message":{"mid":"m_bench_\#(i)","text":"hello from the benchmark"}}"#
        }
        return #"{"object":"page","entry":[{"id":"9999","time":1458692752478,"messaging":[\#(items.joined(separator: ","))]}]}"#
    }

    static func luaScript(body: String) throws -> String {
        let signature = WebhookSignature.sign256(body: Array(body.utf8), secret: secret)
        let script = """
            wrk.method = "POST"
            wrk.body = [==[\(body)]==]
            wrk.headers["Content-Type"] = "application/json"
            wrk.headers["X-Hub-Signature-256"] = "\(signature)"
            """
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

/// User plus system CPU seconds of this process so far.
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
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
