import CurlHTTP
import Foundation
import SimulatorClient
import Synchronization

/// The interactive terminal session: the person plays the user, the live agent and a Page Inbox
/// agent, and sees every answer and change of thread control as it happens, with the owner.
///
/// The simulator has no event stream, so the session asks it for the thread's transcript: every
/// 50 ms for a few seconds after each command (answers come quickly), then less often, up to once
/// a second while nothing happens.
public struct InteractiveSession: Sendable {
    let stack: HandoverStack
    let console: StackConsole
    let simulator: SimulatorClient
    let agent: AgentConsole
    let formatter: TranscriptFormatter
    private let state: SessionState

    /// A session over `stack`, playing user `user` first.
    public init(stack: HandoverStack, console: StackConsole, http: CurlHTTPClient, user: String = "user-1") {
        self.stack = stack
        self.console = console
        let endpoints = stack.endpoints
        simulator = SimulatorClient(baseURL: endpoints.simulatorURL, http: http)
        agent = AgentConsole(
            baseURL: endpoints.agentAPIURL, identity: .service(token: stack.configuration.agentAPIToken), client: http)
        formatter = TranscriptFormatter(roles: StackRoles(stack.configuration))
        state = SessionState(user: user)
    }

    /// Runs until `/quit`, the end of `lines`, or cancellation.
    public func run(lines: AsyncStream<String>) async {
        console.say(
            "\nYou are \(state.user). " + "Type a message, or /? for the commands. /help and /back go to the bot.\n")
        let follower = Task { await follow() }
        defer { follower.cancel() }
        for await line in lines {
            let command = SessionCommand.parse(line)
            if command == .quit { break }
            await perform(command)
            state.hurry()
        }
    }

    private func perform(_ command: SessionCommand) async {
        let user = state.user
        do throws(StackError) {
            switch command {
            case .user(let text): try await simulatorCall { try await simulator.userSays(user, text) }
            case .agentReply(let text): try await agent.reply(text, to: user)
            case .handBack: try await agent.handBack(user)
            case .inboxReply(let text): try await simulatorCall { try await simulator.inboxReplies(user, text) }
            case .inboxDone: try await simulatorCall { try await simulator.inboxDone(user) }
            case .inboxMove: try await simulatorCall { try await simulator.inboxMove(user) }
            case .owner:
                try await sayStatus(of: user)
            case .wait(let hours):
                try await simulatorCall { try await simulator.advanceClock(seconds: hours * 3600) }
                console.say("   \(hours) h pass on the simulator's clock")
                try await sayStatus(of: user)
            case .transcript:
                let thread = try await simulatorCall { try await simulator.threadIfPresent(user) }
                let lines = thread?.transcript.compactMap(formatter.format) ?? []
                console.say(lines.isEmpty ? "   (nothing yet)" : lines.joined(separator: "\n"))
                if thread != nil { try await sayStatus(of: user) }
            case .switchUser(let psid):
                state.switchUser(psid)
                console.say("   you are now \(psid)")
            case .services: console.say(StackSummary.render(stack, console: console))
            case .commands: console.say(SessionCommand.help)
            case .invalid(let usage): console.say("   \(usage)")
            case .nothing, .quit: break
            }
        } catch {
            console.say("   ! \(error.message)")
        }
    }

    /// Prints the owner, when the thread goes idle, and its messaging window.
    private func sayStatus(of user: String) async throws(StackError) {
        guard let thread = try await simulatorCall({ try await simulator.threadIfPresent(user) }) else {
            console.say("   \(user) has not written yet")
            return
        }
        console.say(formatter.statusLine(thread, now: try await simulatorCall { try await simulator.now() }))
    }

    /// Prints new transcript entries of the current user's thread as they appear.
    private func follow() async {
        while !Task.isCancelled {
            let user = state.user
            if let thread = try? await simulator.threadIfPresent(user) {
                let fresh = thread.lines(after: state.lastSeq(of: user))
                var ownerChanged = false
                for line in fresh {
                    if let text = formatter.format(line) { console.say(text) }
                    if line.kind == .control { ownerChanged = true }
                }
                if ownerChanged {
                    let now = (try? await simulator.now()) ?? 0
                    console.say(now == 0 ? formatter.ownerLine(thread.owner) : formatter.statusLine(thread, now: now))
                }
                if !fresh.isEmpty { state.advance(user, to: thread.lastSeq) }
            }
            try? await Task.sleep(for: state.pause())
        }
    }
}
