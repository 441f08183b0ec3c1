import Foundation
import SimulatorClient

/// What the benchmarks ask of the simulator, through the one client of its control API.
extension SimulatorClient {
    /// Creates the threads of `psids` (a user message each; the bot has no webhook, so nothing is
    /// delivered), a few at a time.
    func createThreads(_ psids: [String]) async throws {
        try await forEach(psids, concurrency: 16) { psid in
            try await self.userSays(psid, "hi")
        }
    }

    /// The Sends of each thread of `psids`, in the simulator's order (`at`: simulator clock, ms).
    func sends(of psids: [String]) async throws -> [String: [TranscriptLine]] {
        let result = ResultBox<[String: [TranscriptLine]]>([:])
        try await forEach(psids, concurrency: 16) { psid in
            let sends = try await self.thread(psid).sends()
            result.update { $0[psid] = sends }
        }
        return result.value
    }
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

/// A value several tasks add to under a lock.
final class ResultBox<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) { stored = value }

    func update(_ body: (inout Value) -> Void) { lock.withLock { body(&stored) } }

    var value: Value { lock.withLock { stored } }
}
