/// The rules for ids that travel from a webhook into record keys and headers, in one place for
/// the splitter (``JSONScanner``) and the typed view (``MessagingEvent``), so both agree.
public enum EventID {
    /// Longest id accepted, in bytes; Meta's ids are far shorter.
    public static let maxLength = 64
    /// Longest `mid` used as an event id, in bytes.
    public static let maxMIDLength = 512

    /// Whether `id` (a participant, page or app id given as a JSON string) is usable: 1 to
    /// ``maxLength`` bytes, no control characters, no `:` (the record key's separator).
    public static func isAcceptableID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= maxLength && id.utf8.allSatisfy { $0 >= 0x20 && $0 != 0x7F && $0 != 0x3A }
    }

    /// Whether the digits of an integer literal are an id the typed view decodes exactly
    /// (`Int64`/`UInt64`): 1 to 19 digits.
    public static func isAcceptableNumericID(_ digits: String) -> Bool {
        !digits.isEmpty && digits.utf8.count <= 19 && digits.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// Whether a `mid` may be the event id as it is: 1 to ``maxMIDLength`` bytes, no control characters.
    /// Anything else (a `\r\n` that would split a header, say) is never used: the event gets the
    /// hashed id instead, as an event without `mid` does.
    public static func isUsableMID(_ mid: String) -> Bool {
        !mid.isEmpty && mid.utf8.count <= maxMIDLength && mid.utf8.allSatisfy { $0 >= 0x20 && $0 != 0x7F }
    }
}
