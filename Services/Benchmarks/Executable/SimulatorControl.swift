import CurlHTTP
import Foundation

/// The benchmark's side of the simulator's `/_sim` control API: threads, faults, transcripts.
struct SimulatorControl: Sendable {
    let http: CurlHTTPClient
    let baseURL: String

    /// One Send the simulator received: when (ms since 1970, simulator clock) and its text.
    struct Send: Sendable {
        var at: Int64
        var text: String
    }

    /// Creates the threads of `psids` (a user message each; the bot has no webhook, so nothing is
    /// delivered), a few at a time.
    func createThreads(_ psids: [String]) async throws {
        try await forEach(psids, concurrency: 16) { psid in
            let response = try await http.execute(
                CurlRequest(
                    method: "POST", url: "\(baseURL)/_sim/users/\(psid)/messages",
                    headers: [CurlHeader(name: "Content-Type", value: "application/json")], body: Array(#"{"text":"hi"}"#.utf8)))
            guard response.status == 200 else { throw BenchError("simulator refused thread \(psid): \(response.status)") }
        }
    }

    /// Adds `milliseconds` before every Graph answer (0 removes every fault).
    func setGraphLatency(milliseconds: Int) async throws {
        let request =
            milliseconds == 0
            ? CurlRequest(method: "DELETE", url: "\(baseURL)/_sim/faults")
            : CurlRequest(
                method: "POST", url: "\(baseURL)/_sim/faults",
                headers: [CurlHeader(name: "Content-Type", value: "application/json")],
                body: Array(#"{"endpoint":"*","latency_ms":\#(milliseconds)}"#.utf8))
        let response = try await http.execute(request)
        guard response.status == 200 else { throw BenchError("simulator refused the fault rule: \(response.status)") }
    }

    /// The Sends of each thread of `psids`, in the simulator's order.
    func sends(of psids: [String]) async throws -> [String: [Send]] {
        let result = ResultBox<[String: [Send]]>([:])
        try await forEach(psids, concurrency: 16) { psid in
            let response = try await http.execute(CurlRequest(url: "\(baseURL)/_sim/threads/\(psid)"))
            guard response.status == 200,
                let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
                let transcript = object["transcript"] as? [[String: Any]]
            else { throw BenchError("no transcript for \(psid)") }
            let sends = transcript.compactMap { entry -> Send? in
                guard entry["kind"] as? String == "send", let at = (entry["at"] as? NSNumber)?.int64Value else { return nil }
                return Send(at: at, text: entry["text"] as? String ?? "")
            }
            result.update { $0[psid] = sends }
        }
        return result.value
    }

    /// Runs `body` for every element, at most `concurrency` at once.
    func forEach<T: Sendable>(
        _ items: [T], concurrency: Int, _ body: @escaping @Sendable (T) async throws -> Void
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            var running = 0
            for item in items {
                if running >= concurrency {
                    try await group.next()
                    running -= 1
                }
                group.addTask { try await body(item) }
                running += 1
            }
            try await group.waitForAll()
        }
    }
}

/// A value several tasks add to under a lock.
final class ResultBox<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) { stored = value }

    func update(_ body: (inout Value) -> Void) { lock.withLock { body(&stored) } }

    var value: Value { lock.withLock { stored } }
}
