import Crypto

/// Verifies and creates Meta's webhook signatures over the raw request body (never a re-serialised
/// one: Meta signs the escaped-unicode form, e.g. `\u00e4`, exactly as sent).
///
/// * `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, body)>`, the one to trust;
/// * `X-Hub-Signature: sha1=<hex HMAC-SHA1(app secret, body)>`, legacy, only with `allowSHA1`.
public enum WebhookSignature {
    /// The header that carries the SHA-256 signature.
    public static let sha256HeaderName = "X-Hub-Signature-256"
    /// The legacy header that carries the SHA-1 signature.
    public static let sha1HeaderName = "X-Hub-Signature"

    /// Checks the signature headers of a webhook request.
    ///
    /// * `signature256` present → it alone decides (`.valid(.sha256)` or `.invalid`; never falls
    ///   back to sha1, which would be a downgrade);
    /// * only `signature1` present → `.valid(.sha1)`/`.invalid` when `allowSHA1`, else `.invalid`;
    /// * neither (nil or blank) → `.missing`.
    ///
    /// Hex digits are accepted in either case; a wrong prefix, wrong length or non-hex character is
    /// `.invalid`. The MAC comparison is constant-time.
    public static func verify(
        body: [UInt8], signature256: String?, signature1: String?, secret: String, allowSHA1: Bool
    ) -> Verdict {
        let key = SymmetricKey(data: Array(secret.utf8))
        if let header = present(signature256) {
            guard let expected = mac(in: header, prefix: "sha256=", length: SHA256.byteCount) else { return .invalid }
            let actual = Array(HMAC<SHA256>.authenticationCode(for: body, using: key))
            return ConstantTime.equalDigests(actual, expected) ? .valid(.sha256) : .invalid
        }
        if let header = present(signature1) {
            // Only sha1 offered and sha1 not allowed: the request is not authenticated.
            guard allowSHA1 else { return .invalid }
            guard let expected = mac(in: header, prefix: "sha1=", length: Insecure.SHA1.byteCount) else {
                return .invalid
            }
            let actual = Array(HMAC<Insecure.SHA1>.authenticationCode(for: body, using: key))
            return ConstantTime.equalDigests(actual, expected) ? .valid(.sha1) : .invalid
        }
        return .missing
    }

    /// The `X-Hub-Signature-256` header value for `body`: `sha256=<lowercase hex>`.
    public static func sign256(body: [UInt8], secret: String) -> String {
        let key = SymmetricKey(data: Array(secret.utf8))
        return "sha256=" + Hex.encode(HMAC<SHA256>.authenticationCode(for: body, using: key))
    }

    /// The legacy `X-Hub-Signature` header value for `body`: `sha1=<lowercase hex>`.
    public static func sign1(body: [UInt8], secret: String) -> String {
        let key = SymmetricKey(data: Array(secret.utf8))
        return "sha1=" + Hex.encode(HMAC<Insecure.SHA1>.authenticationCode(for: body, using: key))
    }

    /// A header value that is there at all (HTTP optional whitespace trimmed).
    private static func present(_ header: String?) -> Substring? {
        guard var value = header?[...] else { return nil }
        while let first = value.first, first == " " || first == "\t" { value.removeFirst() }
        while let last = value.last, last == " " || last == "\t" { value.removeLast() }
        return value.isEmpty ? nil : value
    }

    /// The MAC bytes of `prefix<hex>`; nil for another prefix, wrong length or non-hex digits.
    private static func mac(in header: Substring, prefix: String, length: Int) -> [UInt8]? {
        guard header.hasPrefix(prefix) else { return nil }
        let hex = header.dropFirst(prefix.count)
        guard hex.utf8.count == length * 2 else { return nil }
        return Hex.decode(hex)
    }
}
