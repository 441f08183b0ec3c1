import AgentDesk
import Foundation
import LocalStack
import SimulatorClient
import TestSupport
import Testing

/// Two agent-worker replicas in one consumer group over one real PostgreSQL server: handoffs land
/// on either replica, agents call either replica's API, and no conversation is ever given to two
/// agents.
@Suite("Two agent-worker replicas on PostgreSQL", .serialized)
struct AgentDeskReplicaTests {
    @Test func agentsRacingThroughTwoReplicasGetEachConversationOnce() async throws {
        let server = try await PostgresServer.start()
        defer { server.stop() }
        var options = ConversationHarness.Options()
        options.handoverTarget = ConversationHarness.agentApp
        options.withAgent = true
        options.agentReplicas = 2
        options.storeURL = server.url
        options.deskPolicy = AgentDeskConversationTests.policy()
        options.deskPolicy.assignment = .claim
        try await ConversationHarness.with(options) { h in
            let ana = AgentDeskConversationTests.anaToken
            let ben = AgentDeskConversationTests.benToken
            #expect(try await h.agentAPI("POST", "/agent/presence", token: ana, replica: 0).status == 200)
            #expect(try await h.agentAPI("POST", "/agent/presence", token: ben, replica: 1).status == 200)
            let users = (0..<8).map { "u-replica-\($0)" }
            for user in users { try await h.driver.userSays(user, "/help") }
            let store = try #require(h.deskStore)
            let deadline = ContinuousClock.now + .seconds(30)
            while try await store.conversations(in: [.waiting]).count < users.count {
                guard ContinuousClock.now < deadline else {
                    Issue.record("not every handoff was queued")
                    return
                }
                try await Task.sleep(for: .milliseconds(100))
            }

            // Ana through replica 0 and Ben through replica 1 try to accept every conversation at once.
            let outcomes = try await withThrowingTaskGroup(of: (String, String, Int).self) { group in
                for user in users {
                    group.addTask {
                        (
                            user, "ana",
                            try await h.agentAPI("POST", "/agent/threads/\(user)/accept", token: ana, replica: 0).status
                        )
                    }
                    group.addTask {
                        (
                            user, "ben",
                            try await h.agentAPI("POST", "/agent/threads/\(user)/accept", token: ben, replica: 1).status
                        )
                    }
                }
                var all: [(String, String, Int)] = []
                for try await outcome in group { all.append(outcome) }
                return all
            }
            for user in users {
                let mine = outcomes.filter { $0.0 == user }
                #expect(mine.filter { $0.2 == 200 }.count == 1, "\(user): \(mine)")
                #expect(mine.filter { $0.2 == 409 }.count == 1, "\(user): \(mine)")
                let winner = try #require(mine.first { $0.2 == 200 }?.1)
                let stored = try #require(
                    try await store.openConversation(pageID: ConversationHarness.pageID, userID: user))
                #expect(stored.state == .active && stored.agentID == winner)
                #expect(try await store.log(of: stored.id).filter { $0.action == "accept" }.count == 1)
            }
            // Both replicas' queues agree: nothing waits any more.
            for replica in 0..<2 {
                let queue = try await h.agentAPI("GET", "/agent/queue", token: ana, replica: replica)
                #expect((queue.json["conversations"] as? [Any])?.isEmpty == true)
            }
        }
    }

    /// The console's sign-in throttle counts in the shared store: guesses spread over both
    /// replicas use up one budget of 5, after which both refuse, even the right token.
    @Test func aGuessedTokenIsThrottledAcrossReplicas() async throws {
        let server = try await PostgresServer.start()
        defer { server.stop() }
        var options = AgentConsoleTests.options()
        options.agentReplicas = 2
        options.storeURL = server.url
        try await ConversationHarness.with(options) { h in
            var first = AgentConsoleTests.ConsoleClient(http: h.http, base: try #require(h.agent).baseURL)
            var second = AgentConsoleTests.ConsoleClient(http: h.http, base: try #require(h.moreAgents.first).baseURL)
            for guess in 0..<5 {
                var replica = guess % 2 == 0 ? first : second
                #expect(try await replica.signIn("ben", "guess-\(guess)").errorCode == "sign_in_failed")
            }
            for var replica in [first, second] {
                let throttled = try await replica.signIn("ben", AgentConsoleTests.benToken)
                #expect(throttled.status == 429 && throttled.errorCode == "too_many_sign_ins")
            }
            #expect(try await first.signIn("ana", AgentConsoleTests.anaToken).status == 200, "Ana is not locked out")
            #expect(try await second.signIn("ana", AgentConsoleTests.anaToken).status == 200)
        }
    }
}
