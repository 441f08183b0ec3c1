// Lenient field readers for Meta's payloads: a field of an unexpected type reads as nil instead of
// failing the whole event, and ids are accepted as JSON strings or integers.
extension KeyedDecodingContainer {
    /// A string, or an integer's decimal digits (ids arrive either way); nil otherwise.
    /// The same rule as the webhook splitter (``EventID``), so record keys and the typed view agree.
    func lenientID(_ key: Key) -> String? {
        if let text = try? decodeIfPresent(String.self, forKey: key) {
            return EventID.isAcceptableID(text) ? text : nil
        }
        if let number = try? decodeIfPresent(Int64.self, forKey: key), number >= 0 {
            return EventID.isAcceptableNumericID(String(number)) ? String(number) : nil
        }
        if let number = try? decodeIfPresent(UInt64.self, forKey: key) {
            return EventID.isAcceptableNumericID(String(number)) ? String(number) : nil
        }
        return nil
    }

    /// A string; nil when absent, null or not a string.
    func lenientString(_ key: Key) -> String? {
        (try? decodeIfPresent(String.self, forKey: key)) ?? nil
    }

    /// An integer, or a string of digits; nil otherwise.
    func lenientInt64(_ key: Key) -> Int64? {
        if let number = try? decodeIfPresent(Int64.self, forKey: key) { return number }
        if let text = try? decodeIfPresent(String.self, forKey: key) { return Int64(text) }
        return nil
    }

    /// A boolean; nil when absent, null or not a boolean.
    func lenientBool(_ key: Key) -> Bool? {
        (try? decodeIfPresent(Bool.self, forKey: key)) ?? nil
    }

    /// An app id (string or integer); nil when absent, null or neither.
    func lenientAppID(_ key: Key) -> AppID? {
        (try? decodeIfPresent(AppID.self, forKey: key)) ?? nil
    }

    /// An app id (string or integer) the event cannot do without; throws `keyNotFound` when it is
    /// absent, null or neither.
    func requiredAppID(_ key: Key) throws -> AppID {
        guard let id = lenientAppID(key) else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "no app id in \(key.stringValue)"))
        }
        return id
    }

    /// A nested value decoded leniently; nil when absent, null or of the wrong shape.
    func lenient<T: Decodable>(_ type: T.Type, _ key: Key) -> T? {
        (try? decodeIfPresent(type, forKey: key)) ?? nil
    }

    /// Whether `key` is present with a non-null value.
    func hasValue(_ key: Key) -> Bool {
        contains(key) && (try? decodeNil(forKey: key)) == false
    }
}
