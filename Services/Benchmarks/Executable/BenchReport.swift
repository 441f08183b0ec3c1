import Foundation
import Synchronization

/// One row of the benchmark table: a figure, its baseline measured in the same run, and the ratio.
struct BenchRow: Sendable {
    var stage: String
    var metric: String
    var measured: Double
    var baseline: Double?
    var unit: String
    var goal: String
    /// Ratio measured ÷ baseline, or baseline ÷ measured when smaller is better.
    var lowerIsBetter = false

    var ratio: Double? {
        guard let baseline, baseline > 0, measured > 0 else { return nil }
        return lowerIsBetter ? baseline / measured : measured / baseline
    }
}

/// Collects rows and prints them as one aligned table with the machine beside it. Safe to use
/// from stages running side by side (the smoke run does that); rows are rendered in stage order.
final class BenchReport: Sendable {
    private struct State {
        var rows: [BenchRow] = []
        var notes: [String] = []
        /// Stage names and how long each took.
        var timings: [(stage: String, seconds: Double)] = []
    }

    private let state = Mutex(State())

    func add(_ row: BenchRow) {
        state.withLock { $0.rows.append(row) }
        print(
            "  · \(row.stage) — \(row.metric): \(Self.format(row.measured)) \(row.unit)"
                + (row.baseline.map { " (baseline \(Self.format($0)))" } ?? ""))
    }

    func note(_ text: String) {
        state.withLock { $0.notes.append(text) }
        print("  · \(text)")
    }

    /// Records that `stage`, begun at `start`, ended now.
    func mark(_ stage: String, since start: ContinuousClock.Instant) {
        let seconds = (ContinuousClock.now - start).seconds
        state.withLock { $0.timings.append((stage, seconds)) }
        print(String(format: "  · stage %@ took %.0f s", stage, seconds))
    }

    func render() -> String {
        let (rows, notes, timings) = state.withLock { state in
            // Stage order ("1 kafka" … "6 scaling"), keeping each stage's rows in the order added.
            let ordered = state.rows.enumerated().sorted { a, b in
                a.element.stage == b.element.stage ? a.offset < b.offset : a.element.stage < b.element.stage
            }.map(\.element)
            return (ordered, state.notes, state.timings)
        }
        let header = ["stage", "metric", "measured", "baseline", "ratio", "unit", "goal"]
        let cells = rows.map { row in
            [
                row.stage, row.metric, Self.format(row.measured), row.baseline.map(Self.format) ?? "—",
                row.ratio.map { String(format: "%.2f", $0) } ?? "—", row.unit, row.goal,
            ]
        }
        var widths = header.map(\.count)
        for line in cells { for (i, cell) in line.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ values: [String]) -> String {
            "| "
                + values.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                .joined(separator: " | ") + " |"
        }
        var out = [
            Self.machine, "", line(header),
            "|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|",
        ]
        out += cells.map(line)
        if !notes.isEmpty { out += [""] + notes.map { "- " + $0 } }
        if !timings.isEmpty {
            out += [
                "",
                "Stage times: "
                    + timings.map { String(format: "%@ %.0f s", $0.stage, $0.seconds) }.joined(separator: ", "),
            ]
        }
        return out.joined(separator: "\n")
    }

    static func format(_ value: Double) -> String {
        if value >= 100 { return String(format: "%.0f", value) }
        if value >= 1 { return String(format: "%.2f", value) }
        return String(format: "%.3f", value)
    }

    /// Cores and memory of this machine, printed beside every table.
    static var machine: String {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let memory = Double(ProcessInfo.processInfo.physicalMemory) / Double(1 << 30)
        // Other work on a shared machine shows in the load average.
        let load =
            (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3)
            .joined(separator: " ") ?? "?"
        return String(
            format: "machine: %d cores, %.1f GiB memory, %@, load average %@", cores, memory,
            ProcessInfo.processInfo.operatingSystemVersionString, load)
    }
}

/// Percentile of a sample (nearest rank).
func percentile(_ values: [Double], _ p: Double) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    let index = min(sorted.count - 1, max(0, Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1))
    return sorted[index]
}
