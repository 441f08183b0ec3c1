extension WebhookSignature {
    /// The hash function of a valid signature.
    public enum Algorithm: String, Sendable, Hashable {
        /// `X-Hub-Signature-256`.
        case sha256
        /// Legacy `X-Hub-Signature`, accepted only when explicitly allowed.
        case sha1
    }

    /// The outcome of `WebhookSignature.verify`.
    public enum Verdict: Sendable, Hashable, CustomStringConvertible {
        /// The body was signed with the app secret.
        case valid(Algorithm)
        /// No signature header at all (answer 401).
        case missing
        /// A signature that does not match, is malformed, or is a legacy sha1 one that is not
        /// allowed (answer 403).
        case invalid

        /// True for `.valid`.
        public var isValid: Bool {
            if case .valid = self { return true }
            return false
        }

        /// A metric label: `valid`, `missing` or `invalid`.
        public var description: String {
            switch self {
            case .valid: "valid"
            case .missing: "missing"
            case .invalid: "invalid"
            }
        }
    }
}
