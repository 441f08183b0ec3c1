import Foundation
import TestSupport
import Testing

/// The worker executables as a container runs them: misconfiguration stops them at once with
/// EX_CONFIG (78) and one line naming the variable, never a secret or a reply text.
@Suite("Worker executables")
struct WorkerExecutableTests {
    /// Runs `executable` with `environment` until it exits; returns its status and stderr.
    private func run(_ executable: String, _ environment: [String: String]) async throws -> (
        status: Int32, stderr: String
    ) {
        try await WorkerProcess.run(executable, environment: environment)
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
        let result = try await run("handover-bot-worker", base.merging(["BOT_RULES_FILE": path]) { _, new in new })
        #expect(result.status == 78)
        #expect(result.stderr.contains("BOT_RULES_FILE rules[0].pattern is not a valid regular expression"))
        #expect(!result.stderr.contains("SECRET-REPLY"))
        #expect(!result.stderr.contains("app-secret-value") && !result.stderr.contains("page-token-value"))
    }

    @Test func agentWorkerRequiresAnAPITokenAndAPrimaryApp() async throws {
        var environment = base
        environment["PRIMARY_APP_ID"] = "4000000000000001"
        let noToken = try await run("handover-agent-worker", environment)
        #expect(noToken.status == 78)
        #expect(noToken.stderr.contains("AGENT_API_TOKEN"))

        environment["AGENT_API_TOKEN"] = "short"
        let shortToken = try await run("handover-agent-worker", environment)
        #expect(shortToken.status == 78)
        #expect(shortToken.stderr.contains("AGENT_API_TOKEN must be at least 16 characters"))
        #expect(!shortToken.stderr.contains("short\n"))

        environment["AGENT_API_TOKEN"] = "a-long-enough-agent-token"
        environment["PRIMARY_APP_ID"] = nil
        let noPrimary = try await run("handover-agent-worker", environment)
        #expect(noPrimary.status == 78)
        #expect(noPrimary.stderr.contains("PRIMARY_APP_ID is required"))
    }

    @Test func agentWorkerRefusesABadStoreOrDeskFileNamingTheVariable() async throws {
        var environment = base
        environment["PRIMARY_APP_ID"] = "4000000000000001"
        environment["AGENT_API_TOKEN"] = "a-long-enough-agent-token"
        environment["AGENT_STORE_URL"] = "mysql://user:STORE-PASSWORD@db/desk"
        let badURL = try await run("handover-agent-worker", environment)
        #expect(badURL.status == 78)
        #expect(badURL.stderr.contains("AGENT_STORE_URL must be sqlite:PATH or postgres://"))
        #expect(!badURL.stderr.contains("STORE-PASSWORD"))

        environment["AGENT_STORE_URL"] = "sqlite:/nonexistent-folder/desk.sqlite"
        let unopenable = try await run("handover-agent-worker", environment)
        #expect(unopenable.status == 78)
        #expect(unopenable.stderr.contains("AGENT_STORE_URL"))

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("desk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        environment["AGENT_STORE_URL"] = "sqlite:" + folder.appendingPathComponent("desk.sqlite").path
        let desk = folder.appendingPathComponent("desk.json")
        try Data(#"{"agents":[{"id":"ana","token":"TOO-SHORT"}]}"#.utf8).write(to: desk)
        environment["AGENT_DESK_FILE"] = desk.path
        let badDesk = try await run("handover-agent-worker", environment)
        #expect(badDesk.status == 78)
        #expect(badDesk.stderr.contains("AGENT_DESK_FILE agents[0].token must be at least 16 characters"))
        #expect(!badDesk.stderr.contains("TOO-SHORT"))

        environment["AGENT_DESK_FILE"] = folder.appendingPathComponent("missing.json").path
        let missing = try await run("handover-agent-worker", environment)
        #expect(missing.status == 78)
        #expect(missing.stderr.contains("AGENT_DESK_FILE cannot read"))
    }
}
