import ArgumentParser
import Foundation
import Launcher
import Logging
import ServiceKit

/// `handover-bench`: every stage next to its baseline, measured in the same run, as ratios.
@main
struct HandoverBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handover-bench",
        abstract: "Benchmarks each stage against a baseline measured in the same run and prints a table.",
        version: HandoverVersion.current)

    @Option(help: "tiny (a smoke run for CI) or full")
    var size: BenchSize = .full

    @Option(
        help: "Comma-separated stages: kafka, ingress, worker, desk, stack (end to end, memory, scaling); default all")
    var only: String?

    @Option(help: "Also write the table to this Markdown file")
    var output: String?

    @Option(help: "Folder of the service executables for the stack stage (default: next to this one)")
    var executables: String?

    @Option(help: "Experiment: linger.ms of the ingress's producer in the ingress stage (default: the product's 1)")
    var lingerMs: Int?

    @Option(
        help:
            "Experiment: a librdkafka property for the bot-worker processes of the stack stage, name=value (repeatable)"
    )
    var workerKafkaProperty: [String] = []

    func run() async throws {
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        let stages = only.map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
        let known: Set<String> = ["kafka", "ingress", "worker", "desk", "stack"]
        if let unknown = stages?.subtracting(known), !unknown.isEmpty {
            throw ValidationError(
                "unknown stage(s) \(unknown.sorted().joined(separator: ", ")); known: \(known.sorted().joined(separator: ", "))"
            )
        }
        func wants(_ stage: String) -> Bool { stages?.contains(stage) ?? true }
        let report = BenchReport()
        let started = ContinuousClock.now
        print("handover-bench (\(size.rawValue)); \(BenchReport.machine)")

        // The smoke run starts the process stack beside the in-process stages (its figures mean
        // nothing at that size; it proves every path still works, in well under a minute).
        // Whatever ends the run, no service process outlives it.
        defer { ChildProcess.killEveryChild() }
        let stack: Task<Void, any Error>? =
            size == .tiny && wants("stack")
            ? Task { [self] in try await runStack(report: report, logger: logger, parallel: true) } : nil

        var consumerRate: Double?
        if wants("kafka") {
            let begun = ContinuousClock.now
            var kafka = KafkaBenchmark(
                records: size == .tiny ? 5_000 : 300_000, latencySamples: size == .tiny ? 50 : 1_000,
                rounds: size == .tiny ? 1 : 5, report: report, logger: logger)
            try await kafka.run()
            consumerRate = kafka.consumerRate
            report.mark("kafka", since: begun)
            // The same comparison on an independent broker: tansu's memory storage holds every
            // record, so one round of each keeps its memory in bounds.
            if BenchBroker.tansuIsInstalled {
                let tansuBegun = ContinuousClock.now
                var onTansu = KafkaBenchmark(
                    broker: .tansu, records: size == .tiny ? 5_000 : 100_000,
                    latencySamples: size == .tiny ? 50 : 1_000, rounds: 1, report: report, logger: logger)
                try await onTansu.run()
                report.mark("kafka (tansu)", since: tansuBegun)
            } else {
                report.note("kafka (tansu): skipped, tansu is not installed (scripts/install-deps)")
            }
        }
        if wants("ingress") {
            let begun = ContinuousClock.now
            try await IngressBenchmark(size: size, report: report, logger: logger, lingerMilliseconds: lingerMs).run()
            report.mark("ingress", since: begun)
        }
        if wants("worker") {
            let begun = ContinuousClock.now
            try await WorkerBenchmark(size: size, report: report, logger: logger, kafkaConsumerRate: consumerRate).run()
            report.mark("worker", since: begun)
        }
        if wants("desk") {
            let begun = ContinuousClock.now
            try await DeskBenchmark(size: size, report: report, logger: logger).run()
            report.mark("desk", since: begun)
        }
        if let stack {
            try await stack.value
        } else if wants("stack") {
            try await runStack(report: report, logger: logger, parallel: false)
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
extension HandoverBench {
    /// Items 4–6 on the services as processes; in a full run also a pass with the workers'
    /// `fetch.wait.max.ms` at 2 ms (see BENCHMARKS.md).
    func runStack(report: BenchReport, logger: Logger, parallel: Bool) async throws {
        let folder = executables ?? BuildFolder.own().path
        var environment: [String: String] = [:]
        for property in workerKafkaProperty {
            let parts = property.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ValidationError("--worker-kafka-property takes name=value") }
            environment[
                "KAFKA_PROPERTY_"
                    + parts[0].replacingOccurrences(of: "_", with: "__")
                    .replacingOccurrences(of: ".", with: "_").uppercased()] = parts[1]
        }
        var begun = ContinuousClock.now
        try await StackBenchmark(
            size: size, executables: folder, report: report, logger: logger, workerEnvironment: environment
        ).run()
        report.mark("stack" + (parallel ? " (beside the others)" : ""), since: begun)
        guard size == .full else { return }
        // The workers with a shorter fetch wait, measured beside the defaults.
        begun = ContinuousClock.now
        try await StackBenchmark(
            size: size, executables: folder, report: report, logger: logger,
            workerEnvironment: environment.merging(StackBenchmark.secondPassSettings) { $1 }, variant: "fetch wait 2 ms"
        ).run()
        report.mark("stack, fetch wait 2 ms", since: begun)
    }
}

enum BenchSize: String, ExpressibleByArgument, Sendable {
    /// A smoke run: every stage, small counts, seconds each.
    case tiny
    /// The measured run.
    case full
}
