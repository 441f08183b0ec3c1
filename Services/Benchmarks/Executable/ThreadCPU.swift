import Foundation

/// CPU time per thread of one process, read from `/proc/<pid>/task/*/stat`, so a benchmark can say
/// which thread spent the time (perf is not available on these machines).
///
/// Threads are keyed by id; ``since(_:)`` groups the difference by thread name with digits removed
/// (`NIO-ELT-0-#1` → `NIO-ELT`, `rdk:broker1` → `rdk:broker`). A thread that ended between two
/// snapshots is missing from the later one, so take the later snapshot before tearing down.
struct ThreadCPU: Sendable {
    /// Seconds of user + system CPU per thread id, and each thread's name.
    var threads: [Int: (name: String, seconds: Double)]

    /// The threads of `pid` now (this process by default). Time on CPU comes from
    /// `/proc/<pid>/task/<tid>/schedstat` (nanoseconds), the name from `comm`.
    static func snapshot(pid: Int32 = getpid()) -> ThreadCPU {
        var threads: [Int: (name: String, seconds: Double)] = [:]
        let directory = "/proc/\(pid)/task"
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
            guard let tid = Int(entry),
                let comm = try? String(contentsOfFile: "\(directory)/\(entry)/comm", encoding: .utf8),
                let schedstat = try? String(contentsOfFile: "\(directory)/\(entry)/schedstat", encoding: .utf8),
                let nanoseconds = schedstat.split(separator: " ").first.flatMap({ Double($0) })
            else { continue }
            threads[tid] = (comm.trimmingCharacters(in: .whitespacesAndNewlines), nanoseconds / 1e9)
        }
        return ThreadCPU(threads: threads)
    }

    /// CPU seconds spent since `earlier`, by thread group, largest first.
    func since(_ earlier: ThreadCPU) -> [(group: String, seconds: Double)] {
        var groups: [String: Double] = [:]
        for (tid, thread) in threads {
            let before = earlier.threads[tid].map { $0.name == thread.name ? $0.seconds : 0 } ?? 0
            let spent = thread.seconds - before
            guard spent > 0 else { continue }
            groups[Self.group(thread.name), default: 0] += spent
        }
        return groups.map { ($0.key, $0.value) }.sorted { $0.seconds > $1.seconds }
    }

    /// Total CPU seconds of the threads alive now.
    var total: Double { threads.values.reduce(0) { $0 + $1.seconds } }

    /// A thread name without its instance numbers, and a readable name for the runtime's threads
    /// (Linux keeps the first 15 bytes of a name; Dispatch's are cut to their tail).
    static func group(_ name: String) -> String {
        if name.hasSuffix("default-qos") || name.hasSuffix("qos.overcommit") || name.contains("apple.root") {
            return "Swift tasks (Dispatch pool)"
        }
        if name.hasPrefix("NIO-SGLTN") || name.hasPrefix("NIO-ELT") { return "NIO event loops" }
        var result = name.filter { !$0.isNumber && $0 != "#" }
        while result.hasSuffix("-") || result.hasSuffix(":") { result.removeLast() }
        return result.isEmpty ? name : result
    }

    /// `group 1.23 s (45%), …` for the report.
    static func describe(_ groups: [(group: String, seconds: Double)], wall: Double, limit: Int = 6) -> String {
        groups.prefix(limit).map {
            String(format: "%@ %.2f s (%.0f%% of a core)", $0.group, $0.seconds, 100 * $0.seconds / max(wall, 1e-9))
        }
        .joined(separator: ", ")
    }
}

/// User plus system CPU seconds of this process so far.
func processCPUSeconds() -> Double {
    rusageSeconds(RUSAGE_SELF.rawValue)
}

/// User plus system CPU seconds of the child processes waited for so far (wrk).
func childrenCPUSeconds() -> Double {
    rusageSeconds(RUSAGE_CHILDREN.rawValue)
}

private func rusageSeconds(_ who: Int32) -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(who), &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// User plus system CPU seconds of another running process (`/proc/<pid>/stat`), 0 when gone.
func processCPUSeconds(pid: Int32) -> Double {
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let close = text.lastIndex(of: ")")
    else { return 0 }
    let fields = text[text.index(close, offsetBy: 2)...].split(separator: " ")
    guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
}
