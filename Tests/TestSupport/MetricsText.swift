/// A service's `/metrics` text (Prometheus exposition format), read sample by sample.
public struct MetricsText: Sendable {
    /// The whole text.
    public let text: String

    /// Wraps a `/metrics` body.
    public init(text: String) {
        self.text = text
    }

    /// The value of the sample named `name` whose labels include every pair of `labels` (summed
    /// over the samples that match), or nil when none matches.
    public func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        var total: Double?
        for line in text.split(separator: "\n") where line.hasPrefix(name + "{") || line.hasPrefix(name + " ") {
            let parts = line.split(separator: " ")
            guard parts.count >= 2, let value = Double(parts[parts.count - 1]) else { continue }
            let sample = String(parts[0])
            guard labels.allSatisfy({ sample.contains("\($0.key)=\"\($0.value)\"") }) else { continue }
            total = (total ?? 0) + value
        }
        return total
    }
}
