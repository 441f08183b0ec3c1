/// One entry of a simulated thread's history (or of the page log), as `GET /_sim/threads/{psid}`
/// and `GET /_sim/page` show it: a user message, a send by an app, a change of control or a
/// webhook delivery. Which optional members are set depends on ``kind``.
public struct TranscriptLine: Sendable, Hashable, Codable, CustomStringConvertible {
    /// What an entry records.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The user wrote (`mid`, `text`, `quick_reply_payload`, `attachments`).
        case userMessage = "user_message"
        /// The user tapped a button (`mid`, `title`, `payload`).
        case userPostback = "user_postback"
        /// An app (or the Page Inbox) sent a message (`app_id`, `mid`, `text`, `metadata`, …).
        case send
        /// Control changed (`action`, `by`, `from`, `to`, …).
        case control
        /// An app showed the user a sender action (`app_id`, `action`: `typing_on`, `typing_off`,
        /// `mark_seen`).
        case senderAction = "sender_action"
        /// A webhook event went to an app (`delivery`).
        case delivery
    }

    /// Position in the simulator's global order (the first entry is 1).
    public var seq: Int
    /// When (ms since 1970, simulator clock).
    public var at: Int64
    /// What happened.
    public var kind: Kind
    /// The message id (user messages, postbacks, sends).
    public var mid: String?
    /// The text (user messages and sends).
    public var text: String?
    /// A postback's button title.
    public var title: String?
    /// A postback's payload.
    public var payload: String?
    /// The payload of the quick reply the user tapped.
    public var quickReplyPayload: String?
    /// The user's attachments, as sent.
    public var attachments: JSONValue?
    /// A send's attachment (template, media), as sent.
    public var attachment: JSONValue?
    /// The sending app (sends).
    public var appID: String?
    /// Metadata of a send or a change of control.
    public var metadata: String?
    /// A send's `messaging_type`, as the app sent it.
    public var messagingType: String?
    /// A send's message tag (`HUMAN_AGENT`, …).
    public var tag: String?
    /// The persona a send was made as (`persona_id`), when one was named.
    public var personaID: String?
    /// The change of control: `initial`, `pass`, `take`, `request`, `release`, `expired`, `bounced`,
    /// `claimed_by_send`, `extend`, `default_app`, `app_roles`.
    public var action: String?
    /// Who made the change.
    public var by: String?
    /// Previous owner (pass, take, expired).
    public var from: String?
    /// New owner (pass, take, default_app).
    public var to: String?
    /// The owner a new thread starts with (`initial`).
    public var owner: String?
    /// Why a thread bounced.
    public var reason: String?
    /// `extend`: the seconds added.
    public var duration: Int64?
    /// `app_roles`: every app's new role.
    public var roles: [String: String]?
    /// The delivery (its current state) of a `delivery` entry.
    public var delivery: WebhookDeliveryView?

    /// An entry of `kind`; the server sets ``seq`` and ``at`` when it records it.
    public init(
        kind: Kind, seq: Int = 0, at: Int64 = 0, mid: String? = nil, text: String? = nil, title: String? = nil,
        payload: String? = nil, quickReplyPayload: String? = nil, attachments: JSONValue? = nil,
        attachment: JSONValue? = nil, appID: String? = nil, metadata: String? = nil, messagingType: String? = nil,
        tag: String? = nil, action: String? = nil, by: String? = nil, from: String? = nil, to: String? = nil,
        owner: String? = nil, reason: String? = nil, duration: Int64? = nil, roles: [String: String]? = nil,
        personaID: String? = nil
    ) {
        self.kind = kind
        self.seq = seq
        self.at = at
        self.mid = mid
        self.text = text
        self.title = title
        self.payload = payload
        self.quickReplyPayload = quickReplyPayload
        self.attachments = attachments
        self.attachment = attachment
        self.appID = appID
        self.metadata = metadata
        self.messagingType = messagingType
        self.tag = tag
        self.action = action
        self.by = by
        self.from = from
        self.to = to
        self.owner = owner
        self.reason = reason
        self.duration = duration
        self.roles = roles
        self.personaID = personaID
    }

    enum CodingKeys: String, CodingKey {
        case seq, at, kind, mid, text, title, payload, attachments, attachment, metadata, tag, action, by, from, to
        case owner, reason, duration, roles, delivery
        case quickReplyPayload = "quick_reply_payload"
        case appID = "app_id"
        case messagingType = "messaging_type"
        case personaID = "persona_id"
    }

    /// Whether this is a message sent by `appID` (Send API, or an Inbox agent's reply).
    public func isSend(by appID: String) -> Bool {
        kind == .send && self.appID == appID
    }

    /// Whether this is a user's message (or postback).
    public var isUserInput: Bool { kind == .userMessage || kind == .userPostback }

    /// The owner after this change of control, when it says (nil: unchanged or idle).
    public var newOwner: String? {
        switch action {
        case "initial": owner
        case "pass", "default_app": to
        case "take", "claimed_by_send": by
        default: nil
        }
    }

    public var description: String {
        switch kind {
        case .send: "#\(seq) send by \(appID ?? "?"): \(text ?? "-")"
        case .control: "#\(seq) control \(action ?? "?") by \(by ?? "-") \(from ?? "-")→\(to ?? owner ?? "-")"
        case .delivery:
            "#\(seq) delivery \(delivery?.event ?? "?") to \(delivery?.appID ?? "?") "
                + "(\(delivery?.placement ?? "?"), \(delivery?.state.rawValue ?? "?"))"
        case .senderAction: "#\(seq) \(action ?? "?") by \(appID ?? "?")"
        case .userPostback: "#\(seq) \(kind.rawValue): \(title ?? payload ?? "-")"
        case .userMessage: "#\(seq) \(kind.rawValue): \(text ?? "-")"
        }
    }
}
