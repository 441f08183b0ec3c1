/// Renders transcript entries for a terminal: who said what, and every change of thread control.
public struct TranscriptFormatter: Sendable {
    /// Names of the apps.
    public let roles: StackRoles

    /// A formatter naming apps by `roles`.
    public init(roles: StackRoles) {
        self.roles = roles
    }

    /// The entry as one line; nil for webhook deliveries (plumbing, not conversation).
    public func format(_ line: TranscriptLine) -> String? {
        switch line.kind {
        case "user_message":
            return speaker("user") + (line.text ?? "[attachment]")
        case "user_postback":
            return speaker("user") + "[taps button] \(line.text ?? line.payload ?? "")"
        case "send":
            return speaker(roles.name(of: line.appID)) + (line.text ?? "[attachment]")
        case "control":
            return "   ⇄ " + control(line)
        default:
            return nil
        }
    }

    /// A one-line owner statement: `owner: Page Inbox`.
    public func ownerLine(_ owner: String?) -> String {
        "   owner: \(roles.name(of: owner))"
    }

    private func speaker(_ name: String) -> String {
        let padded = name.count < 10 ? name + String(repeating: " ", count: 10 - name.count) : name
        return "   \(padded) › "
    }

    private func control(_ line: TranscriptLine) -> String {
        let by = roles.name(of: line.by)
        switch line.action {
        case "initial": return "the thread starts, owned by \(roles.name(of: line.owner))"
        case "pass": return "\(by) passes control from \(roles.name(of: line.from)) to \(roles.name(of: line.to))"
        case "take": return "\(by) takes control from \(roles.name(of: line.from))"
        case "request": return "\(by) requests control"
        case "release": return "\(by) releases control; the thread is idle"
        case "expired": return "control of \(roles.name(of: line.from)) expired; the thread is idle"
        case "bounced": return "the move into the Inbox bounced back: the primary did not pass control"
        case "claimed_by_send": return "\(by) takes the idle thread by sending"
        case "extend": return "\(by) extends its control"
        case let other?: return "\(other) by \(by)"
        case nil: return "change of control"
        }
    }
}
