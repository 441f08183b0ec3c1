import Foundation

/// Reads values out of a Prometheus text exposition (a service's `/metrics`), enough for the
/// benchmark's counters and histograms.
struct PrometheusText: Sendable {
    let lines: [Substring]

    init(_ text: String) {
        lines = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
    }

    /// The sum of every sample of `name` whose labels include all of `labels` (`key="value"`).
    func sum(_ name: String, where labels: [String: String] = [:]) -> Double {
        var total = 0.0
        for line in lines {
            guard line.hasPrefix(name) else { continue }
            let rest = line.dropFirst(name.count)
            guard rest.first == "{" || rest.first == " " else { continue }
            if !labels.isEmpty {
                guard let close = rest.firstIndex(of: "}") else { continue }
                let labelText = rest[rest.startIndex..<close]
                guard labels.allSatisfy({ labelText.contains("\($0.key)=\"\($0.value)\"") }) else { continue }
            }
            guard let value = line.split(separator: " ").last.flatMap({ Double($0) }) else { continue }
            total += value
        }
        return total
    }

    /// The quantile `q` (0...1) of histogram `name` estimated from its cumulative buckets (linear
    /// within a bucket, as Prometheus' `histogram_quantile` does), in the histogram's unit.
    func histogramQuantile(_ name: String, _ q: Double, where labels: [String: String] = [:]) -> Double? {
        var buckets: [(bound: Double, count: Double)] = []
        for line in lines where line.hasPrefix(name + "_bucket{") {
            if !labels.isEmpty, !labels.allSatisfy({ line.contains("\($0.key)=\"\($0.value)\"") }) { continue }
            guard let start = line.range(of: "le=\"")?.upperBound,
                let end = line[start...].firstIndex(of: "\""),
                let count = line.split(separator: " ").last.flatMap({ Double($0) })
            else { continue }
            let boundText = line[start..<end]
            let bound = boundText == "+Inf" ? Double.infinity : Double(boundText) ?? .infinity
            if let index = buckets.firstIndex(where: { $0.bound == bound }) {
                buckets[index].count += count
            } else {
                buckets.append((bound, count))
            }
        }
        buckets.sort { $0.bound < $1.bound }
        guard let total = buckets.last?.count, total > 0 else { return nil }
        let rank = q * total
        var previous: (bound: Double, count: Double) = (0, 0)
        for bucket in buckets {
            if bucket.count >= rank {
                if bucket.bound == .infinity { return previous.bound }
                let inBucket = bucket.count - previous.count
                let fraction = inBucket > 0 ? (rank - previous.count) / inBucket : 1
                return previous.bound + (bucket.bound - previous.bound) * fraction
            }
            previous = bucket
        }
        return previous.bound
    }
}
