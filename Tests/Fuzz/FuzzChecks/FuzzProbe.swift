import MessengerPlatform

/// What the tests ask about corpus inputs, without repeating the properties.
public enum FuzzProbe {
    /// Whether `body` splits into items (a well-formed webhook body).
    public static func splits(_ body: [UInt8]) -> Bool { (try? WebhookBody(body)) != nil }

    /// Whether `value` decodes as an `EventRecord`.
    public static func decodesAsRecord(_ value: [UInt8]) -> Bool { (try? EventRecord.decode(value)) != nil }
}
