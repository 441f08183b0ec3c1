import MessengerPlatform

/// Properties of signature verification. The input is two header lines and a body:
/// `<X-Hub-Signature-256 value>\n<X-Hub-Signature value>\n<body>`; a missing line is an absent header.
enum SignatureProperties {
    static let secret = "fuzz-app-secret"

    static func check(_ input: [UInt8]) {
        var parts = input.split(separator: UInt8(ascii: "\n"), maxSplits: 2, omittingEmptySubsequences: false)
        let header256 = parts.isEmpty ? nil : String(decoding: parts.removeFirst(), as: UTF8.self)
        let header1 = parts.isEmpty ? nil : String(decoding: parts.removeFirst(), as: UTF8.self)
        let body = parts.isEmpty ? [] : Array(parts[0])

        let right256 = WebhookSignature.sign256(body: body, secret: secret)
        let right1 = WebhookSignature.sign1(body: body, secret: secret)
        let trimmed256 = header256.map(trimmed)
        let trimmed1 = header1.map(trimmed)

        for allowSHA1 in [false, true] {
            let verdict = WebhookSignature.verify(
                body: body, signature256: header256, signature1: header1, secret: secret, allowSHA1: allowSHA1)
            switch verdict {
            case .valid(.sha256):
                guard trimmed256.map({ lowercasedHex($0) == right256 }) == true else {
                    violated("a sha256 header that is not the body's HMAC passed", input)
                }
            case .valid(.sha1):
                guard allowSHA1, trimmed256?.isEmpty ?? true, trimmed1.map({ lowercasedHex($0) == right1 }) == true
                else { violated("sha1 passed without being allowed, over a sha256 header, or wrong", input) }
            case .missing:
                guard trimmed256?.isEmpty ?? true, trimmed1?.isEmpty ?? true else {
                    violated("a present header was read as missing", input)
                }
            case .invalid:
                if let trimmed256, !trimmed256.isEmpty {
                    if lowercasedHex(trimmed256) == right256 { violated("the right sha256 header was refused", input) }
                } else if allowSHA1, let trimmed1, lowercasedHex(trimmed1) == right1 {
                    violated("the right sha1 header was refused", input)
                }
            }
        }
        // The signer and the verifier agree on this body, in either hex case, with optional whitespace.
        for header in [right256, right256.uppercased().replacingPrefix("SHA256=", with: "sha256="), " \t\(right256) "] {
            guard
                WebhookSignature.verify(
                    body: body, signature256: header, signature1: nil, secret: secret, allowSHA1: false)
                    == .valid(.sha256)
            else { violated("a signature made by sign256 was refused", input) }
        }
    }

    /// HTTP optional whitespace (spaces and tabs) removed from both ends.
    private static func trimmed(_ header: String) -> String {
        var value = header[...]
        while let first = value.first, first == " " || first == "\t" { value.removeFirst() }
        while let last = value.last, last == " " || last == "\t" { value.removeLast() }
        return String(value)
    }

    /// `prefix=` kept as sent, the hex digits lowercased (the verifier accepts either case).
    private static func lowercasedHex(_ header: String) -> String {
        guard let equals = header.firstIndex(of: "=") else { return header }
        return String(header[...equals]) + header[header.index(after: equals)...].lowercased()
    }
}

extension String {
    fileprivate func replacingPrefix(_ prefix: String, with replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
    }
}
