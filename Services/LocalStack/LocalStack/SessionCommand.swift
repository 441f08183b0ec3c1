import Foundation

/// One line typed in the interactive session.
///
/// Plain text, and any `/word` that is not a launcher command, is the user's message, so the
/// user's own commands to the bot (`/help`, `/back`) reach the bot as typed. The launcher's help is
/// therefore `/?` (or `/commands`), not `/help`.
public enum SessionCommand: Sendable, Hashable {
    /// The user writes this.
    case user(String)
    /// The live agent replies (agent API).
    case agentReply(String)
    /// The live agent hands the thread back to the bot (agent API).
    case handBack
    /// A Page Inbox agent replies.
    case inboxReply(String)
    /// The Page Inbox agent clicks Done.
    case inboxDone
    /// A Page admin moves the thread into the Inbox.
    case inboxMove
    /// Show who owns the thread.
    case owner
    /// Show the whole transcript of the current user's thread.
    case transcript
    /// Play another user (page-scoped id).
    case switchUser(String)
    /// Show the table of services again.
    case services
    /// Show the commands.
    case commands
    /// End the session and stop the stack.
    case quit
    /// Nothing (an empty line).
    case nothing
    /// A launcher command used wrongly; the text says how to use it.
    case invalid(String)
    /// Move the simulator's clock forward by some hours (idle threads lapse, windows close).
    case wait(hours: Int)

    /// Parses one typed line.
    public static func parse(_ line: String) -> SessionCommand {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return .nothing }
        guard trimmed.hasPrefix("/") else { return .user(trimmed) }
        let word = trimmed.prefix { !$0.isWhitespace }.lowercased()
        let rest = trimmed.dropFirst(word.count).trimmingCharacters(in: .whitespaces)
        switch word {
        case "/agent": return rest.isEmpty ? .invalid("usage: /agent <text>") : .agentReply(rest)
        case "/handback": return .handBack
        case "/inbox": return rest.isEmpty ? .invalid("usage: /inbox <text>") : .inboxReply(rest)
        case "/done": return .inboxDone
        case "/move": return .inboxMove
        case "/owner": return .owner
        case "/transcript": return .transcript
        case "/wait":
            guard let hours = Int(rest), (1...24 * 30).contains(hours) else {
                return .invalid("usage: /wait <hours> (1 to 720)")
            }
            return .wait(hours: hours)
        case "/user":
            let valid =
                !rest.isEmpty && rest.count <= 64
                && rest.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
            return valid ? .switchUser(rest) : .invalid("usage: /user <id> (letters, digits, _ or -)")
        case "/services", "/stack": return .services
        case "/?", "/commands": return .commands
        case "/quit", "/exit": return .quit
        default: return .user(trimmed)
        }
    }

    /// The command list shown by `/?`.
    public static let help = """
        Type a line to send it as the user. The user's own commands go to the bot as typed:
          /help                 ask for a person (the bot passes the thread to its handover target)
          /back                 ask for the bot again (seen on standby; the bot takes the thread)
        Launcher commands:
          /agent <text>         the live agent replies (agent worker's API; the agent app must own the thread)
          /handback             the live agent hands the thread back to the bot
          /inbox <text>         a Page Inbox agent replies (routing: the Inbox takes the thread by replying)
          /done                 the Page Inbox agent clicks Done (control goes back to the bot)
          /move                 a Page admin moves the thread into the Inbox (routing: the Inbox takes it;
                                handover: the bot is asked to pass)
          /owner                who owns the thread, when it goes idle, and the messaging window
          /wait <hours>         time passes on the simulator's clock (idle threads lapse, windows close)
          /transcript           the whole conversation so far
          /user <id>            play another user (default user-1)
          /services             where each process listens and logs
          /? or /commands       this list
          /quit                 stop everything (Ctrl-C and Ctrl-D do the same)
        """
}
