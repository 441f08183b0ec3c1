import ArgumentParser
import Foundation
import Logging

/// `handover-bench`: every stage next to its baseline, measured in the same run, as ratios.
@main
struct HandoverBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handover-bench",
        abstract: "Benchmarks each stage against a baseline measured in the same run and prints a table.")

    @Option(help: "tiny (a smoke run for CI) or full")
    var size: BenchSize = .full

    @Option(help: "Comma-separated stages to run: kafka, ingress, worker, e2e, memory (default: all)")
    var only: String?

    @Option(help: "Also write the table to this Markdown file")
    var output: String?

    func run() async throws {
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        let stages = only.map { Set($0.split(separator: ",").map(String.init)) }
        func wants(_ stage: String) -> Bool { stages?.contains(stage) ?? true }
        let report = BenchReport()
        let started = ContinuousClock.now
        print("handover-bench (\(size.rawValue)); \(BenchReport.machine)")

        if wants("kafka") {
            try await KafkaBenchmark(
                records: size == .tiny ? 2_000 : 100_000, latencySamples: size == .tiny ? 50 : 1_000,
                report: report, logger: logger
            ).run()
        }
        if wants("ingress") {
            try await IngressBenchmark(size: size, report: report, logger: logger).run()
        }

        let table = report.render()
        print("\n" + table)
        print(String(format: "\nbenchmarks took %.0f s", (ContinuousClock.now - started).seconds))
        if let output {
            try ("# handover-bench (\(size.rawValue))\n\n" + table + "\n").write(toFile: output, atomically: true, encoding: .utf8)
        }
    }
}

enum BenchSize: String, ExpressibleByArgument, Sendable {
    case tiny, full
}
