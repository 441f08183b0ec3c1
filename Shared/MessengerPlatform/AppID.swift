/// A Messenger app id. Meta sends app ids as a JSON string in some payloads and as a JSON number in
/// others, so ids are kept as their decimal text: `AppID("263902037430900")` equals the id decoded
/// from the number `263902037430900`. Numbers are read as Int64/UInt64 digits, never via Double.
public struct AppID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral, CodingKeyRepresentable
{
    /// The id as decimal text, exactly as received (or as the number's digits).
    public let rawValue: String

    /// The Facebook Page Inbox (human agents in Meta Business Suite) acting as an app.
    public static let pageInbox: AppID = "263902037430900"
    /// The Instagram Inbox acting as an app.
    public static let instagramInbox: AppID = "1217981644879628"

    /// Wraps an id given as text.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Wraps an id given as text.
    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    /// Wraps an id given as a number.
    public init(_ value: Int64) {
        self.rawValue = String(value)
    }

    /// Wraps an id given as an unsigned number.
    public init(_ value: UInt64) {
        self.rawValue = String(value)
    }

    /// Allows `let id: AppID = "263902037430900"`.
    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    /// Decodes from a JSON string or a JSON integer (Int64 or UInt64 range).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self.rawValue = text
        } else if let number = try? container.decode(Int64.self) {
            self.rawValue = String(number)
        } else if let number = try? container.decode(UInt64.self) {
            self.rawValue = String(number)
        } else {
            throw DecodingError.typeMismatch(
                AppID.self,
                .init(codingPath: decoder.codingPath, debugDescription: "app id is neither a string nor an integer"))
        }
    }

    /// Encodes as a JSON string: ids are text everywhere we write them.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// The id's decimal text.
    public var description: String { rawValue }

    /// True for the Page Inbox or the Instagram Inbox, the apps human agents act through.
    public var isInbox: Bool { self == .pageInbox || self == .instagramInbox }
}
