import Foundation
import Testing

/// The audit worker's JSON lines (one per change of thread control) read back from its log file.
enum AuditLog {
    /// One logged change.
    struct Change: Decodable, Equatable {
        let type: String
        let from: String?
        let to: String?
        let userID: String?

        enum CodingKeys: String, CodingKey {
            case type, from, to
            case userID = "user_id"
        }

        var summary: String { "\(type) \(from ?? "none")→\(to ?? "none")" }
    }

    /// The changes logged for `user`, in order.
    static func changes(in log: URL, user: String) -> [Change] {
        guard let data = FileManager.default.contents(atPath: log.path) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
            guard line.contains("\"user_id\":\"\(user)\""), line.contains("thread_control") else { return nil }
            return try? JSONDecoder().decode(Change.self, from: Data(line.utf8))
        }
    }

    /// Waits (bounded) until at least `count` changes for `user` are logged, then returns them all.
    static func waitForChanges(in log: URL, user: String, count: Int, timeout: Duration = .seconds(30))
        async throws -> [Change]
    {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let found = changes(in: log, user: user)
            if found.count >= count { return found }
            try await Task.sleep(for: .milliseconds(100))
        }
        return changes(in: log, user: user)
    }
}
