import MessengerPlatform
import Testing

@Suite("Webhook signatures")
struct WebhookSignatureTests {
    static let secret = "app-secret"
    /// A body with Meta's escaped unicode (`\u00e4`), signed over these exact bytes.
    static let body =
        #"{"object":"page","entry":[{"id":"PAGE1","time":1,"messaging":[{"sender":{"id":"U1"},"recipient":{"id":"PAGE1"},"timestamp":1,"message":{"mid":"m_1","text":"K\u00e4se"}}]}]}"#
    /// HMAC-SHA256("app-secret", body), computed independently.
    static let bodySHA256 = "8982dc84ee65b480fe690b2042f8e671da406a976d119a6ce8e0a32048ed2877"

    static func verify(
        _ sha256: String?, _ sha1: String? = nil, body: String = body, secret: String = secret,
        allowSHA1: Bool = false
    ) -> WebhookSignature.Verdict {
        WebhookSignature.verify(
            body: body.bytes, signature256: sha256, signature1: sha1, secret: secret, allowSHA1: allowSHA1)
    }

    @Test func escapedUnicodeBodyIsVerifiedOverItsRawBytes() {
        #expect(WebhookSignature.sign256(body: Self.body.bytes, secret: Self.secret) == "sha256=" + Self.bodySHA256)
        #expect(Self.verify("sha256=" + Self.bodySHA256) == .valid(.sha256))
        // The same text re-serialised with a literal ä is a different body: it must not verify.
        #expect(
            Self.verify("sha256=" + Self.bodySHA256, body: Self.body.replacingOccurrences("\\u00e4", "ä")) == .invalid)
    }

    @Test func uppercaseHexIsAccepted() {
        #expect(Self.verify("sha256=" + Self.bodySHA256.uppercased()) == .valid(.sha256))
        #expect(Self.verify(" sha256=" + Self.bodySHA256 + " ") == .valid(.sha256))
    }

    static let badHeaders: [(String, String)] = {
        let hex = bodySHA256
        let chopped = String(hex.dropLast())
        return [
            ("wrong secret", WebhookSignature.sign256(body: body.bytes, secret: "other-secret")),
            ("truncated", "sha256=" + String(hex.dropLast(2))),
            ("one hex digit short", "sha256=" + chopped),
            ("too long", "sha256=" + hex + "00"),
            ("wrong prefix", "sha1=" + hex),
            ("uppercase prefix", "SHA256=" + hex),
            ("no prefix", hex),
            ("prefix only", "sha256="),
            ("non-hex digit", "sha256=" + chopped + "g"),
            ("one digit changed", "sha256=" + chopped + "8"),
        ]
    }()

    @Test("Bad sha256 signatures are invalid", arguments: badHeaders)
    func badSignatureIsInvalid(_ name: String, _ header: String) {
        #expect(Self.verify(header) == .invalid)
    }

    @Test func bodyAlteredByOneByteIsInvalid() {
        var altered = Self.body.bytes
        for index in [0, altered.count / 2, altered.count - 1] {
            altered[index] ^= 0x01
            let verdict = WebhookSignature.verify(
                body: altered, signature256: "sha256=" + Self.bodySHA256, signature1: nil, secret: Self.secret,
                allowSHA1: false)
            #expect(verdict == .invalid)
            altered[index] ^= 0x01
        }
    }

    @Test func missingHeadersAreMissing() {
        #expect(Self.verify(nil, nil) == .missing)
        #expect(Self.verify("", "  ") == .missing)
    }

    @Test func publishedLegacySHA1VectorIsAcceptedOnlyWhenAllowed() {
        let header = "sha1=1c99183cb7c44ea27fb834746086b65b89800db8"
        #expect(WebhookSignature.sign1(body: "{}".bytes, secret: "FAKE_SECRET") == header)
        #expect(Self.verify(nil, header, body: "{}", secret: "FAKE_SECRET", allowSHA1: true) == .valid(.sha1))
        #expect(
            Self.verify(
                nil, header.uppercased().replacingOccurrences("SHA1=", "sha1="), body: "{}",
                secret: "FAKE_SECRET", allowSHA1: true) == .valid(.sha1))
        #expect(Self.verify(nil, header, body: "{}", secret: "FAKE_SECRET", allowSHA1: false) == .invalid)
        #expect(Self.verify(nil, header, body: "{}", secret: "WRONG", allowSHA1: true) == .invalid)
    }

    @Test func sha256DecidesWhenBothHeadersArePresent() {
        let good1 = WebhookSignature.sign1(body: Self.body.bytes, secret: Self.secret)
        // A bad sha256 is not rescued by a good sha1 (no downgrade).
        #expect(Self.verify("sha256=" + String(repeating: "0", count: 64), good1, allowSHA1: true) == .invalid)
        #expect(Self.verify("sha256=" + Self.bodySHA256, "sha1=bogus", allowSHA1: true) == .valid(.sha256))
        #expect(WebhookSignature.Verdict.valid(.sha256).isValid && !WebhookSignature.Verdict.missing.isValid)
    }
}

extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
