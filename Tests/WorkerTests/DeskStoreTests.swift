import AgentDesk
import Foundation
import LocalStack
import Logging
import Testing

/// The desk's store on both backends: SQLite (a file) and a real PostgreSQL server started for
/// the test. The same statements, the same answers.
@Suite("Desk store on SQLite and PostgreSQL", .serialized)
struct DeskStoreTests {
    enum Backend: String, CaseIterable, Sendable { case sqlite, postgres }

    static let logger = Logger(label: "desk.store.test")

    /// Runs `body` with `count` stores over one fresh database of `backend` (several stores: the
    /// replicas of a deployment).
    static func with(
        _ backend: Backend, stores count: Int = 1, _ body: ([DeskStore]) async throws -> Void
    ) async throws {
        switch backend {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("desk-\(UUID().uuidString).sqlite")
                .path
            defer { try? FileManager.default.removeItem(atPath: path) }
            var stores: [DeskStore] = []
            for _ in 0..<count { stores.append(try await DeskStore.open(url: "sqlite:" + path, logger: logger)) }
            do { try await body(stores) } catch {
                for store in stores { await store.close() }
                throw error
            }
            for store in stores { await store.close() }
        case .postgres:
            let server = try await PostgresServer.start()
            defer { server.stop() }
            var stores: [DeskStore] = []
            for _ in 0..<count { stores.append(try await DeskStore.open(url: server.url, logger: logger)) }
            do { try await body(stores) } catch {
                for store in stores { await store.close() }
                throw error
            }
            for store in stores { await store.close() }
        }
    }

    static func conversation(_ id: String, user: String, at: Int64 = 1_000) -> Conversation {
        Conversation(
            id: id, pageID: "p", userID: user, queuedAt: at, handoffMetadata: "reason", previousOwnerAppID: "1")
    }

    @Test(arguments: Backend.allCases)
    func migrationsAreIdempotentAndVersioned(_ backend: Backend) async throws {
        try await Self.with(backend, stores: 2) { stores in
            try await stores[1].migrate()
            #expect(try await stores[0].schemaVersion() == 4)
        }
    }

    /// Two replicas counting one agent id's sign-in attempts at once: every attempt gets its own
    /// number, so no replica can hand out a sixth try.
    @Test(arguments: Backend.allCases)
    func signInAttemptsThroughTwoReplicasAtOnceAreEachCounted(_ backend: Backend) async throws {
        try await Self.with(backend, stores: 2) { stores in
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for attempt in 0..<20 {
                    group.addTask {
                        try await stores[attempt % 2].countSignInAttempt(agentID: "ben", at: 1_000, window: 300_000)
                    }
                }
                var all: [Int] = []
                for try await count in group { all.append(count) }
                return all
            }
            #expect(counts.sorted() == Array(1...20))
        }
    }

    @Test(arguments: Backend.allCases)
    func consoleSessionsSignInAttemptsReplyKeysAndExtendedControlAreKept(_ backend: Backend) async throws {
        try await Self.with(backend) { stores in
            let store = stores[0]
            // Sessions: found while live, gone after expiry or deletion.
            let session = DeskStore.ConsoleSession(
                agentID: "ana", csrfToken: "csrf", createdAt: 1_000, expiresAt: 5_000)
            try await store.createSession(idSHA256: "h1", session)
            #expect(try await store.session(idSHA256: "h1", at: 4_999) == session)
            #expect(try await store.session(idSHA256: "h1", at: 5_000) == nil)
            #expect(try await store.session(idSHA256: "h2", at: 2_000) == nil)
            try await store.deleteSession(idSHA256: "h1")
            #expect(try await store.session(idSHA256: "h1", at: 2_000) == nil)

            // Reply keys: claimed once; in progress until completed; released only when unsent.
            #expect(try await store.claimReply(agentID: "ana", key: "k", at: 1_000) == .claimed)
            #expect(try await store.claimReply(agentID: "ana", key: "k", at: 1_001) == .inProgress)
            #expect(try await store.claimReply(agentID: "ben", key: "k", at: 1_001) == .claimed, "keys are per agent")
            try await store.completeReply(agentID: "ana", key: "k", answer: #"{"message_id":"m1"}"#)
            try await store.releaseReply(agentID: "ana", key: "k")
            #expect(
                try await store.claimReply(agentID: "ana", key: "k", at: 1_002)
                    == .sent(answer: #"{"message_id":"m1"}"#))
            try await store.releaseReply(agentID: "ben", key: "k")
            #expect(try await store.claimReply(agentID: "ben", key: "k", at: 1_003) == .claimed)

            // Sign-in attempts: counted per agent id in runs of `window` from the run's first attempt.
            let window: Int64 = 300
            for expected in 1...3 {
                #expect(try await store.countSignInAttempt(agentID: "ben", at: 1_000, window: window) == expected)
            }
            #expect(try await store.countSignInAttempt(agentID: "ana", at: 1_000, window: window) == 1, "per agent")
            #expect(try await store.countSignInAttempt(agentID: "ben", at: 1_299, window: window) == 4, "same run")
            #expect(try await store.countSignInAttempt(agentID: "ben", at: 1_300, window: window) == 1, "a new run")
            #expect(try await store.countSignInAttempt(agentID: "ben", at: 1_301, window: window) == 2)
            try await store.clearSignInAttempts(agentID: "ben")
            #expect(try await store.countSignInAttempt(agentID: "ben", at: 1_302, window: window) == 1, "cleared")

            try await store.forgetExpired(
                sessionsBefore: 10_000, replyKeysBefore: 1_003, signInAttemptsBefore: 1_001)
            #expect(try await store.claimReply(agentID: "ana", key: "k", at: 1_004) == .claimed, "forgotten")
            let attempts = try await store.database.query("SELECT agent_id FROM console_sign_in_attempts")
            #expect(attempts.compactMap { $0.text("agent_id") } == ["ben"], "Ana's run started before 1,001")

            // A conversation lapses a day after its user's last word, unless control was extended.
            let day = Conversation.lapse
            for (id, user) in [("c1", "u1"), ("c2", "u2")] {
                #expect(try await store.insert(Self.conversation(id, user: user, at: 0), actor: "worker"))
            }
            let c2 = try #require(try await store.conversation(id: "c2"))
            let extended = try c2.applying(.controlExtended(until: 7 * day), at: 10)
            #expect(try await store.update(c2, to: extended, actor: "agent:ana", action: "extend", at: 10))
            #expect(try await store.conversation(id: "c2")?.controlUntil == 7 * day)
            let lapsing = try await store.due(.waiting, column: .lastUserActivity, atOrBefore: 2 * day - day)
            #expect(lapsing.map(\.id) == ["c1"], "after two days only the unextended one lapses")
            let later = try await store.due(.waiting, column: .lastUserActivity, atOrBefore: 7 * day - day)
            #expect(later.map(\.id) == ["c1", "c2"], "once the extension ends, both")

            // The change mark moves with open conversations.
            let before = try await store.changeMark()
            #expect(try await store.userWrote(pageID: "p", userID: "u1", at: 50) != nil)
            #expect(try await store.changeMark() != before)
        }
    }

    @Test(arguments: Backend.allCases)
    func aReplayedHandoffOrASecondOpenConversationInsertsNothing(_ backend: Backend) async throws {
        try await Self.with(backend) { stores in
            let store = stores[0]
            #expect(try await store.insert(Self.conversation("e1", user: "u1"), actor: "worker"))
            #expect(try await !store.insert(Self.conversation("e1", user: "u1"), actor: "worker"))
            #expect(try await !store.insert(Self.conversation("e2", user: "u1"), actor: "worker"))
            let open = try #require(try await store.openConversation(pageID: "p", userID: "u1"))
            let ended = try open.applying(.end(.handedBack), at: 2_000)
            #expect(try await store.update(open, to: ended, actor: "worker", action: "end", at: 2_000))
            #expect(try await store.insert(Self.conversation("e3", user: "u1", at: 3_000), actor: "worker"))
            #expect(try await store.latestConversation(pageID: "p", userID: "u1")?.id == "e3")
        }
    }

    @Test(arguments: Backend.allCases)
    func historyIgnoresRepeatsAndPagesBackwards(_ backend: Backend) async throws {
        try await Self.with(backend) { stores in
            let store = stores[0]
            for index in 0..<25 {
                let entry = HistoryEntry(
                    id: "m\(index)", pageID: "p", userID: "u", at: Int64(1_000 + index),
                    author: index % 2 == 0 ? .user : .bot,
                    text: "t\(index)",
                    attachments: index == 3 ? [.init(type: "image", url: "https://cdn.example/\(index).png")] : [])
                #expect(try await store.record(entry))
                #expect(try await !store.record(entry), "a replay adds nothing")
            }
            let newest = try await store.history(pageID: "p", userID: "u", limit: 10)
            #expect(newest.map(\.id) == (15..<25).map { "m\($0)" })
            let older = try await store.history(
                pageID: "p", userID: "u", before: HistoryCursor(at: newest[0].at, id: newest[0].id), limit: 10)
            #expect(older.map(\.id) == (5..<15).map { "m\($0)" })
            let oldest = try await store.history(
                pageID: "p", userID: "u", before: HistoryCursor(at: older[0].at, id: older[0].id), limit: 10)
            #expect(oldest.map(\.id) == (0..<5).map { "m\($0)" })
            #expect(oldest[3].attachments == [.init(type: "image", url: "https://cdn.example/3.png")])
        }
    }

    @Test(arguments: Backend.allCases)
    func anAgentsReplyKeepsTheAgentWhenItsEchoWasRecordedFirst(_ backend: Backend) async throws {
        try await Self.with(backend) { stores in
            let store = stores[0]
            let echo = HistoryEntry(
                id: "m_reply", pageID: "p", userID: "u", at: 5, author: .agent, appID: "2", text: "hi")
            #expect(try await store.record(echo))
            var reply = echo
            reply.agentID = "ana"
            try await store.recordAgentReply(reply)
            try await store.recordAgentReply(reply)
            let history = try await store.history(pageID: "p", userID: "u", limit: 10)
            #expect(history.count == 1 && history[0].agentID == "ana" && history[0].author == .agent)
            #expect(try await !store.record(echo), "a later echo adds nothing")
        }
    }

    /// Two replicas, each with its own connections, race to give the same conversations to two
    /// different agents: every conversation ends up with exactly one agent, and exactly one of the
    /// two writes won.
    @Test(arguments: Backend.allCases)
    func twoReplicasNeverAssignOneConversationToTwoAgents(_ backend: Backend) async throws {
        try await Self.with(backend, stores: 2) { stores in
            let count = 40
            for index in 0..<count {
                #expect(try await stores[0].insert(Self.conversation("c\(index)", user: "u\(index)"), actor: "worker"))
            }
            let wins = try await withThrowingTaskGroup(of: (String, String)?.self) { group in
                for index in 0..<count {
                    for (replica, agent) in [(0, "ana"), (1, "ben")] {
                        group.addTask {
                            let store = stores[replica]
                            guard let current = try await store.conversation(id: "c\(index)"),
                                let next = try? current.applying(.accept(by: agent), at: 5_000),
                                next.version != current.version
                            else { return nil }
                            return try await store.update(
                                current, to: next, actor: "agent:\(agent)", action: "accept", at: 5_000)
                                ? ("c\(index)", agent) : nil
                        }
                    }
                }
                var wins: [(String, String)] = []
                for try await win in group { if let win { wins.append(win) } }
                return wins
            }
            #expect(wins.count == count, "one accept per conversation won")
            #expect(Set(wins.map(\.0)).count == count)
            for index in 0..<count {
                let stored = try #require(try await stores[1].conversation(id: "c\(index)"))
                let winner = wins.first { $0.0 == "c\(index)" }?.1
                #expect(stored.state == .active && stored.agentID == winner)
                let accepts = try await stores[0].log(of: "c\(index)").filter { $0.action == "accept" }
                #expect(accepts.count == 1)
            }
        }
    }

    @Test(arguments: Backend.allCases)
    func outboxLeasesAnEventToOneSenderUntilItIsDelivered(_ backend: Backend) async throws {
        try await Self.with(backend, stores: 2) { stores in
            try await stores[0].enqueueDeskEvent(id: "e1", body: "{}", trace: nil, at: 1)
            try await stores[0].enqueueDeskEvent(id: "e1", body: "{}", trace: nil, at: 1)
            let first = try await stores[0].leaseDeskEvents(now: 10, leaseUntil: 100, limit: 10)
            let second = try await stores[1].leaseDeskEvents(now: 10, leaseUntil: 100, limit: 10)
            #expect(first.map(\.id) == ["e1"] && second.isEmpty)
            let again = try await stores[1].leaseDeskEvents(now: 101, leaseUntil: 200, limit: 10)
            #expect(again.map(\.id) == ["e1"], "an expired lease is taken over")
            try await stores[1].deskEventDelivered(id: "e1", at: 150)
            #expect(try await stores[0].pendingDeskEvents() == 0)
            #expect(try await stores[0].leaseDeskEvents(now: 1_000, leaseUntil: 2_000, limit: 10).isEmpty)
        }
    }

    @Test func aBadStoreURLIsRefusedClearly() async throws {
        await #expect(throws: SQLDatabaseError.self) { try await DeskStore.open(url: "mysql://x", logger: Self.logger) }
        await #expect(throws: SQLDatabaseError.self) {
            try await DeskStore.open(url: "postgres://nohost", logger: Self.logger)
        }
        await #expect(throws: SQLDatabaseError.self) {
            try await DeskStore.open(url: "sqlite:/nonexistent-folder/x/desk.sqlite", logger: Self.logger)
        }
    }
}
