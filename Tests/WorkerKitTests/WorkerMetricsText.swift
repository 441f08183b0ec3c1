/// A worker's `/metrics` text, read sample by sample.
struct WorkerMetricsText {
    let text: String

    /// The value of the sample named `name` whose labels include every pair of `labels`
    /// (summed over the samples that match), or nil when none matches.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
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

extension WorkerTestbed {
    /// The worker's `/metrics`.
    func metrics(of worker: RunningWorker) async throws -> WorkerMetricsText {
        WorkerMetricsText(text: try await get(worker.baseURL + "/metrics").body)
    }
}
