import AgentDesk
import Foundation
import Testing

/// The desk's decisions without effects: the conversation state machine, the agent choice,
/// business hours, and the desk file with every way it can be wrong.
@Suite("Desk decisions and the desk file")
struct DeskPolicyTests {
    let queued = Conversation(
        id: "e1", pageID: "p", userID: "u", queuedAt: 1_000, handoffMetadata: nil, previousOwnerAppID: nil)

    @Test func conversationsMoveOnlyAlongTheDocumentedEdges() throws {
        let offered = try queued.applying(.offer(to: "ana"), at: 2_000)
        #expect(offered.state == .offered && offered.agentID == "ana" && offered.version == 1)
        #expect(throws: DeskRefusal.heldByAnotherAgent) { try offered.applying(.accept(by: "ben"), at: 2_100) }
        #expect(throws: DeskRefusal.notOffered) { try offered.applying(.decline(by: "ben"), at: 2_100) }
        let declined = try offered.applying(.decline(by: "ana"), at: 2_200)
        #expect(declined.state == .waiting && declined.declinedBy == ["ana"] && declined.agentID == nil)
        let claimed = try declined.applying(.accept(by: "ben"), at: 2_300)
        #expect(claimed.state == .active && claimed.acceptedAt == 2_300 && claimed.reason == .accepted)
        #expect(try claimed.applying(.accept(by: "ben"), at: 2_400) == claimed, "accepting twice changes nothing")
        #expect(throws: DeskRefusal.heldByAnotherAgent) { try claimed.applying(.agentReplied(by: "ana"), at: 2_500) }
        let replied = try claimed.applying(.agentReplied(by: "ben"), at: 2_500)
        #expect(replied.firstReplyAt == 2_500 && replied.lastAgentActivityAt == 2_500)
        #expect(try replied.applying(.agentReplied(by: "ben"), at: 2_600).firstReplyAt == 2_500)
        let requeued = try replied.applying(.requeue(.agentSilent), at: 3_000)
        #expect(requeued.state == .waiting && requeued.reason == .agentSilent && requeued.agentID == nil)
        #expect(requeued.declinedBy == ["ana", "ben"], "the silent agent is not offered it again")
        #expect(requeued.version == replied.version + 1, "one write re-queues and excludes")
        #expect(throws: DeskRefusal.notHeld) { try requeued.applying(.agentReplied(by: "ben"), at: 3_100) }
        #expect(throws: DeskRefusal.notApplicable(.waiting)) { try requeued.applying(.expireOffer, at: 3_100) }
        let ended = try requeued.applying(.end(.expired), at: 4_000)
        #expect(ended.state == .ended && ended.endedAt == 4_000)
        for action in [DeskAction.offer(to: "ana"), .accept(by: "ana"), .end(.lapsed), .requeue(.agentSilent)] {
            #expect(throws: DeskRefusal.ended) { try ended.applying(action, at: 5_000) }
        }
        let kept = try replied.applying(.controlExtended(until: 90_000), at: 2_700)
        #expect(kept.controlUntil == 90_000 && kept.state == .active)
        #expect(try kept.applying(.controlExtended(until: 50_000), at: 2_800).controlUntil == 90_000, "never shortened")
        #expect(throws: DeskRefusal.ended) { try ended.applying(.controlExtended(until: 1), at: 5_000) }
        let missed = try offered.applying(.expireOffer, at: 9_000)
        #expect(missed.state == .waiting && missed.missedOffers == 1 && missed.reason == .expired)
    }

    @Test func theLeastLoadedOnlineAgentWithRoomWhoDidNotDeclineGetsTheOffer() {
        let ana = DeskAgent(id: "ana", name: "Ana", tokenSHA256: [], capacity: 2)
        let ben = DeskAgent(id: "ben", name: "Ben", tokenSHA256: [], capacity: 1)
        let cleo = DeskAgent(id: "cleo", name: "Cleo", tokenSHA256: [], capacity: 3)
        #expect(AgentChoice.agent(for: queued, online: [ana, ben, cleo], loads: [:])?.id == "ana")
        #expect(AgentChoice.agent(for: queued, online: [ana, ben, cleo], loads: ["ana": 1])?.id == "ben")
        #expect(AgentChoice.agent(for: queued, online: [ana, ben], loads: ["ana": 2, "ben": 1]) == nil)
        var declined = queued
        declined.declinedBy = ["ana"]
        #expect(AgentChoice.agent(for: declined, online: [ana, cleo], loads: ["cleo": 2])?.id == "cleo")
        #expect(AgentChoice.agent(for: declined, online: [ana], loads: [:]) == nil)
    }

    @Test func anAgentIsOnlineOnlyWhileTheirLastOnlineHeartbeatIsRecent() {
        var policy = DeskPolicy()
        policy.presenceTimeout = 60_000
        let online = DeskStore.Presence(agentID: "ana", status: "online", lastSeenAt: 10_000)
        #expect(policy.status(of: online, at: 70_000) == "online")
        #expect(policy.status(of: online, at: 70_001) == "offline", "no heartbeat within the timeout")
        #expect(
            policy.status(of: DeskStore.Presence(agentID: "ana", status: "away", lastSeenAt: 10_000), at: 20_000)
                == "away")
        #expect(policy.status(of: nil, at: 0) == "offline", "never heard from")
    }

    @Test func businessHoursFollowTheTimeZoneAndItsDaylightSaving() throws {
        let paris = try BusinessHours(
            timeZone: "Europe/Paris", week: ["mon": ["09:00-12:00", "13:00-18:00"], "sat": ["00:00-24:00"]])
        func at(_ iso: String) -> Int64 { Int64(ISO8601DateFormatter().date(from: iso)!.timeIntervalSince1970 * 1000) }
        #expect(paris.isOpen(at: at("2026-01-05T08:30:00Z")))  // Monday 09:30 in Paris (UTC+1)
        #expect(!paris.isOpen(at: at("2026-01-05T07:30:00Z")))  // 08:30 there
        #expect(!paris.isOpen(at: at("2026-01-05T11:30:00Z")))  // 12:30: lunch
        #expect(paris.isOpen(at: at("2026-07-06T07:30:00Z")))  // Monday 09:30 in summer (UTC+2)
        #expect(!paris.isOpen(at: at("2026-01-06T10:00:00Z")))  // Tuesday: not named, closed
        #expect(paris.isOpen(at: at("2026-01-10T22:59:00Z")))  // Saturday 23:59 there
    }

    @Test func aGoodDeskFileReadsWithItsDefaults() throws {
        let policy = try DeskPolicy(
            json: Data(
                #"""
                {"agents":[{"id":"ana","token":"0123456789abcdef-ana"},
                           {"id":"ben","name":"Ben","token_sha256":"\#(String(repeating: "ab", count: 32))","capacity":5,"teams":["billing"],"persona_id":"77"}],
                 "assignment":"claim","agent_silence_seconds":30,"on_agent_silence":"hand_back",
                 "business_hours":{"*":{"time_zone":"UTC","week":{"mon":["09:00-17:00"]}}},
                 "messages":{"no_agent_online":null,"expired":"Sorry."}}
                """#.utf8))
        #expect(policy.agents.agents.map(\.id) == ["ana", "ben"])
        #expect(policy.agents.agent(token: "0123456789abcdef-ana")?.id == "ana")
        #expect(policy.agents.agent(token: "0123456789abcdef-an") == nil)
        #expect(policy.agents.agent(id: "ana")?.capacity == 3 && policy.agents.agent(id: "ana")?.name == "ana")
        #expect(policy.agents.agent(id: "ben")?.personaID == "77")
        #expect(policy.assignment == .claim && policy.agentSilence == 30_000 && policy.onAgentSilence == .handBack)
        #expect(policy.offerTimeout == 60_000 && policy.maxOffers == 3)
        #expect(policy.hours(forPage: "any") != nil)
        #expect(policy.messages.noAgentOnline == nil && policy.messages.expired == "Sorry.")
        #expect(policy.messages.outsideBusinessHours == DeskPolicy().messages.outsideBusinessHours)
    }

    @Test(arguments: [
        (#"{"agents":"#, "not valid"),
        (#"{}"#, "agents is missing"),
        (#"{"agents":[{"id":"a b","token":"0123456789abcdef"}]}"#, "agents[0].id must be 1 to 64 letters"),
        (
            #"{"agents":[{"id":"\#(String(repeating: "a", count: 65))","token":"0123456789abcdef"}]}"#,
            "agents[0].id must be 1 to 64 letters"
        ),
        (#"{"agents":[{"id":"a","token":"0123456789abcdef"},{"id":"a","token":"0123456789abcdeg"}]}"#, "used twice"),
        (#"{"agents":[{"id":"a","token":"short"}]}"#, "agents[0].token must be at least 16 characters"),
        (#"{"agents":[{"id":"a"}]}"#, "exactly one of token_sha256 and token"),
        (#"{"agents":[{"id":"a","token_sha256":"xyz"}]}"#, "64 hex digits"),
        (#"{"agents":[{"id":"a","token":"0123456789abcdef","capacity":0}]}"#, "capacity must be from 1 to 100"),
        (#"{"agents":[],"assignment":"random"}"#, "assignment must be auto or claim"),
        (#"{"agents":[],"offer_timeout_seconds":0}"#, "offer_timeout_seconds must be from 1"),
        (#"{"agents":[],"max_offers":1000}"#, "max_offers must be from 1 to 100"),
        (#"{"agents":[],"on_agent_silence":"nap"}"#, "on_agent_silence must be requeue or hand_back"),
        (#"{"agents":[],"transcript_limit":-1}"#, "transcript_limit must be from 0 to 200"),
        (#"{"agents":[],"business_hours":{"*":{"time_zone":"Mars/Olympus","week":{}}}}"#, "unknown time_zone"),
        (#"{"agents":[],"business_hours":{"*":{"time_zone":"UTC","week":{"funday":["09:00-10:00"]}}}}"#, "unknown day"),
        (
            #"{"agents":[],"business_hours":{"*":{"time_zone":"UTC","week":{"mon":["10:00-09:00"]}}}}"#,
            "not an interval"
        ),
        (#"{"agents":[{"id":"a","token":7}]}"#, "agents[0].token must be"),
    ])
    func everyMistakeInTheDeskFileIsNamed(_ json: String, _ expected: String) {
        do {
            _ = try DeskPolicy(json: Data(json.utf8))
            Issue.record("accepted: \(json)")
        } catch {
            #expect(error.description.contains(expected), "\(error.description)")
        }
    }
}
