import CurlHTTP
import Foundation
import Launcher
import LocalStack
import SimulatorClient
import TestSupport
import Testing

/// The live-agent desk through every real process, as agents staff it: a handoff is queued and
/// offered, agent Alex accepts, reads what was said before the handoff and replies with an image;
/// the agent worker restarts without losing the conversation; Alex goes quiet, the desk re-queues
/// it and offers it to Sam, who accepts and hands the thread back: ended, with its reason and an
/// audit log of who did what.
@Suite("The agent desk through every process", .serialized)
struct AgentDeskEndToEndTests {
    /// One agent API call with `token`; the answer's status and JSON object.
    static func call(
        _ e2e: EndToEndStack, _ method: String, _ path: String, token: String, body: String? = nil
    ) async throws -> (status: Int, json: [String: Any]) {
        let url = StackEndpoints(host: e2e.configuration.host, ports: e2e.configuration.ports).agentAPIURL + path
        var headers = [CurlHeader("Authorization", "Bearer \(token)")]
        if body != nil { headers.append(CurlHeader("Content-Type", "application/json")) }
        let response = try await e2e.http.execute(
            CurlRequest(
                method: method, url: url, headers: headers,
                body: body.map { Array($0.utf8) } ?? (method == "GET" ? nil : [])))
        return (
            response.status, (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
        )
    }

    /// Polls the thread view's `conversation` until `condition` holds.
    static func waitForConversation(
        _ e2e: EndToEndStack, _ psid: String, token: String, timeout: Duration = .seconds(30),
        _ condition: ([String: Any]) -> Bool
    ) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + timeout
        var last: [String: Any] = [:]
        while ContinuousClock.now < deadline {
            let answer = try await call(e2e, "GET", "/agent/threads/\(psid)", token: token)
            if answer.status == 200, let conversation = answer.json["conversation"] as? [String: Any] {
                last = conversation
                if condition(conversation) { return conversation }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the conversation of \(psid) never got there; last: \(last)")
        return last
    }

    @Test func handoffQueuedOfferedAcceptedRequeuedWhenSilentAcceptedByAnotherAndHandedBack() async throws {
        try await EndToEndStack.run(
            "desk",
            configure: {
                $0.handoverTarget = $0.agentApp.id
                $0.deskAgentSilenceSeconds = 5
            }
        ) { e2e in
            let bot = e2e.roles.botAppID
            let agentApp = e2e.roles.agentAppID
            let alex = try #require(e2e.configuration.deskAgents.first).token
            let sam = try #require(e2e.configuration.deskAgents.last).token
            let psid = "desk-1"
            // Alex signed in when the stack started; Sam signs in now.
            #expect(try await Self.call(e2e, "POST", "/agent/presence", token: sam).status == 200)

            try await e2e.player.run(
                ConversationStep("the user greets the bot", .user("hi"), expect: [.send(by: bot)], owner: bot),
                psid: psid)
            try await e2e.player.run(
                ConversationStep(
                    "the user asks for a person", .user("/help"),
                    expect: [.send(by: bot), .control(action: "pass", by: bot, to: agentApp)], owner: agentApp),
                psid: psid)

            // Queued, then offered to Alex (the least loaded, first in the desk file).
            var conversation = try await Self.waitForConversation(e2e, psid, token: alex) {
                $0["state"] as? String == "offered"
            }
            #expect(conversation["agent_id"] as? String == "alex")
            let id = try #require(conversation["id"] as? String)
            #expect(try await Self.call(e2e, "POST", "/agent/threads/\(psid)/accept", token: sam).status == 409)
            #expect(try await Self.call(e2e, "POST", "/agent/threads/\(psid)/accept", token: alex).status == 200)

            // The history holds what was said before the handoff.
            let history = try await Self.call(e2e, "GET", "/agent/threads/\(psid)/history", token: alex)
            let entries = try #require(history.json["entries"] as? [[String: Any]])
            #expect(
                entries.contains {
                    $0["before_handoff"] as? Bool == true && $0["author"] as? String == "user"
                        && $0["text"] as? String == "hi"
                })
            #expect(entries.contains { $0["before_handoff"] as? Bool == true && $0["author"] as? String == "bot" })

            // Alex replies with an image.
            let image = try await Self.call(
                e2e, "POST", "/agent/threads/\(psid)/reply", token: alex,
                body: #"{"attachment":{"type":"image","url":"https://cdn.example.com/label.png"}}"#)
            #expect(image.status == 200)
            _ = try await e2e.player.waitForThread(psid, timeout: .seconds(20), describing: "the image is sent") {
                $0.transcript.contains { $0.kind == .send && $0.appID == agentApp }
            }

            // Alex's console page is listening for live updates; it does not hold the shutdown up:
            // the stream ends and the worker exits cleanly, well within its stop grace.
            let base = StackEndpoints(host: e2e.configuration.host, ports: e2e.configuration.ports).agentAPIURL
            let signIn = try await e2e.http.execute(
                CurlRequest(
                    method: "POST", url: base + "/console/session",
                    headers: [CurlHeader("Content-Type", "application/json"), CurlHeader("Origin", base)],
                    body: Array(#"{"agent_id":"alex","token":"\#(alex)"}"#.utf8)))
            let cookie = try #require(
                signIn.headers.first { $0.name.lowercased() == "set-cookie" }?.value.split(separator: ";").first)
            let http = e2e.http
            let page = Task {
                try await http.execute(
                    CurlRequest(
                        url: base + "/console/api/events", headers: [CurlHeader("Cookie", String(cookie))],
                        timeout: .seconds(120)))
            }
            try await Task.sleep(for: .seconds(1))

            // The agent worker restarts: the conversation and its history are still there (SQLite in the run folder).
            let exit = await e2e.stack.stop(.agentWorker)
            #expect(
                exit?.isClean == true,
                "the agent worker did not stop cleanly with a console open: \(String(describing: exit))")
            let stream = try await page.value
            #expect(stream.status == 200 && String(decoding: stream.body, as: UTF8.self).contains("event: ready"))
            try await e2e.stack.start(.agentWorker)
            let afterRestart = try await Self.call(e2e, "GET", "/agent/threads/\(psid)/history", token: alex)
            let kept = try #require(afterRestart.json["entries"] as? [[String: Any]])
            #expect(kept.count >= entries.count + 1, "history survives the restart")
            #expect(kept.contains { $0["author"] as? String == "agent" && $0["agent_id"] as? String == "alex" })
            #expect(afterRestart.json["conversation_id"] as? String == id)

            // Alex is silent: the desk re-queues the conversation and offers it to Sam.
            conversation = try await Self.waitForConversation(e2e, psid, token: sam) {
                $0["state"] as? String == "offered" && $0["agent_id"] as? String == "sam"
            }
            #expect(try await Self.call(e2e, "POST", "/agent/threads/\(psid)/accept", token: sam).status == 200)
            #expect(
                try await Self.call(
                    e2e, "POST", "/agent/threads/\(psid)/reply", token: sam,
                    body: #"{"text":"Sam here, it ships today."}"#
                ).status == 200)
            #expect(
                try await Self.call(
                    e2e, "POST", "/agent/threads/\(psid)/handback", token: sam, body: #"{"metadata":"done"}"#
                )
                .status == 200)
            _ = try await e2e.player.waitForThread(psid, timeout: .seconds(20), describing: "the bot owns the thread") {
                $0.owner == bot
            }
            conversation = try await Self.waitForConversation(e2e, psid, token: sam) {
                $0["state"] as? String == "ended"
            }
            #expect(conversation["reason"] as? String == "handed_back")

            let log = try await Self.call(e2e, "GET", "/agent/conversations/\(id)/log", token: alex)
            let steps = (log.json["entries"] as? [[String: Any]] ?? []).map {
                "\($0["actor"] as? String ?? "?") \($0["action"] as? String ?? "?")"
            }
            for step in [
                "worker queue", "worker offer", "agent:alex accept", "agent:alex reply", "worker agent_silent",
                "agent:sam accept", "agent:sam reply", "agent:sam hand_back",
            ] {
                #expect(steps.contains(step), "\(step) is missing from \(steps)")
            }
        }
    }
}
