/// Reads one sample from Prometheus text exposition: the value of the first line of metric `name`
/// that carries every label in `labels`.
func prometheusValue(_ text: String, _ name: String, _ labels: [String: String] = [:]) -> Double? {
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
        guard line.hasPrefix(name + "{") || line.hasPrefix(name + " ") else { continue }
        guard labels.allSatisfy({ line.contains("\($0.key)=\"\($0.value)\"") }) else { continue }
        return line.split(separator: " ").last.flatMap { Double($0) }
    }
    return nil
}
