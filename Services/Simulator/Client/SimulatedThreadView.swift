/// One simulated thread as `GET /_sim/threads/{psid}` shows it: the summary's members (owner,
/// expiration, windows; read them as properties of the view) and everything that happened in it.
@dynamicMemberLookup
public struct SimulatedThreadView: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Owner, expiration and windows.
    public var summary: SimulatedThreadSummary
    /// The history, oldest first.
    public var transcript: [TranscriptLine]

    /// A view of `summary` with `transcript`.
    public init(summary: SimulatedThreadSummary, transcript: [TranscriptLine]) {
        self.summary = summary
        self.transcript = transcript
    }

    /// A member of the summary (`owner`, `pendingInboxRequest`, `expiration`, …).
    public subscript<Value>(dynamicMember member: KeyPath<SimulatedThreadSummary, Value>) -> Value {
        summary[keyPath: member]
    }

    private enum CodingKeys: String, CodingKey {
        case transcript
    }

    // The summary's members and `transcript` share one JSON object.
    public init(from decoder: any Decoder) throws {
        summary = try SimulatedThreadSummary(from: decoder)
        transcript = try decoder.container(keyedBy: CodingKeys.self).decode([TranscriptLine].self, forKey: .transcript)
    }

    public func encode(to encoder: any Encoder) throws {
        try summary.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(transcript, forKey: .transcript)
    }

    /// Entries after sequence number `seq` (``lastSeq`` of an earlier view: what happened since).
    public func lines(after seq: Int) -> [TranscriptLine] {
        transcript.filter { $0.seq > seq }
    }

    /// The highest sequence number in the transcript; 0 when it is empty. The simulator numbers
    /// entries from 1, so `lines(after: 0)` is the whole transcript.
    public var lastSeq: Int { transcript.last?.seq ?? 0 }

    /// The messages `appID` sent (every app's when nil), in order.
    public func sends(by appID: String? = nil) -> [TranscriptLine] {
        transcript.filter { $0.kind == .send && (appID == nil || $0.appID == appID) }
    }

    /// The texts `appID` sent, in order (sends without text, such as a lone attachment, are left out).
    public func texts(by appID: String) -> [String] {
        sends(by: appID).compactMap(\.text)
    }

    /// The texts the user sent, in order.
    public var userTexts: [String] {
        transcript.filter { $0.kind == .userMessage }.map { $0.text ?? "" }
    }

    /// The changes of control (`pass`, `take`, `request`, …), in order.
    public var controls: [TranscriptLine] {
        transcript.filter { $0.kind == .control }
    }

    /// The webhook deliveries of `event` to `appID`, in order.
    public func deliveries(of event: String, to appID: String) -> [TranscriptLine] {
        transcript.filter { $0.delivery?.event == event && $0.delivery?.appID == appID }
    }

    public var description: String {
        "thread \(summary.psid), owner \(summary.owner ?? "idle")\n"
            + transcript.map { "  \($0)" }.joined(separator: "\n")
    }
}
