/// One entry of a simulated thread's history, as `GET /_sim/threads/{psid}` shows it: a user
/// message, a send by an app, a change of control or a webhook delivery.
public struct TranscriptLine: Sendable, Hashable, Decodable {
    /// Position in the simulator's global order.
    public let seq: Int
    /// When (ms since 1970, simulator clock).
    public let at: Int64
    /// `user_message`, `user_postback`, `send`, `control` or `delivery`.
    public let kind: String
    /// The message id (user messages and sends).
    public let mid: String?
    /// The text (user messages and sends).
    public let text: String?
    /// The sending app (sends).
    public let appID: String?
    /// The change of control: `initial`, `pass`, `take`, `request`, `release`, `expired`, `bounced`,
    /// `claimed_by_send`, `extend`.
    public let action: String?
    /// Who made the change.
    public let by: String?
    /// Previous owner (pass, take, expired).
    public let from: String?
    /// New owner (pass).
    public let to: String?
    /// The owner a new thread starts with (`initial`).
    public let owner: String?
    /// Metadata of a send or a change of control.
    public let metadata: String?
    /// A postback's payload.
    public let payload: String?
    /// A delivery's current state (`pending`, `delivered`, `failed`).
    public let delivery: Delivery?

    /// What became of one webhook delivery.
    public struct Delivery: Sendable, Hashable, Decodable {
        /// The receiving app.
        public let appID: String
        /// `messaging` or `standby`.
        public let placement: String
        /// Event type (`message`, `echo`, `pass_thread_control`, …).
        public let event: String
        /// `pending`, `delivered` or `failed`.
        public let state: String

        enum CodingKeys: String, CodingKey {
            case appID = "app_id"
            case placement, event, state
        }
    }

    enum CodingKeys: String, CodingKey {
        case seq, at, kind, mid, text, action, by, from, to, owner, metadata, payload, delivery
        case appID = "app_id"
    }

    /// Whether this is a message sent by `appID` (Send API, or an Inbox agent's reply).
    public func isSend(by appID: String) -> Bool {
        kind == "send" && self.appID == appID
    }

    /// Whether this is a user's message (or postback).
    public var isUserInput: Bool { kind == "user_message" || kind == "user_postback" }

    /// The owner after this change of control, when it says (nil: unchanged or idle).
    public var newOwner: String? {
        switch action {
        case "initial": owner
        case "pass": to
        case "take", "claimed_by_send": by
        default: nil
        }
    }
}
