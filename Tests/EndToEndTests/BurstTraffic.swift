import Foundation
import LocalStack
import SimulatorClient

/// A burst of user messages across many threads: each thread's messages are sent one after the
/// other (that is their order), threads in parallel. Message `j` of every thread is `burst m<j>`,
/// which the burst rules file answers with `answer <j>`, so answers can be matched to messages.
struct BurstTraffic: Sendable {
    let threads: Int
    let messagesPerThread: Int

    /// The user id of thread `index`.
    func psid(_ index: Int) -> String { "burst-\(index)" }

    /// The expected answers of one thread, in order.
    var expectedAnswers: [String] { (0..<messagesPerThread).map { "answer \($0)" } }

    /// Writes the bot's rules file for the burst into `directory`.
    func writeRules(into directory: URL) throws -> URL {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let rules = (0..<messagesPerThread).map { ["match": "keyword", "pattern": "m\($0)", "reply": "answer \($0)"] }
        let url = directory.appendingPathComponent("burst-rules.json")
        try JSONSerialization.data(withJSONObject: ["rules": rules, "fallback": "unexpected message"]).write(to: url)
        return url
    }

    /// Sends the burst; calls `onSent` with the running total after each message (from many tasks).
    func send(through simulator: SimulatorClient, onSent: @escaping @Sendable (Int) async -> Void) async throws {
        let sent = SentCount()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for thread in 0..<threads {
                group.addTask {
                    for message in 0..<messagesPerThread {
                        try await simulator.userSays(psid(thread), "burst m\(message)")
                        await onSent(sent.increment())
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Waits until every thread has the bot's answer to its last message (the bot handles one
    /// thread's messages in order, so every earlier answer, and any duplicate, is in by then);
    /// returns the bot's answers per thread.
    func waitForAnswers(_ e2e: EndToEndStack, timeout: Duration) async throws -> [String: [String]] {
        let last = "answer \(messagesPerThread - 1)"
        var answers: [String: [String]] = [:]
        for thread in 0..<threads {
            let view = try await e2e.player.waitForThread(
                psid(thread), timeout: timeout, describing: "the bot's answer to the last message of \(psid(thread))"
            ) { $0.texts(by: e2e.roles.botAppID).contains(last) }
            answers[psid(thread)] = view.texts(by: e2e.roles.botAppID)
        }
        return answers
    }
}
