import Foundation
import SimulatorClient

/// Plays conversation steps against a running stack and waits, with a timeout, for each step's
/// effects to appear in the simulator's transcript. Used by `handover-stack --demo` and the
/// end-to-end tests.
public struct ConversationPlayer: Sendable {
    /// The simulator's control API.
    public let simulator: SimulatorClient
    /// The agent worker's API.
    public let agent: AgentConsole
    /// How long a step's effects may take.
    public var stepTimeout: Duration

    /// A driver over the two APIs.
    public init(simulator: SimulatorClient, agent: AgentConsole, stepTimeout: Duration = .seconds(30)) {
        self.simulator = simulator
        self.agent = agent
        self.stepTimeout = stepTimeout
    }

    /// Does `action` in the thread of `psid`; returns the sequence number its effects come after.
    public func perform(_ action: ConversationAction, psid: String) async throws(StackError) -> Int {
        let before = try await simulatorCall { try await simulator.threadIfPresent(psid)?.lastSeq ?? 0 }
        let mid: String?
        switch action {
        case .user(let text): mid = try await simulatorCall { try await simulator.userSays(psid, text).mid }
        case .inboxReply(let text):
            // Under Conversation Routing the Inbox's take comes before its message: anchor before both.
            try await simulatorCall { try await simulator.inboxReplies(psid, text) }
            mid = nil
        case .inboxDone:
            try await simulatorCall { try await simulator.inboxDone(psid) }
            mid = nil
        case .inboxMove:
            try await simulatorCall { try await simulator.inboxMove(psid) }
            mid = nil
        case .agentAccepts:
            try await agent.accept(psid)
            mid = nil
        case .agentReply(let text):
            try await agent.reply(text, to: psid)
            mid = nil
        case .agentHandBack:
            try await agent.handBack(psid)
            mid = nil
        case .timePasses(let hours):
            try await simulatorCall { try await simulator.advanceClock(seconds: hours * 3_600) }
            mid = nil
        }
        // Anchor on the action's own entry when it has one, so a late effect of the previous step
        // cannot be taken for an effect of this one.
        guard let mid, let thread = try await simulatorCall({ try await simulator.threadIfPresent(psid) }),
            let own = thread.transcript.first(where: { $0.mid == mid && $0.kind != .delivery })
        else { return before }
        return own.seq - 1
    }

    /// Runs `step` in the thread of `psid` and waits for its effects and owner.
    public func run(_ step: ConversationStep, psid: String) async throws(StackError) -> StepOutcome {
        let clock = ContinuousClock()
        let start = clock.now
        let anchor = try await perform(step.action, psid: psid)
        let thread = try await waitForThread(psid, timeout: stepTimeout, describing: describe(step)) { thread in
            Self.satisfies(step.expectations, lines: thread.lines(after: anchor)) && thread.owner == step.owner
        }
        return StepOutcome(step: step, lines: thread.lines(after: anchor), thread: thread, elapsed: clock.now - start)
    }

    /// Runs every step of `script` in the thread of `psid`, calling `onStep` after each, and checks
    /// each step's silent apps. Throws at the first step whose effects do not appear.
    @discardableResult
    public func run(
        _ script: ConversationScript, psid: String, onStep: @Sendable (StepOutcome) -> Void = { _ in }
    ) async throws(StackError) -> [StepOutcome] {
        var outcomes: [StepOutcome] = []
        var silences: [(app: String, after: Int, title: String)] = []
        for (index, step) in script.steps.enumerated() {
            var outcome = try await run(step, psid: psid)
            outcome.number = index + 1
            let anchor = (outcome.lines.first?.seq ?? 1) - 1
            for silence in silences where step.expectations.contains(where: { $0.actor == silence.app }) {
                // The app acted on this step, so it has handled the silent step's event before it.
                let spoke = outcome.thread.transcript.filter {
                    $0.seq > silence.after && $0.seq <= anchor && $0.isSend(by: silence.app)
                }
                guard spoke.isEmpty else {
                    throw StackError(
                        .expectationFailed,
                        "step \"\(silence.title)\": app \(silence.app) should have stayed silent but sent "
                            + spoke.map { "\"\($0.text ?? "")\"" }.joined(separator: ", "))
                }
            }
            silences.removeAll { silence in step.expectations.contains { $0.actor == silence.app } }
            silences += step.silentApps.map { (app: $0, after: anchor, title: step.title) }
            outcomes.append(outcome)
            onStep(outcome)
        }
        if let open = silences.first {
            throw StackError(
                .expectationFailed,
                "step \"\(open.title)\": the script never shows app \(open.app) acting afterwards, so its silence is unproven"
            )
        }
        return outcomes
    }

    /// Waits until the thread of `psid` satisfies `condition` (the client's wait); throws naming
    /// `what` and showing the thread's last entries when `timeout` passes.
    public func waitForThread(
        _ psid: String, timeout: Duration, describing what: String,
        until condition: @Sendable (SimulatedThreadView) -> Bool
    ) async throws(StackError) -> SimulatedThreadView {
        do {
            return try await simulator.waitForThread(psid, timeout: timeout, until: condition)
        } catch  where error.isTimeout {
            let seen =
                error.lastView.map { thread in
                    thread.transcript.filter { $0.kind != .delivery }.suffix(12)
                        .map {
                            "    \($0.kind.rawValue) \($0.action ?? "") \($0.appID ?? $0.by ?? "") \($0.text ?? "")"
                        }
                        .joined(separator: "\n") + "\n    owner: \(thread.owner ?? "none")"
                } ?? "    (no thread)"
            throw StackError(
                .expectationFailed,
                "\(what): not seen within \(timeout.components.seconds) s; the thread shows:\n\(seen)")
        } catch {
            throw StackError(error)
        }
    }

    /// Whether `expectations` appear in `lines` in order (other lines may come between).
    public static func satisfies(_ expectations: [TranscriptExpectation], lines: [TranscriptLine]) -> Bool {
        var remaining = expectations[...]
        for line in lines {
            guard let next = remaining.first else { break }
            if next.matches(line) { remaining = remaining.dropFirst() }
        }
        return remaining.isEmpty
    }

    private func describe(_ step: ConversationStep) -> String {
        let effects = step.expectations.map(\.description).joined(separator: ", then ")
        return
            "step \"\(step.title)\" (expected: \(effects.isEmpty ? "nothing" : effects); owner app \(step.owner ?? "none"))"
    }
}
