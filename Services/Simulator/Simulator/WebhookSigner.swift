import Crypto

/// The HMACs of the webhook signature headers and of `appsecret_proof`.
enum WebhookSigner {
    /// `sha256=<hex>` for `X-Hub-Signature-256`.
    static func signature256(body: [UInt8], secret: String) -> String {
        "sha256=" + hmacSHA256Hex(key: secret, message: body)
    }

    /// `sha1=<hex>` for the legacy `X-Hub-Signature`.
    static func signature1(body: [UInt8], secret: String) -> String {
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: body, using: SymmetricKey(data: Array(secret.utf8)))
        return "sha1=" + hex(mac)
    }

    /// Lowercase hex HMAC-SHA256(key, message): `appsecret_proof` is this over the access token.
    static func hmacSHA256Hex(key: String, message: [UInt8]) -> String {
        hex(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(key.utf8))))
    }

    /// Constant-time comparison of two ASCII strings, case-insensitive (hex may arrive in either case).
    static func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.lowercased().utf8)
        let b = Array(rhs.lowercased().utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    private static let digits = Array("0123456789abcdef".utf8)

    private static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
