import SimulatorClient

/// Renders transcript entries for a terminal: who said what, and every change of thread control.
public struct TranscriptFormatter: Sendable {
    /// Names of the apps.
    public let roles: StackRoles

    /// A formatter naming apps by `roles`.
    public init(roles: StackRoles) {
        self.roles = roles
    }

    /// The entry as one line; nil for webhook deliveries and sender actions (plumbing and
    /// indicators, not conversation).
    public func format(_ line: TranscriptLine) -> String? {
        switch line.kind {
        case .userMessage:
            return speaker("user") + (line.text ?? "[attachment]")
        case .userPostback:
            return speaker("user") + "[taps button] \(line.title ?? line.payload ?? "")"
        case .send:
            return speaker(roles.name(of: line.appID)) + (line.text ?? "[attachment]")
        case .control:
            return "   ⇄ " + control(line)
        case .delivery, .senderAction:
            return nil
        }
    }

    /// A one-line owner statement: `owner: Page Inbox`.
    public func ownerLine(_ owner: String?) -> String {
        "   owner: \(roles.name(of: owner))"
    }

    /// The owner, when the thread goes idle, and the messaging window at `now` (simulator clock):
    /// `owner: bot · idle in 23 h 59 min · replies 23 h 59 min more, HUMAN_AGENT 6 d 23 h more`.
    public func statusLine(_ thread: SimulatedThreadView, now: Int64) -> String {
        var parts = ["owner: \(roles.name(of: thread.owner))"]
        if thread.owner != nil, let expiration = thread.expiration {
            parts.append("idle in \(Self.span(expiration - now))")
        }
        if let closes = thread.windowClosesAt, let humanCloses = thread.humanAgentWindowClosesAt {
            if now <= closes {
                parts.append(
                    "replies \(Self.span(closes - now)) more, then HUMAN_AGENT to \(Self.span(humanCloses - now))")
            } else if now <= humanCloses {
                parts.append("window: HUMAN_AGENT only, \(Self.span(humanCloses - now)) more")
            } else {
                parts.append("window closed until the user writes")
            }
        }
        return "   " + parts.joined(separator: " · ")
    }

    /// A duration in the largest two units: `6 d 23 h`, `23 h 59 min`, `12 min`.
    static func span(_ milliseconds: Int64) -> String {
        let minutes = max(0, milliseconds) / 60_000
        let (days, hours, rest) = (minutes / 1440, minutes % 1440 / 60, minutes % 60)
        if days > 0 { return "\(days) d \(hours) h" }
        if hours > 0 { return "\(hours) h \(rest) min" }
        return "\(rest) min"
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
