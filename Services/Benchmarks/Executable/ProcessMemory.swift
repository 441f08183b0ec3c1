import Foundation

/// Resident memory of one process from `/proc/<pid>/status`: `VmRSS` (now) and `VmHWM` (the peak
/// since the process started), in MiB.
struct ProcessMemory: Sendable {
    var residentMiB: Double
    var peakMiB: Double

    /// The figures of `pid` now, `nil` when the process is gone.
    static func read(pid: Int32) -> ProcessMemory? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        func kilobytes(_ field: String) -> Double? {
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }) else { return nil }
            return line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Double($0) }
        }
        guard let rss = kilobytes("VmRSS"), let hwm = kilobytes("VmHWM") else { return nil }
        return ProcessMemory(residentMiB: rss / 1024, peakMiB: hwm / 1024)
    }
}
