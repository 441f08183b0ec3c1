/// One line of a simulated thread's transcript (`GET /_sim/threads/{psid}`), with the fields
/// conversation tests look at. Ids are always text.
public struct ConversationEntry: Sendable, Hashable, CustomStringConvertible {
    /// Position in the simulator's global order.
    public let sequence: Int
    /// `user_message`, `user_postback`, `send`, `control` or `delivery`.
    public let kind: String
    /// `send`: the sending app.
    public let appID: String?
    /// `user_message` / `send`: the text; `user_postback`: the title.
    public let text: String?
    /// `send` / `control`: the metadata.
    public let metadata: String?
    /// `user_postback`: the payload.
    public let payload: String?
    /// `control`: `pass`, `take`, `request`, `release`, `extend`, `initial`, `bounced`, …
    public let action: String?
    /// `control`: the app that acted.
    public let by: String?
    /// `control`: previous owner.
    public let from: String?
    /// `control`: new owner.
    public let to: String?
    /// `delivery`: the receiving app, the event type (`message`, `echo`, …), `messaging`/`standby`,
    /// and its state (`pending`, `delivered`, `failed`).
    public let deliveryAppID: String?
    public let deliveryEvent: String?
    public let deliveryPlacement: String?
    public let deliveryState: String?
    /// `send`: the Send API's `messaging_type` and `tag`, as the app sent them.
    public let messagingType: String?
    public let tag: String?

    /// Reads one transcript entry from its JSON object.
    init(json: [String: Any]) {
        func text(_ value: Any?) -> String? {
            switch value {
            case let string as String: string
            case let number as Int: String(number)
            default: nil
            }
        }
        sequence = (json["seq"] as? Int) ?? -1
        kind = text(json["kind"]) ?? ""
        appID = text(json["app_id"])
        self.text = text(json["text"]) ?? text(json["title"])
        metadata = text(json["metadata"])
        payload = text(json["payload"])
        action = text(json["action"])
        by = text(json["by"])
        from = text(json["from"])
        to = text(json["to"]) ?? text(json["owner"])
        let delivery = json["delivery"] as? [String: Any]
        deliveryAppID = text(delivery?["app_id"])
        deliveryEvent = text(delivery?["event"])
        deliveryPlacement = text(delivery?["placement"])
        deliveryState = text(delivery?["state"])
        messagingType = text(json["messaging_type"])
        tag = text(json["tag"])
    }

    public var description: String {
        switch kind {
        case "send": "#\(sequence) send by \(appID ?? "?"): \(text ?? "-")"
        case "control": "#\(sequence) control \(action ?? "?") by \(by ?? "-") \(from ?? "-")→\(to ?? "-")"
        case "delivery":
            "#\(sequence) delivery \(deliveryEvent ?? "?") to \(deliveryAppID ?? "?") (\(deliveryPlacement ?? "?"), \(deliveryState ?? "?"))"
        default: "#\(sequence) \(kind): \(text ?? "-")"
        }
    }
}
