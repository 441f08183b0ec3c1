import SimulatorClient

/// An effect a conversation step must have on the thread's transcript.
public enum TranscriptExpectation: Sendable, Hashable, CustomStringConvertible {
    /// `appID` sends a message (optionally containing `text`).
    case send(by: String, containing: String? = nil)
    /// A change of control: `action` (`pass`, `take`, `request`), made by `by`, giving the thread to `to`.
    case control(action: String, by: String? = nil, to: String? = nil)

    /// Whether `line` is this effect.
    public func matches(_ line: TranscriptLine) -> Bool {
        switch self {
        case .send(let appID, let text):
            return line.isSend(by: appID) && (text.map { (line.text ?? "").contains($0) } ?? true)
        case .control(let action, let by, let to):
            return line.kind == .control && line.action == action && (by == nil || line.by == by)
                && (to == nil || line.to == to)
        }
    }

    /// The app whose action this is (it proves the app handled the events before it).
    public var actor: String? {
        switch self {
        case .send(let appID, _): appID
        case .control(_, let by, _): by
        }
    }

    public var description: String {
        switch self {
        case .send(let appID, let text): "a message from app \(appID)" + (text.map { " containing \"\($0)\"" } ?? "")
        case .control(let action, let by, let to):
            "control \(action)" + (by.map { " by app \($0)" } ?? "") + (to.map { " to app \($0)" } ?? "")
        }
    }
}
