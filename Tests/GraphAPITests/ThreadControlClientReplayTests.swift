import CurlHTTP
import Foundation
import GraphAPI
import Logging
import MessengerPlatform
import MetricsReading
import ServiceKit
import Testing

/// The wire format of every call and the mapping of Meta's exact error bodies, against a real HTTP
/// server that replays Meta's answers (for the codes the simulator's rules never produce).
@Suite("ThreadControlClient against replayed Meta answers")
struct ThreadControlClientReplayTests {
    /// Runs `body` with a replay server and a client pointed at it.
    static func withReplay(
        retry: RetryPolicy = .none, appSecret: String = MetaReplayServer.secret,
        _ body: @Sendable (MetaReplayServer, ThreadControlClient, ServiceMetrics) async throws -> Void
    ) async throws {
        let server = MetaReplayServer()
        try await withLocalServer(server.makeRouter()) { port async throws in
            let http = CurlHTTPClient()
            defer { http.shutdown() }
            let metrics = ServiceMetrics()
            let client = ThreadControlClient(
                configuration: GraphAPIConfiguration(
                    baseURL: "http://127.0.0.1:\(port)/", version: "v23.0", appID: "1110001", appSecret: appSecret,
                    retry: retry, plainHTTP: .loopback),
                page: PageAccess(pageID: "100000000000001", accessToken: MetaReplayServer.token),
                http: http, metrics: metrics.factory, logger: quietLogger("graph-replay-test"))
            try await body(server, client, metrics)
        }
    }

    static func json(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    // MARK: Wire format

    /// A call made while a worker handles an event carries the event's trace; other calls none.
    @Test func callsCarryTheTraceOfTheEventBeingHandled() async throws {
        try await Self.withReplay { server, client, _ async throws in
            let trace = TraceParent.random()
            try await TraceParent.$current.withValue(trace) {
                try await client.releaseThreadControl(userID: "psid-1")
            }
            try await client.releaseThreadControl(userID: "psid-1")
            #expect(server.received.map(\.traceparent) == [trace.description, nil])
        }
    }

    @Test func everyCallCarriesTokenAndAppSecretProofAndUsesTheDocumentedPaths() async throws {
        try await Self.withReplay { server, client, _ async throws in
            try await client.passThreadControl(userID: "psid-1", to: .pageInbox, metadata: "m1")
            try await client.takeThreadControl(userID: "psid-1", metadata: "m2")
            try await client.requestThreadControl(userID: "psid-1")
            try await client.releaseThreadControl(userID: "psid-1", metadata: "m3")
            try await client.extendThreadControl(userID: "psid-1", duration: .seconds(3 * 86_400))
            server.script([
                .init(body: #"{"data":[]}"#), .init(body: #"{"data":[{"id":"2220002","name":"Agents"}]}"#),
                .init(
                    body:
                        #"{"messaging_feature_status":{"hop_v2":false,"msgr_multi_app":true,"ig_multi_app":false},"id":"100000000000001"}"#
                ),
                .init(body: #"{"recipient_id":"psid-1","message_id":"m_abc"}"#),
            ])
            _ = try await client.threadOwner(userID: "psid-1")
            _ = try await client.secondaryReceivers()
            _ = try await client.messagingFeatureStatus()
            _ = try await client.sendText("hello", to: "psid-1")

            let received = server.received
            #expect(
                received.map { "\($0.method) \($0.path)" } == [
                    "POST /v23.0/me/pass_thread_control", "POST /v23.0/me/take_thread_control",
                    "POST /v23.0/me/request_thread_control", "POST /v23.0/me/release_thread_control",
                    "POST /v23.0/me/extend_thread_control", "GET /v23.0/me/thread_owner",
                    "GET /v23.0/me/secondary_receivers", "GET /v23.0/me", "POST /v23.0/me/messages",
                ])
            for request in received {
                #expect(request.query["access_token"] == MetaReplayServer.token)
                #expect(request.query["appsecret_proof"] == MetaReplayServer.expectedProof)
                if request.method == "POST" { #expect(request.contentType == "application/json") }
            }
            let pass = try Self.json(received[0].body)
            #expect((pass["recipient"] as? [String: Any])?["id"] as? String == "psid-1")
            #expect(pass["target_app_id"] as? String == "263902037430900")
            #expect(pass["metadata"] as? String == "m1")
            #expect(try Self.json(received[2].body).keys.sorted() == ["recipient"])
            #expect(jsonInt(try Self.json(received[4].body)["duration"]) == 259_200)
            #expect(received[5].query["recipient"] == "psid-1")
            #expect(received[6].query["fields"] == "id,name")
            #expect(received[7].query["fields"] == "messaging_feature_status")
        }
    }

    @Test func sendBodyHasMessagingTypeQuickRepliesMetadataAndThreadControl() async throws {
        try await Self.withReplay { server, client, _ async throws in
            server.script([
                .init(body: #"{"recipient_id":"psid-2","message_id":"m_1"}"#),
                .init(body: #"{"recipient_id":"psid-2","message_id":"m_2"}"#),
            ])
            let sent = try await client.send(
                OutgoingMessage(
                    recipientID: "psid-2", text: "Pick one", quickReplies: [.text("Yes", payload: "Y")],
                    messagingType: .messageTag, tag: "HUMAN_AGENT", metadata: "meta",
                    threadControl: .pass("2220002")))
            #expect(sent == SentMessage(recipientID: "psid-2", messageID: "m_1"))
            let body = try Self.json(try #require(server.received.first).body)
            #expect(body["messaging_type"] as? String == "MESSAGE_TAG")
            #expect(body["tag"] as? String == "HUMAN_AGENT")
            let message = try #require(body["message"] as? [String: Any])
            #expect(message["text"] as? String == "Pick one")
            #expect(message["metadata"] as? String == "meta")
            let reply = try #require((message["quick_replies"] as? [[String: Any]])?.first)
            #expect(reply["content_type"] as? String == "text")
            #expect(reply["title"] as? String == "Yes")
            #expect(reply["payload"] as? String == "Y")
            let control = try #require(body["thread_control"] as? [String: Any])
            #expect(control["control_type"] as? String == "pass")
            #expect(control["app_id"] as? String == "2220002")

            _ = try await client.send(OutgoingMessage(recipientID: "psid-2", text: "bye", threadControl: .release))
            let release = try Self.json(server.received[1].body)
            #expect(release["thread_control"] as? [String: String] == ["control_type": "release"])
            #expect(release["messaging_type"] as? String == "RESPONSE")
        }
    }

    // MARK: Answer shapes

    @Test func threadOwnerAcceptsEveryDocumentedShape() async throws {
        try await Self.withReplay { server, client, _ async throws in
            server.script([
                .init(body: #"{"data":[{"thread_owner":{"app_id":"263902037430900"}}]}"#),
                .init(body: #"{"data":[{"thread_owner":{"app_id":263902037430900,"expiration":1700000000000}}]}"#),
                .init(body: #"{"thread_owner":{"app_id":1110001}}"#),
                .init(body: #"{"data":[]}"#),
                .init(body: #"{}"#),
            ])
            #expect(try await client.threadOwner(userID: "p") == .owned(ThreadOwner(appID: .pageInbox)))
            #expect(
                try await client.threadOwner(userID: "p")
                    == .owned(ThreadOwner(appID: .pageInbox, expiration: 1_700_000_000_000)))
            #expect(try await client.threadOwner(userID: "p") == .owned(ThreadOwner(appID: "1110001")))
            #expect(try await client.threadOwner(userID: "p") == .idle)
            #expect(try await client.threadOwner(userID: "p") == .idle)
        }
    }

    /// Conversation Routing tells an app that is neither the owner nor the default app only that the
    /// thread is owned: that is its own case, never "owned by me"; `expiration` comes in seconds or
    /// milliseconds and always reads as milliseconds.
    @Test func threadOwnerWithoutAnAppIDIsOwnedByAnotherAppAndExpirationIsReadInEitherUnit() async throws {
        try await Self.withReplay { server, client, _ async throws in
            server.script([
                .init(body: #"{"data":[{"thread_owner":{"expiration":1700000000}}]}"#),
                .init(body: #"{"data":[{"thread_owner":{"expiration":"1700000000123"}}]}"#),
                .init(body: #"{"data":[{"thread_owner":{}}]}"#),
                .init(body: #"{"data":[{"thread_owner":{"app_id":"1110001","expiration":1700000000}}]}"#),
            ])
            let hidden = try await client.threadOwner(userID: "p")
            #expect(hidden == .ownedByAnotherApp(expiration: 1_700_000_000_000))
            #expect(hidden.owner == nil)
            #expect(hidden.isOwned)
            #expect(try await client.threadOwner(userID: "p") == .ownedByAnotherApp(expiration: 1_700_000_000_123))
            #expect(try await client.threadOwner(userID: "p") == .ownedByAnotherApp(expiration: nil))
            #expect(
                try await client.threadOwner(userID: "p")
                    == .owned(ThreadOwner(appID: "1110001", expiration: 1_700_000_000_000)))
        }
    }

    @Test func takeAcceptsSuccessAndThreadOwnerAnswersAndRejectsOthers() async throws {
        try await Self.withReplay { server, client, _ async throws in
            server.script([
                .init(body: #"{"success":true}"#),
                .init(body: #"{"data":[{"thread_owner":{"app_id":1110001,"expiration":"1700000000000"}}]}"#),
                .init(body: #"{"success":false}"#),
                .init(body: "ok"),
            ])
            #expect(try await client.takeThreadControl(userID: "p") == nil)
            #expect(
                try await client.takeThreadControl(userID: "p")
                    == ThreadOwner(appID: "1110001", expiration: 1_700_000_000_000))
            for _ in 0..<2 {
                let error = await #expect(throws: GraphAPIError.self) {
                    try await client.takeThreadControl(userID: "p")
                }
                #expect(error?.kind == .invalidResponse)
                #expect(error?.isRetriable == false)
            }
        }
    }

    // MARK: Error mapping (docs/protocol.md, "Graph calls and errors")

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        var status: Int
        var code: Int
        var subcode: Int?
        var kind: GraphAPIError.Kind
        var testDescription: String { "\(code)/\(subcode.map(String.init) ?? "-") → \(kind)" }
    }

    static let errorCases: [ErrorCase] = [
        .init(status: 400, code: 10, subcode: 2_018_300, kind: .anotherAppControlsThread),
        .init(status: 400, code: 100, subcode: 2_534_037, kind: .notThreadOwner),
        .init(status: 400, code: 100, subcode: 2_018_234, kind: .ownershipNotVisible),
        .init(status: 400, code: 10, subcode: 2_018_171, kind: .noRole),
        .init(status: 400, code: 2_018_171, kind: .noRole),
        .init(status: 400, code: 100, subcode: 2_018_164, kind: .invalidAppID),
        .init(status: 400, code: 2_018_321, kind: .automatedFlowHoldsThread),
        .init(status: 400, code: 10, subcode: 2_018_321, kind: .automatedFlowHoldsThread),
        .init(status: 400, code: 4, kind: .rateLimited),
        .init(status: 400, code: 613, kind: .rateLimited),
        .init(status: 400, code: 613, subcode: 2_534_040, kind: .rateLimited),
        .init(status: 500, code: 1200, kind: .transient),
        .init(status: 500, code: 2, kind: .transient),
        .init(status: 400, code: 551, kind: .userUnavailable),
        .init(status: 400, code: 200, subcode: 1_545_041, kind: .userUnavailable),
        .init(status: 400, code: 10, subcode: 2_534_022, kind: .outsideMessagingWindow),
        .init(status: 400, code: 10, subcode: 2_018_278, kind: .outsideMessagingWindow),
        .init(status: 401, code: 190, subcode: 463, kind: .authentication),
        .init(status: 403, code: 200, kind: .permission),
        .init(status: 400, code: 100, kind: .other),
    ]

    @Test(arguments: errorCases)
    func metaErrorBodyMapsToItsKind(_ errorCase: ErrorCase) async throws {
        try await Self.withReplay { server, client, metrics async throws in
            server.script([
                .error(
                    status: errorCase.status, code: errorCase.code, subcode: errorCase.subcode,
                    message: "(#\(errorCase.code)) text")
            ])
            let error = await #expect(throws: GraphAPIError.self) { try await client.sendText("hi", to: "psid-3") }
            #expect(error?.kind == errorCase.kind)
            #expect(error?.code == errorCase.code)
            #expect(error?.subcode == errorCase.subcode)
            #expect(error?.httpStatus == errorCase.status)
            #expect(error?.fbtraceID == "AbCdEf12345")
            #expect(error?.message == "(#\(errorCase.code)) text")
            #expect(error?.endpoint == .messages)
            let retriable: Set<GraphAPIError.Kind> = [.rateLimited, .transient, .automatedFlowHoldsThread]
            #expect(error?.isRetriable == retriable.contains(errorCase.kind))
            let text = MetricsText(text: String(decoding: metrics.exposition(), as: UTF8.self))
            #expect(
                text.value("graph_calls_total", ["endpoint": "messages", "outcome": errorCase.kind.metricLabel]) == 1)
        }
    }

    @Test func nonRetriableErrorsAreNeverRetriedEvenWithAttemptsLeft() async throws {
        try await Self.withReplay(retry: RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(1))) {
            server, client, _ async throws in
            for (code, subcode) in [(10, 2_018_300), (100, 2_534_037), (10, 2_534_022), (190, 463), (200, 0)] {
                server.script([.error(code: code, subcode: subcode == 0 ? nil : subcode)])
                let before = server.received.count
                await #expect(throws: GraphAPIError.self) { try await client.sendText("hi", to: "psid-4") }
                #expect(server.received.count == before + 1)
            }
        }
    }

    @Test func serverErrorsWithoutABodyAreTransientAndRetried() async throws {
        try await Self.withReplay(retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1))) {
            server, client, _ async throws in
            server.script([
                .init(status: 502, body: ""), .init(status: 503, body: "<html>Service Unavailable</html>"),
                .init(body: #"{"success":true}"#),
            ])
            try await client.requestThreadControl(userID: "psid-5")
            #expect(server.received.count == 3)

            server.script([.init(status: 500, body: ""), .init(status: 500, body: ""), .init(status: 500, body: "")])
            let error = await #expect(throws: GraphAPIError.self) {
                try await client.requestThreadControl(userID: "psid-5")
            }
            #expect(error?.kind == .transient)
            #expect(error?.httpStatus == 500)
            #expect(error?.code == nil)
            #expect(server.received.count == 6)

            server.script([.init(status: 404, body: "<html>not found</html>")])
            let notFound = await #expect(throws: GraphAPIError.self) {
                try await client.requestThreadControl(userID: "psid-5")
            }
            #expect(notFound?.kind == .invalidResponse)
        }
    }

    @Test func rateLimitRetryAfterFromTheHeaderIsHonoured() async throws {
        let policy = RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(1), maxDelay: .milliseconds(1))
        try await Self.withReplay(retry: policy) { server, client, _ async throws in
            server.script([.error(code: 613, subcode: 2_534_040, headers: [("Retry-After", "1")])])
            let clock = ContinuousClock()
            let started = clock.now
            try await client.requestThreadControl(userID: "psid-6")
            #expect(clock.now - started >= .seconds(1))
            #expect(server.received.count == 2)
        }
    }

    @Test func wrongAppSecretGivesAProofTheServerRejects() async throws {
        try await Self.withReplay(appSecret: "another-secret") { server, client, _ async throws in
            let error = await #expect(throws: GraphAPIError.self) { try await client.requestThreadControl(userID: "p") }
            #expect(error?.kind == .authentication)
            #expect(server.received.first?.query["appsecret_proof"] != MetaReplayServer.expectedProof)
        }
    }

    @Test func unreachableGraphIsARetriableTransportError() async throws {
        // Bound and never listening: refused, and no other test's server can take the port.
        let socket = try #require(BoundSocket())
        defer { socket.close() }
        let closedPort = socket.port
        let http = CurlHTTPClient()
        defer { http.shutdown() }
        let metrics = ServiceMetrics()
        let client = ThreadControlClient(
            configuration: GraphAPIConfiguration(
                baseURL: "http://127.0.0.1:\(closedPort)", appID: "1", appSecret: "s",
                retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(1)), plainHTTP: .loopback),
            page: PageAccess(pageID: "p", accessToken: "secret-token-123"), http: http, metrics: metrics.factory,
            logger: quietLogger("graph-test"))
        let error = await #expect(throws: GraphAPIError.self) { try await client.releaseThreadControl(userID: "u") }
        #expect(error?.kind == .transport)
        #expect(error?.isRetriable == true)
        #expect(error?.httpStatus == nil)
        #expect(!String(reflecting: error as Any).contains("secret-token-123"))
        let text = MetricsText(text: String(decoding: metrics.exposition(), as: UTF8.self))
        #expect(text.value("graph_calls_total", ["endpoint": "release_thread_control", "outcome": "retried"]) == 1)
        #expect(text.value("graph_calls_total", ["endpoint": "release_thread_control", "outcome": "transport"]) == 1)
    }

    @Test func secretsNeverAppearInDescriptions() {
        let configuration = GraphAPIConfiguration(appID: "1", appSecret: "the-app-secret")
        let page = PageAccess(pageID: "42", accessToken: "the-page-token")
        for text in [String(describing: configuration), String(describing: page), String(reflecting: page)] {
            #expect(!text.contains("the-app-secret"))
            #expect(!text.contains("the-page-token"))
        }
        #expect(String(describing: page).contains("42"))
    }
}
