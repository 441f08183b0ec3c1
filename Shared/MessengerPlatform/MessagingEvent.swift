import Foundation

/// The typed view of one webhook item (an element of `messaging[]` or `standby[]`).
///
/// Decoding is lenient: a section of an unexpected shape reads as nil instead of failing the whole
/// event, and ids are accepted as JSON strings or numbers. Unknown keys are ignored here; the raw
/// item bytes (`WebhookItem.raw`, `EventRecord.event`) keep everything Meta sent.
///
/// Every value comes from decoding an item's JSON, so the sections have no public memberwise
/// initialisers (tests build events as JSON too, the wire format being what they must agree with).
public struct MessagingEvent: Decodable, Sendable, Hashable {
    /// Who sent it: the user, or the Page for echoes; absent for `app_roles`.
    public var sender: Participant?
    /// Who received it: the Page, or the user for echoes.
    public var recipient: Participant?
    /// Milliseconds since the epoch.
    public var timestamp: Int64?
    /// A message or echo.
    public var message: Message?
    /// A button tap.
    public var postback: Postback?
    /// A read receipt.
    public var read: Read?
    /// A delivery receipt.
    public var delivery: Delivery?
    /// A reaction to a message.
    public var reaction: Reaction?
    /// A referral (item level; message and postback referrals live in those sections).
    public var referral: Referral?
    /// An opt-in.
    public var optin: Optin?
    /// A policy action against the app (`policy_enforcement` or `policy-enforcement`).
    public var policyEnforcement: PolicyEnforcement?
    /// Control of the thread was passed.
    public var passThreadControl: PassThreadControl?
    /// Control of the thread was taken.
    public var takeThreadControl: TakeThreadControl?
    /// An app requests control of the thread.
    public var requestThreadControl: RequestThreadControl?
    /// The apps' roles on the Page: app id → roles (`primary_receiver`, `secondary_receiver`).
    public var appRoles: [AppID: [String]]?
    /// What the item is, by the same rule the webhook splitter uses (payload keys present).
    public var type: EventType

    /// Decodes an item from its JSON bytes.
    public init(json: [UInt8]) throws {
        self = try JSONDecoder().decode(MessagingEvent.self, from: Data(json))
    }

    /// Decodes leniently; throws only when the item is not a JSON object.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: JSONKey.self)
        sender = c.lenient(Participant.self, "sender")
        recipient = c.lenient(Participant.self, "recipient")
        timestamp = c.lenientInt64("timestamp")
        message = c.lenient(Message.self, "message")
        postback = c.lenient(Postback.self, "postback")
        read = c.lenient(Read.self, "read")
        delivery = c.lenient(Delivery.self, "delivery")
        reaction = c.lenient(Reaction.self, "reaction")
        referral = c.lenient(Referral.self, "referral")
        optin = c.lenient(Optin.self, "optin")
        policyEnforcement =
            c.lenient(PolicyEnforcement.self, "policy_enforcement")
            ?? c.lenient(PolicyEnforcement.self, "policy-enforcement")
        passThreadControl = c.lenient(PassThreadControl.self, "pass_thread_control")
        takeThreadControl = c.lenient(TakeThreadControl.self, "take_thread_control")
        requestThreadControl = c.lenient(RequestThreadControl.self, "request_thread_control")
        appRoles = c.lenient([String: [String]].self, "app_roles").map { roles in
            Dictionary(roles.map { (AppID($0.key), $0.value) }, uniquingKeysWith: { first, _ in first })
        }

        var present: UInt32 = 0
        for (key, type) in EventType.payloadKeys where c.hasValue(JSONKey("\(key)")) {
            present |= type.bit
        }
        type = EventType.classify(present: present, isEcho: message?.isEcho ?? false)
    }

    /// The user of the thread: the recipient of an echo, nobody for `app_roles`, else the sender.
    public var userID: String? {
        switch type {
        case .appRoles: nil
        case .echo: recipient.flatMap { $0.id.isEmpty ? nil : $0.id }
        default: sender.flatMap { $0.id.isEmpty ? nil : $0.id }
        }
    }
}
