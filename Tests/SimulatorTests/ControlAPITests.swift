import CurlHTTP
import Foundation
import ServiceKit
import Simulator
import SimulatorClient
import TestSupport
import Testing

/// The `/_sim` control API: faults, stats, reset, input validation; and configuration loading.
@Suite("Simulator control API and configuration")
struct ControlAPITests {
    typealias F = SimulatorFixture

    private static func recipient(_ psid: String) -> JSONValue {
        .object([("recipient", .object([("id", .string(psid))]))])
    }

    @Test func injectedRateLimitsCarryRetryAfterAndStopAtTheirLimit() async throws {
        try await F.run { f in
            try await f.userSays("5001", "hi")
            let set = try await f.call(
                "POST", "/_sim/faults",
                body: .object([
                    ("endpoint", "thread_owner"), ("code613_share", 1), ("retry_after_seconds", 7), ("limit", 2),
                ]))
            #expect(set.status == 200)
            var codes: [Int64?] = []
            for _ in 0..<3 {
                let answer = try await f.graph("GET", "/me/thread_owner", as: F.bot, query: ["recipient": "5001"])
                codes.append(answer.errorCode)
                if answer.errorCode == 613 {
                    #expect(answer.status == 400)
                    #expect(answer.headers.first { $0.name.lowercased() == "retry-after" }?.value == "7")
                }
            }
            #expect(codes == [613, 613, nil])
            // Other endpoints are unaffected.
            let take = try await f.graph("POST", "/me/take_thread_control", as: F.bot, body: Self.recipient("5001"))
            #expect(take.status == 200)
            let stats = try await f.call("GET", "/_sim/stats").json
            #expect(stats["injected_faults"]?["thread_owner"]?.intValue == 2)
            #expect(stats["graph_calls"]?["thread_owner"]?.intValue == 3)
        }
    }

    @Test func injectedShareFaultsAboutThatShareOfCallsAndClears() async throws {
        try await F.run { f in
            try await f.userSays("5002", "hi")
            _ = try await f.call(
                "POST", "/_sim/faults",
                body: .object([("server_error_share", .double(0.3)), ("code2_share", .double(0.2))]))
            var statuses: [Int] = []
            for _ in 0..<20 {
                statuses.append(
                    try await f.graph("GET", "/me/thread_owner", as: F.bot, query: ["recipient": "5002"]).status)
            }
            #expect(statuses.filter { $0 == 500 }.count == 6)
            #expect(statuses.filter { $0 == 503 }.count == 4)
            #expect(statuses.filter { $0 == 200 }.count == 10)
            _ = try await f.call("DELETE", "/_sim/faults")
            #expect(try await f.graph("GET", "/me/thread_owner", as: F.bot, query: ["recipient": "5002"]).status == 200)
        }
    }

    @Test func addedLatencyDelaysTheAnswer() async throws {
        try await F.run { f in
            try await f.userSays("5003", "hi")
            _ = try await f.call(
                "POST", "/_sim/faults", body: .object([("endpoint", "thread_owner"), ("latency_ms", 300)]))
            let clock = ContinuousClock()
            let start = clock.now
            let answer = try await f.graph("GET", "/me/thread_owner", as: F.bot, query: ["recipient": "5003"])
            // A lower bound only: the simulator must not answer before the injected latency.
            #expect(clock.now - start >= .milliseconds(300))
            #expect(answer.status == 200)
        }
    }

    @Test func statsCountTheClientsConnectionsSoReuseIsVisible() async throws {
        try await F.run { f in
            try await f.userSays("5004", "hi")
            let client = CurlHTTPClient()
            defer { client.shutdown() }
            for _ in 0..<25 {
                let answer = try await f.graph(
                    "GET", "/me/thread_owner", as: F.bot, query: ["recipient": "5004"], client: client)
                #expect(answer.status == 200)
            }
            let stats = try await f.call("GET", "/_sim/stats").json
            #expect(stats["graph_calls"]?["thread_owner"]?.intValue == 25)
            // Sequential calls over one client reuse one connection; the simulator saw exactly the
            // connections the client opened.
            #expect(client.connectionsOpened == 1)
            #expect(stats["graph_client_connections"]?.intValue == 1)
            #expect((stats["connections_opened"]?.intValue ?? 0) >= 2)
        }
    }

    @Test func resetForgetsThreadsAndFaults() async throws {
        try await F.run { f in
            try await f.userSays("5005", "hi")
            _ = try await f.call("POST", "/_sim/faults", body: .object([("server_error_share", 1)]))
            #expect(try await f.call("POST", "/_sim/reset").status == 200)
            #expect(try await f.call("GET", "/_sim/threads").json == .object([("data", .array([]))]))
            let gone = try await f.call("GET", "/_sim/threads/5005")
            #expect(gone.status == 404)
            #expect(gone.json["error"]?["message"]?.stringValue != nil)
            try await f.userSays("5005", "again")
            #expect(try await f.graph("GET", "/me/thread_owner", as: F.bot, query: ["recipient": "5005"]).status == 200)
        }
    }

    @Test func wrongControlInputGetsMetaShapedErrors() async throws {
        try await F.run { f in
            let badJSON = try await f.call("POST", "/_sim/users/5006/messages", rawBody: Array("{oops".utf8))
            #expect(badJSON.status == 400)
            #expect(badJSON.json["error"]?["code"]?.intValue == 100)
            let empty = try await f.call("POST", "/_sim/users/5006/messages", body: .object([]))
            #expect(empty.status == 400)
            let unknownApp = try await f.call("PUT", "/_sim/roles", body: .object([("12345", "primary_receiver")]))
            #expect(unknownApp.status == 400)
            #expect(unknownApp.errorSubcode == 2_018_164)
            let twoPrimaries = try await f.call(
                "PUT", "/_sim/roles", body: .object([(F.agent, .string("primary_receiver"))]))
            #expect(twoPrimaries.status == 400)
            let badRole = try await f.call("PUT", "/_sim/roles", body: .object([(F.agent, .string("boss"))]))
            #expect(badRole.status == 400)
            let unknownPSID = try await f.call("POST", "/_sim/inbox/5999/done")
            #expect(unknownPSID.status == 400)
            #expect(unknownPSID.errorSubcode == 2_018_001)
            let badFault = try await f.call(
                "POST", "/_sim/faults", body: .object([("endpoint", "nope"), ("code2_share", 1)]))
            #expect(badFault.status == 400)
            #expect(try await f.call("GET", "/readyz").status == 200)
            let metrics = try await f.call("GET", "/metrics")
            #expect(metrics.status == 200)
        }
    }

    @Test func environmentConfiguresTheTwoAppSetup() throws {
        let environment = ServiceEnvironment([
            "PORT": "9070",
            "SIMULATOR_PAGE_ID": "777",
            "SIMULATOR_MODE": "routing",
            "SIMULATOR_IDLE_TIMEOUT_SECONDS": "30",
            "SIMULATOR_BOT_APP_ID": "111",
            "SIMULATOR_BOT_APP_SECRET": "bot-secret",
            "SIMULATOR_BOT_PAGE_TOKEN": "bot-token",
            "SIMULATOR_BOT_WEBHOOK_URL": "http://ingress:8080/webhook/111",
            "SIMULATOR_AGENT_APP_ID": "222",
            "SIMULATOR_AGENT_APP_SECRET": "agent-secret",
            "SIMULATOR_AGENT_TOKEN": "agent-token",
        ])
        let configuration = try SimulatorConfiguration(environment: environment)
        #expect(configuration.port == 9070)
        #expect(configuration.pageID == "777")
        #expect(configuration.mode == .routing)
        #expect(configuration.idleTimeout == .seconds(30))
        let apps = configuration.effectiveApps
        #expect(apps.map(\.id) == ["111", "222", "263902037430900"])
        #expect(apps[0].role == .primary && apps[0].isDefault)
        #expect(apps[0].webhookURL == "http://ingress:8080/webhook/111")
        #expect(apps[1].role == .secondary && apps[1].pageAccessToken == "agent-token")
        #expect(apps[2].webhookURL == nil)
        // Secrets stay out of descriptions.
        #expect(!String(describing: apps[0]).contains("bot-secret"))
    }

    @Test func configurationFileDescribesSeveralApps() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sim-\(UUID().uuidString).json").path
        let file = """
            {"page_id":"888","mode":"handover","id_style":"number","apps":[
              {"id":"1","secret":"s1","page_access_token":"t1","role":"primary","webhook_url":"http://a/webhook","sign_sha1":true},
              {"id":2,"secret":"s2","page_access_token":"t2","role":"secondary_receiver","subscribed_fields":["standby"]},
              {"id":"3","secret":"s3","page_access_token":"t3","role":"none"}]}
            """
        try file.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let configuration = try SimulatorConfiguration(environment: ServiceEnvironment(["SIMULATOR_CONFIG": path]))
        #expect(configuration.pageID == "888")
        #expect(configuration.idStyle == .number)
        #expect(configuration.effectiveApps.map(\.role) == [.primary, .secondary, .none, .secondary])
        #expect(configuration.effectiveApps[0].signSHA1)
        #expect(configuration.effectiveApps[1].subscribedFields == ["standby"])
        #expect(throws: ConfigurationError.self) {
            try SimulatorConfiguration(environment: ServiceEnvironment(["SIMULATOR_MODE": "chaos"]))
        }
    }
}
