import Simulator
import SimulatorClient
import TestSupport
import Testing

/// Who may call what, and Meta's error bodies for everyone else (docs/protocol.md, "Graph calls and errors").
@Suite("Simulator Graph API rules and errors")
struct GraphRulesTests {
    typealias F = SimulatorFixture

    private static func recipient(_ psid: String, _ extra: [(String, JSONValue)] = []) -> JSONValue {
        .object([("recipient", .object([("id", .string(psid))]))] + extra)
    }

    /// Asserts Meta's error shape and codes.
    private static func expectError(
        _ answer: F.Answer, status: Int = 400, code: Int64, subcode: Int64? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(answer.status == status, "\(answer)", sourceLocation: sourceLocation)
        #expect(answer.errorCode == code, "\(answer)", sourceLocation: sourceLocation)
        #expect(answer.errorSubcode == subcode, "\(answer)", sourceLocation: sourceLocation)
        #expect(answer.json["error"]?["type"]?.stringValue != nil, sourceLocation: sourceLocation)
        #expect(answer.json["error"]?["message"]?.stringValue?.isEmpty == false, sourceLocation: sourceLocation)
        #expect(answer.json["error"]?["fbtrace_id"]?.stringValue?.isEmpty == false, sourceLocation: sourceLocation)
    }

    @Test func sendingAsNonOwnerFailsWith10And2018300AndSendsNoEcho() async throws {
        try await F.run { f in
            try await f.userSays("8001", "hi")
            let answer = try await f.graph(
                "POST", "/me/messages", as: F.agent,
                body: Self.recipient("8001", [("message", .object([("text", "agent here")]))]))
            Self.expectError(answer, code: 10, subcode: 2_018_300)
            #expect(try await f.deliveries("8001").allSatisfy { $0.event != "echo" })
        }
    }

    @Test func senderActionsAreRecordedAndOnlyKnownOnesFromTheOwnerAccepted() async throws {
        try await F.run { f in
            try await f.userSays("8010", "hi")
            let typing = try await f.graph(
                "POST", "/me/messages", as: F.bot, body: Self.recipient("8010", [("sender_action", "typing_on")]))
            #expect(typing.status == 200, "\(typing)")
            let unknown = try await f.graph(
                "POST", "/me/messages", as: F.bot, body: Self.recipient("8010", [("sender_action", "dance")]))
            Self.expectError(unknown, code: 100)
            let neither = try await f.graph("POST", "/me/messages", as: F.bot, body: Self.recipient("8010"))
            Self.expectError(neither, code: 100)
            let notOwner = try await f.graph(
                "POST", "/me/messages", as: F.agent, body: Self.recipient("8010", [("sender_action", "mark_seen")]))
            Self.expectError(notOwner, code: 10, subcode: 2_018_300)
            let shown = try await f.thread("8010").transcript.filter { $0.kind == .senderAction }
            #expect(shown.map { "\($0.appID ?? "?") \($0.action ?? "?")" } == ["\(F.bot) typing_on"])
        }
    }

    @Test func aSendNamesItsPersona() async throws {
        try await F.run { f in
            try await f.userSays("8011", "hi")
            let sent = try await f.graph(
                "POST", "/me/messages", as: F.bot,
                body: Self.recipient("8011", [("message", .object([("text", "Ana here")])), ("persona_id", "42")]))
            #expect(sent.status == 200, "\(sent)")
            #expect(try await f.thread("8011").sends(by: F.bot).last?.personaID == "42")
        }
    }

    @Test func aSecondaryCannotTakeFromThePrimary() async throws {
        try await F.run { f in
            try await f.userSays("8002", "hi")
            let answer = try await f.graph("POST", "/me/take_thread_control", as: F.agent, body: Self.recipient("8002"))
            Self.expectError(answer, code: 10)
            #expect(try await f.thread("8002").owner == F.bot)
        }
    }

    @Test func onlyThePrimaryListsSecondaryReceivers() async throws {
        try await F.run { f in
            let denied = try await f.graph("GET", "/me/secondary_receivers", as: F.agent, query: ["fields": "id,name"])
            Self.expectError(denied, code: 10)
            let listed = try await f.graph("GET", "/me/secondary_receivers", as: F.bot, query: ["fields": "id,name"])
            #expect(listed.status == 200)
            let data = listed.json["data"]?.arrayValue ?? []
            #expect(Set(data.compactMap { $0["id"]?.stringValue }) == [F.agent, F.inbox])
            #expect(data.contains { $0["name"]?.stringValue == "Page Inbox" })
        }
    }

    @Test func aSecondarySeesTheOwnerOnlyWhenItOrThePrimaryOwnsTheThread() async throws {
        try await F.run { f in
            try await f.userSays("8003", "hi")
            let whilePrimary = try await f.graph("GET", "/me/thread_owner", as: F.agent, query: ["recipient": "8003"])
            #expect(whilePrimary.json["data"]?.arrayValue?.first?["thread_owner"]?["app_id"]?.stringValue == F.bot)

            _ = try await f.graph(
                "POST", "/me/pass_thread_control", as: F.bot,
                body: Self.recipient("8003", [("target_app_id", .string(F.inbox))]))
            let hidden = try await f.graph("GET", "/me/thread_owner", as: F.agent, query: ["recipient": "8003"])
            Self.expectError(hidden, code: 100, subcode: 2_018_234)
            let primaryView = try await f.graph("GET", "/me/thread_owner", as: F.bot, query: ["recipient": "8003"])
            #expect(primaryView.json["data"]?.arrayValue?.first?["thread_owner"]?["app_id"]?.stringValue == F.inbox)

            // The primary may take from the Page Inbox.
            let take = try await f.graph("POST", "/me/take_thread_control", as: F.bot, body: Self.recipient("8003"))
            #expect(take.status == 200)
            let visibleAgain = try await f.graph("GET", "/me/thread_owner", as: F.agent, query: ["recipient": "8003"])
            #expect(visibleAgain.status == 200)
            #expect(visibleAgain.json["data"]?.arrayValue?.first?["thread_owner"]?["app_id"]?.stringValue == F.bot)
        }
    }

    @Test func badTokensAndBadProofsAreRejectedWith190() async throws {
        try await F.run { f in
            try await f.userSays("8004", "hi")
            let unknownToken = try await f.graph(
                "GET", "/me/thread_owner", as: F.bot, query: ["recipient": "8004"], token: "not-a-token")
            Self.expectError(unknownToken, code: 190)
            let wrongProof = try await f.graph(
                "GET", "/me/thread_owner", as: F.bot, query: ["recipient": "8004"], proof: .some("00ff"))
            Self.expectError(wrongProof, code: 190)
            // A proof made with another app's secret is wrong too.
            let otherSecret = F.proof(token: F.token(F.bot), secret: F.secret(F.agent))
            let foreignProof = try await f.graph(
                "GET", "/me/thread_owner", as: F.bot, query: ["recipient": "8004"], proof: .some(otherSecret))
            Self.expectError(foreignProof, code: 190)
            let noProof = try await f.graph(
                "GET", "/me/thread_owner", as: F.bot, query: ["recipient": "8004"], proof: .some(nil))
            Self.expectError(noProof, code: 190)
            let good = try await f.graph("GET", "/me/thread_owner", as: F.bot, query: ["recipient": "8004"])
            #expect(good.status == 200)
        }
    }

    @Test func passingToAnUnknownAppFailsWith2018164() async throws {
        try await F.run { f in
            try await f.userSays("8005", "hi")
            let answer = try await f.graph(
                "POST", "/me/pass_thread_control", as: F.bot,
                body: Self.recipient("8005", [("target_app_id", "26390203743090")]))
            Self.expectError(answer, code: 100, subcode: 2_018_164)
            #expect(try await f.thread("8005").owner == F.bot)
        }
    }

    @Test func anAppWithoutARoleGets2018171() async throws {
        let outsider = SimulatorConfiguration.App(
            id: "4004000000004", secret: F.secret("4004000000004"), pageAccessToken: F.token("4004000000004"),
            role: .none)
        try await F.run(extraApps: [outsider]) { f in
            try await f.userSays("8006", "hi")
            let answer = try await f.graph(
                "POST", "/me/request_thread_control", as: outsider.id, body: Self.recipient("8006"))
            Self.expectError(answer, code: 10, subcode: 2_018_171)
        }
    }

    @Test func onlyTheOwnerPassesAndTheIdIsAcceptedAsANumber() async throws {
        try await F.run { f in
            try await f.userSays("8007", "hi")
            let notOwner = try await f.graph(
                "POST", "/me/pass_thread_control", as: F.agent,
                body: Self.recipient("8007", [("target_app_id", .string(F.inbox))]))
            Self.expectError(notOwner, code: 100, subcode: 2_534_037)
            let numeric = try await f.graph(
                "POST", "/me/pass_thread_control", as: F.bot,
                body: Self.recipient("8007", [("target_app_id", .int(Int64(F.inbox)!))]))
            #expect(numeric.status == 200)
            #expect(try await f.thread("8007").owner == F.inbox)
        }
    }

    @Test func extendingBeyondSevenDaysFailsWith100() async throws {
        try await F.run(mode: .routing) { f in
            try await f.userSays("8008", "hi")
            _ = try await f.graph("POST", "/me/take_thread_control", as: F.bot, body: Self.recipient("8008"))
            let tooLong = try await f.graph(
                "POST", "/me/extend_thread_control", as: F.bot,
                body: Self.recipient("8008", [("duration", .int(7 * 86_400 + 1))]))
            Self.expectError(tooLong, code: 100)
            let notOwner = try await f.graph(
                "POST", "/me/extend_thread_control", as: F.agent,
                body: Self.recipient("8008", [("duration", 3600)]))
            Self.expectError(notOwner, code: 100, subcode: 2_534_037)
        }
    }

    @Test func unknownUsersAndMalformedBodiesGetMetaErrorsNotCrashes() async throws {
        try await F.run { f in
            let unknownUser = try await f.graph(
                "POST", "/me/take_thread_control", as: F.bot, body: Self.recipient("9999"))
            Self.expectError(unknownUser, code: 100, subcode: 2_018_001)
            let noRecipient = try await f.graph("POST", "/me/take_thread_control", as: F.bot, body: .object([]))
            Self.expectError(noRecipient, code: 100)
            let notJSON = try await f.call(
                "POST",
                "/v23.0/me/messages?access_token=\(F.token(F.bot))&appsecret_proof=\(F.proof(token: F.token(F.bot), secret: F.secret(F.bot)))",
                rawBody: Array("{not json".utf8))
            Self.expectError(notJSON, code: 100)
            let wrongPage = try await f.graph("POST", "/123/take_thread_control", as: F.bot, body: Self.recipient("1"))
            Self.expectError(wrongPage, code: 100, subcode: 33)
            let unknownEdge = try await f.graph("GET", "/me/frobnicate", as: F.bot)
            Self.expectError(unknownEdge, code: 2500)
            // The simulator still works.
            #expect(try await f.call("GET", "/healthz").status == 200)
        }
    }

    @Test func takeAnswersAlternateBetweenBothDocumentedShapes() async throws {
        try await F.run(configure: { $0.takeAnswer = .alternating }) { f in
            try await f.userSays("8009", "hi")
            _ = try await f.graph(
                "POST", "/me/pass_thread_control", as: F.bot,
                body: Self.recipient("8009", [("target_app_id", .string(F.agent))]))
            let first = try await f.graph("POST", "/me/take_thread_control", as: F.bot, body: Self.recipient("8009"))
            #expect(first.json == .object([("success", true)]))
            let second = try await f.graph("POST", "/me/take_thread_control", as: F.bot, body: Self.recipient("8009"))
            #expect(second.json["data"]?.arrayValue?.first?["thread_owner"]?["app_id"]?.stringValue == F.bot)
        }
    }

    @Test func pageNodeReportsMessagingFeatureStatus() async throws {
        try await F.run(mode: .routing) { f in
            let answer = try await f.graph("GET", "/me", as: F.agent, query: ["fields": "messaging_feature_status"])
            #expect(answer.status == 200)
            #expect(answer.json["id"]?.stringValue == F.pageID)
            #expect(answer.json["messaging_feature_status"]?["msgr_multi_app"] == .bool(true))
            #expect(answer.json["messaging_feature_status"]?["hop_v2"] == .bool(true))
        }
    }
}
