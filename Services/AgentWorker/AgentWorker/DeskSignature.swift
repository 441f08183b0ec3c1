import Crypto

/// The signature on every event the agent worker posts to the desk:
/// `X-Desk-Signature: sha256=<lowercase hex HMAC-SHA256(key: AGENT_DESK_SECRET, message: raw body)>`,
/// the same scheme Meta uses for its webhooks, so a desk can reuse its verification code.
public enum DeskSignature {
    /// The header carrying the signature.
    public static let headerName = "X-Desk-Signature"
    /// The header naming the event a delivery carries (the same on every retry), for the desk's dedupe.
    public static let eventIDHeaderName = "X-Desk-Event-ID"

    /// The header value for `body` signed with `secret`.
    public static func sign(_ body: [UInt8], secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array(secret.utf8)))
        return "sha256="
            + mac.map { byte in byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16) }.joined()
    }

    /// Whether `header` is a valid signature of `body` under `secret`: the `sha256=` prefix, then hex
    /// digits in either case, compared in constant time. For desks written in Swift, and our tests.
    public static func verify(_ body: [UInt8], header: String?, secret: String) -> Bool {
        guard let header, header.lowercased().hasPrefix("sha256=") else { return false }
        guard let given = hexBytes(header.dropFirst("sha256=".count)), given.count == SHA256.byteCount else {
            return false
        }
        return HMAC<SHA256>.isValidAuthenticationCode(
            given, authenticating: body, using: SymmetricKey(data: Array(secret.utf8)))
    }

    private static func hexBytes(_ hex: Substring) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
