import Foundation
import TestSupport
import Testing

/// The worker executables as a container runs them: misconfiguration stops them at once with
/// EX_CONFIG (78) and one line naming the variable, never a secret or a reply text.
@Suite("Worker executables")
struct WorkerExecutableTests {
    /// Runs `executable` with `environment` until it exits, expects it to refuse the configuration
    /// (78) with a line containing `message`, and returns its stderr for further checks.
    @discardableResult
    private func refusal(
        _ executable: String, _ environment: [String: String], saying message: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> String {
        let result = try await WorkerProcess.run(executable, environment: environment)
        #expect(result.status == 78, "\(executable) exited \(result.status)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(message), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        return result.stderr
    }

    private let base = [
        "MESSENGER_APP_ID": "4000000000000001", "MESSENGER_APP_SECRET": "app-secret-value",
        "MESSENGER_PAGE_ID": "100000000000077", "MESSENGER_PAGE_ACCESS_TOKEN": "page-token-value",
        "KAFKA_BROKERS": "127.0.0.1:1",
    ]

    @Test func botWorkerRefusesAMalformedRulesFileNamingTheField() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rules-\(UUID().uuidString).json").path
        try Data(#"{"rules":[{"match":"regex","pattern":"(","reply":"SECRET-REPLY"}]}"#.utf8).write(
            to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let stderr = try await refusal(
            "handover-bot-worker", base.merging(["BOT_RULES_FILE": path]) { _, new in new },
            saying: "BOT_RULES_FILE rules[0].pattern is not a valid regular expression")
        #expect(!stderr.contains("SECRET-REPLY"))
        #expect(!stderr.contains("app-secret-value") && !stderr.contains("page-token-value"))
    }

    @Test func agentWorkerRequiresAnAPITokenAndAPrimaryApp() async throws {
        var environment = base
        environment["PRIMARY_APP_ID"] = "4000000000000001"
        try await refusal("handover-agent-worker", environment, saying: "AGENT_API_TOKEN")

        environment["AGENT_API_TOKEN"] = "short"
        let shortToken = try await refusal(
            "handover-agent-worker", environment, saying: "AGENT_API_TOKEN must be at least 16 characters")
        #expect(!shortToken.contains("short\n"))

        environment["AGENT_API_TOKEN"] = "a-long-enough-agent-token"
        environment["PRIMARY_APP_ID"] = nil
        try await refusal("handover-agent-worker", environment, saying: "PRIMARY_APP_ID is required")
    }

    @Test func agentWorkerRefusesABadStoreOrDeskFileNamingTheVariable() async throws {
        var environment = base
        environment["PRIMARY_APP_ID"] = "4000000000000001"
        environment["AGENT_API_TOKEN"] = "a-long-enough-agent-token"
        environment["AGENT_STORE_URL"] = "mysql://user:STORE-PASSWORD@db/desk"
        let badURL = try await refusal(
            "handover-agent-worker", environment, saying: "AGENT_STORE_URL must be sqlite:PATH or postgres://")
        #expect(!badURL.contains("STORE-PASSWORD"))

        environment["AGENT_STORE_URL"] = "sqlite:/nonexistent-folder/desk.sqlite"
        try await refusal("handover-agent-worker", environment, saying: "AGENT_STORE_URL")

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("desk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        environment["AGENT_STORE_URL"] = "sqlite:" + folder.appendingPathComponent("desk.sqlite").path
        let desk = folder.appendingPathComponent("desk.json")
        try Data(#"{"agents":[{"id":"ana","token":"TOO-SHORT"}]}"#.utf8).write(to: desk)
        environment["AGENT_DESK_FILE"] = desk.path
        let badDesk = try await refusal(
            "handover-agent-worker", environment,
            saying: "AGENT_DESK_FILE agents[0].token must be at least 16 characters")
        #expect(!badDesk.contains("TOO-SHORT"))

        environment["AGENT_DESK_FILE"] = folder.appendingPathComponent("missing.json").path
        try await refusal("handover-agent-worker", environment, saying: "AGENT_DESK_FILE cannot read")
    }
}
