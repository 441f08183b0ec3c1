import CurlHTTP
import Foundation
import SimulatorClient

/// `handover-stack --demo`: plays a scripted conversation on the running stack and prints the
/// transcript with the owner after each step; fails loudly at the first effect that does not
/// happen in time.
public struct DemoRun: Sendable {
    let stack: HandoverStack
    let console: StackConsole
    let player: ConversationPlayer
    let formatter: TranscriptFormatter

    /// A demo over `stack`.
    public init(stack: HandoverStack, console: StackConsole, http: CurlHTTPClient, stepTimeout: Duration) {
        self.stack = stack
        self.console = console
        let endpoints = stack.endpoints
        player = ConversationPlayer(
            simulator: SimulatorClient(baseURL: endpoints.simulatorURL, http: http),
            // The demo plays the first desk agent through the console's own endpoints.
            agent: AgentConsole(
                baseURL: endpoints.agentAPIURL, agent: stack.configuration.deskAgents.first,
                serviceToken: stack.configuration.agentAPIToken, client: http),
            stepTimeout: stepTimeout)
        formatter = TranscriptFormatter(roles: StackRoles(stack.configuration))
    }

    /// The script for the stack's protocol and handover target: the routing one (Page Inbox) by
    /// default, the first-generation canonical one with `--mode handover`, or the live-agent one
    /// when the bot hands over to the agent app.
    public var script: ConversationScript {
        let roles = StackRoles(stack.configuration)
        if stack.configuration.handoverTarget == stack.configuration.agentApp.id { return .liveAgent(roles) }
        return stack.configuration.simulatorMode == "routing" ? .routing(roles) : .canonical(roles)
    }

    /// Plays the script for user `psid`; returns the time it took.
    public func run(psid: String = "demo-user-1") async throws(StackError) -> Duration {
        let script = script
        let clock = ContinuousClock()
        let start = clock.now
        console.say("\n=== demo: \(script.title), user \(psid) ===")
        let total = script.steps.count
        try await player.run(script, psid: psid) { outcome in
            console.say(
                "\n[\(outcome.number)/\(total)] \(outcome.step.title)  (\(StackConsole.seconds(outcome.elapsed)))")
            for line in outcome.lines {
                if let text = formatter.format(line) { console.say(text) }
            }
            console.say(formatter.ownerLine(outcome.thread.owner))
        }
        let elapsed = clock.now - start
        console.say(
            "\n=== demo complete: \(total) steps, every expected answer and change of control seen, in \(StackConsole.seconds(elapsed)) ==="
        )
        return elapsed
    }
}
