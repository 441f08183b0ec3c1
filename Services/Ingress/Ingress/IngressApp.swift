import ServiceKit

/// A Messenger app whose webhooks this ingress receives: its id, the secret that signs its
/// webhooks, and the token of its verification handshake.
public struct IngressApp: Sendable {
    /// The app id, as in `POST /webhook/{app_id}` and in the records' `app_id`.
    public var id: String
    /// The app secret: the HMAC key of `X-Hub-Signature-256`.
    public var secret: Secret
    /// The `hub.verify_token` the app's webhook subscription was set up with.
    public var verifyToken: Secret?
    /// Whether the legacy `X-Hub-Signature` (HMAC-SHA1) is accepted when no sha256 header comes.
    public var allowSHA1: Bool

    /// An app; the legacy sha1 signature is refused unless `allowSHA1`.
    public init(id: String, secret: Secret, verifyToken: Secret? = nil, allowSHA1: Bool = false) {
        self.id = id
        self.secret = secret
        self.verifyToken = verifyToken
        self.allowSHA1 = allowSHA1
    }
}
