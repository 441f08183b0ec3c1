/// A quick-reply button under a message.
public struct QuickReply: Sendable, Hashable {
    /// What the button asks for.
    public enum ContentType: String, Sendable, Hashable {
        /// A text button with a title and a payload.
        case text
        /// Offers the person's phone number.
        case userPhoneNumber = "user_phone_number"
        /// Offers the person's email address.
        case userEmail = "user_email"
    }

    /// The kind of button.
    public var contentType: ContentType
    /// The button label (text buttons; Meta allows 20 characters).
    public var title: String?
    /// What comes back in `message.quick_reply.payload` when tapped.
    public var payload: String?
    /// An optional icon URL.
    public var imageURL: String?

    /// Creates a quick reply.
    public init(contentType: ContentType = .text, title: String?, payload: String?, imageURL: String? = nil) {
        self.contentType = contentType
        self.title = title
        self.payload = payload
        self.imageURL = imageURL
    }

    /// A text button.
    public static func text(_ title: String, payload: String, imageURL: String? = nil) -> QuickReply {
        QuickReply(contentType: .text, title: title, payload: payload, imageURL: imageURL)
    }
}
