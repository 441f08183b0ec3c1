import BotWorker
import Foundation
import LocalStack
import Simulator
import SimulatorClient

/// The page, apps and bot rules every worker and end-to-end benchmark uses.
///
/// The bot's rules make each answer name the message it answers: user text `m<k>` is answered
/// `r<k>`, so the simulator's transcript of a thread shows whether its events were handled in
/// order, and which webhook a Send belongs to.
enum BenchFixture {
    static let pageID = "200000000000001"
    /// The bot: primary receiver, the app whose events the bot worker handles.
    static let botAppID = "1111111111111111"
    static let botSecret = "bench-bot-secret"
    static let botToken = "bench-bot-page-token"
    /// A second app the ingress accepts; the bot worker skips its records (`skipped_other_app`), so
    /// the ingress load of item 2 can run against the whole stack without Graph calls.
    static let loadAppID = "2222222222222222"
    static let loadSecret = "bench-load-secret"

    /// How many numbered answers the rules know (`m0` … `m<n-1>`).
    static let numberedAnswers = 64

    /// The bot's answers: `m<k>` → `r<k>`.
    static var rules: BotRules {
        BotRules(
            rules: (0..<numberedAnswers).map { BotRule.keyword("m\($0)", reply: "r\($0)") },
            fallback: "r?")
    }

    /// The same rules as a `BOT_RULES_FILE` document.
    static var rulesFileJSON: String {
        let rules = (0..<numberedAnswers).map { #"{"match":"keyword","pattern":"m\#($0)","reply":"r\#($0)"}"# }
        return #"{"rules":[\#(rules.joined(separator: ","))],"fallback":"r?"}"#
    }

    /// The simulator's configuration: one page, the bot as primary (no webhook: the benchmark
    /// feeds the ingress or Kafka itself), on `127.0.0.1` and a free port.
    static var simulatorConfiguration: SimulatorConfiguration {
        SimulatorConfiguration(
            port: 0, pageID: pageID, mode: .handover,
            apps: [
                .init(
                    id: botAppID, name: "Bench bot", secret: botSecret, pageAccessToken: botToken, role: .primary,
                    isDefault: true)
            ])
    }

    /// The answer the bot sends to message number `k`.
    static func reply(_ k: Int) -> String { "r\(k)" }

    /// The number in an answer, `nil` for anything else.
    static func replyNumber(_ text: String) -> Int? {
        guard text.hasPrefix("r") else { return nil }
        return Int(text.dropFirst())
    }

    /// How many of `psids` received exactly the answers `r0 … r<perThread-1>`, in that order; and
    /// how many answers were sent twice (at-least-once redelivery after a crash).
    static func threadsInOrder(
        _ sends: [String: [TranscriptLine]], psids: [String], perThread: Int
    ) -> (inOrder: Int, duplicates: Int, missing: Int) {
        var inOrder = 0
        var duplicates = 0
        var missing = 0
        for psid in psids {
            let numbers = (sends[psid] ?? []).compactMap { replyNumber($0.text ?? "") }
            if numbers == Array(0..<perThread) { inOrder += 1 }
            let distinct = Set(numbers)
            duplicates += numbers.count - distinct.count
            missing += perThread - distinct.count
        }
        return (inOrder, duplicates, missing)
    }
}
