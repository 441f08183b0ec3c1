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

    @Option(help: "Comma-separated stages: kafka, ingress, worker, stack (end to end, memory, scaling); default all")
    var only: String?

    @Option(help: "Also write the table to this Markdown file")
    var output: String?

    @Option(help: "Folder of the service executables for the stack stage (default: next to this one)")
    var executables: String?

    @Option(help: "Experiment: linger.ms of the ingress's producer in the ingress stage (default: the product's 2)")
    var lingerMs: Int?

    func run() async throws {
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        let stages = only.map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
        let known: Set<String> = ["kafka", "ingress", "worker", "stack"]
        if let unknown = stages?.subtracting(known), !unknown.isEmpty {
            throw ValidationError("unknown stage(s) \(unknown.sorted().joined(separator: ", ")); known: \(known.sorted().joined(separator: ", "))")
        }
        func wants(_ stage: String) -> Bool { stages?.contains(stage) ?? true }
        let report = BenchReport()
        let started = ContinuousClock.now
        print("handover-bench (\(size.rawValue)); \(BenchReport.machine)")

        var consumerRate: Double?
        if wants("kafka") {
            var kafka = KafkaBenchmark(
                records: size == .tiny ? 5_000 : 300_000, latencySamples: size == .tiny ? 50 : 1_000,
                rounds: size == .tiny ? 1 : 3, report: report, logger: logger)
            try await kafka.run()
            consumerRate = kafka.consumerRate
            report.mark("kafka", since: started)
        }
        if wants("ingress") {
            try await IngressBenchmark(size: size, report: report, logger: logger, lingerMilliseconds: lingerMs).run()
            report.mark("ingress", since: started)
        }
        if wants("worker") {
            try await WorkerBenchmark(size: size, report: report, logger: logger, kafkaConsumerRate: consumerRate).run()
            report.mark("worker", since: started)
        }
        if wants("stack") {
            let folder = executables ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
                .deletingLastPathComponent().path
            try await StackBenchmark(size: size, executables: folder, report: report, logger: logger).run()
            report.mark("stack", since: started)
        }

        let table = report.render()
        print("\n" + table)
        let total = (ContinuousClock.now - started).seconds
        print(String(format: "\nbenchmarks took %.0f s", total))
        if let output {
            try ("# handover-bench (\(size.rawValue))\n\n" + table + String(format: "\n\nTook %.0f s.\n", total))
                .write(toFile: output, atomically: true, encoding: .utf8)
        }
    }
}

/// How big the runs are.
enum BenchSize: String, ExpressibleByArgument, Sendable {
    /// A smoke run: every stage, small counts, seconds each.
    case tiny
    /// The measured run.
    case full
}
