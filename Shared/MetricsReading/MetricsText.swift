/// A Prometheus text exposition (a service's `/metrics`) read into samples, for the tests, the
/// benchmarks and the local stack: one reader, one meaning of "the value of a metric".
///
/// ```swift
/// let metrics = MetricsText(text: body)
/// metrics.value("worker_events_total", ["outcome": "handled"])  // summed over matching samples, nil when none
/// metrics.sum("worker_events_total")                           // the same, 0 when none
/// metrics.histogramQuantile("graph_call_duration_seconds", 0.99)
/// ```
public struct MetricsText: Sendable {
    /// One sample line: `name{labels} value`.
    public struct Sample: Sendable, Equatable {
        /// The series name, e.g. `worker_events_total` or `…_bucket`.
        public let name: String
        /// The labels, unescaped.
        public let labels: [String: String]
        /// The value (`+Inf`, `-Inf` and `NaN` included).
        public let value: Double
    }

    /// The whole text, as served.
    public let text: String
    /// Every sample line, in order; comments and malformed lines are skipped.
    public let samples: [Sample]

    /// Reads a `/metrics` body.
    public init(text: String) {
        self.text = text
        samples = text.split(whereSeparator: \.isNewline).compactMap(Self.sample(in:))
    }

    /// The sum of the samples named `name` whose labels include every pair of `labels`, or nil
    /// when no sample matches (an absent counter and a zero one differ).
    public func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        var total: Double?
        for sample in samples where sample.name == name && Self.matches(sample.labels, labels) {
            total = (total ?? 0) + sample.value
        }
        return total
    }

    /// ``value(_:_:)``, with 0 when no sample matches.
    public func sum(_ name: String, where labels: [String: String] = [:]) -> Double {
        value(name, labels) ?? 0
    }

    /// The quantile `q` (0...1) of histogram `name` from its cumulative buckets (summed over the
    /// series matching `labels`, linear within a bucket as Prometheus' `histogram_quantile`), in
    /// the histogram's unit; nil when it has no observations.
    public func histogramQuantile(_ name: String, _ q: Double, where labels: [String: String] = [:]) -> Double? {
        var counts: [Double: Double] = [:]
        for sample in samples where sample.name == name + "_bucket" && Self.matches(sample.labels, labels) {
            guard let boundText = sample.labels["le"] else { continue }
            let bound = boundText == "+Inf" ? Double.infinity : Double(boundText) ?? .infinity
            counts[bound, default: 0] += sample.value
        }
        let buckets = counts.sorted { $0.key < $1.key }
        guard let total = buckets.last?.value, total > 0 else { return nil }
        let rank = q * total
        var previous: (bound: Double, count: Double) = (0, 0)
        for (bound, count) in buckets {
            if count >= rank {
                if bound == .infinity { return previous.bound }
                let inBucket = count - previous.count
                let fraction = inBucket > 0 ? (rank - previous.count) / inBucket : 1
                return previous.bound + (bound - previous.bound) * fraction
            }
            previous = (bound, count)
        }
        return previous.bound
    }

    private static func matches(_ labels: [String: String], _ wanted: [String: String]) -> Bool {
        wanted.allSatisfy { labels[$0.key] == $0.value }
    }

    /// `name{a="x",b="y\"z"} 12.5 [timestamp]`, or nil for comments, blank and malformed lines.
    static func sample(in line: Substring) -> Sample? {
        guard let first = line.first, first != "#" else { return nil }
        let nameEnd = line.firstIndex { $0 == "{" || $0 == " " || $0 == "\t" } ?? line.endIndex
        let name = String(line[..<nameEnd])
        guard !name.isEmpty else { return nil }
        var labels: [String: String] = [:]
        var rest = line[nameEnd...]
        if rest.first == "{" {
            rest = rest.dropFirst()
            while true {
                rest = rest.drop { $0 == "," || $0 == " " }
                if rest.first == "}" {
                    rest = rest.dropFirst()
                    break
                }
                guard let equals = rest.firstIndex(of: "="), rest[rest.index(after: equals)...].first == "\"" else {
                    return nil
                }
                let key = String(rest[..<equals])
                var value = ""
                var index = rest.index(equals, offsetBy: 2)
                var closed = false
                while index < rest.endIndex {
                    let character = rest[index]
                    index = rest.index(after: index)
                    if character == "\"" {
                        closed = true
                        break
                    }
                    if character == "\\", index < rest.endIndex {
                        let escaped = rest[index]
                        index = rest.index(after: index)
                        value.append(escaped == "n" ? "\n" : escaped)
                    } else {
                        value.append(character)
                    }
                }
                guard closed else { return nil }
                labels[key] = value
                rest = rest[index...]
            }
        }
        let fields = rest.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard let valueText = fields.first else { return nil }
        let value: Double? =
            switch valueText {
            case "+Inf": .infinity
            case "-Inf": -.infinity
            case "NaN": .nan
            default: Double(valueText)
            }
        return value.map { Sample(name: name, labels: labels, value: $0) }
    }
}
