import MessengerPlatform

/// One Messenger app as our services hold it: the one notion of a configured app.
///
/// The ingress knows each app it receives webhooks for by all four (the secret checks
/// signatures, the verify token answers the subscription handshake); a worker acts as one app
/// (its secret signs `appsecret_proof`). `HANDOVER_CONFIG`'s `apps` entries are these. The
/// simulator's apps are another thing on purpose: Meta's side of an app (its role on the page,
/// where its webhooks go), and the local stack's `StackApp` generates a run's fresh credentials
/// for every side (the simulator's page token included) and writes them into the services'
/// configuration, where they are read back as `MessengerApp`s.
public struct MessengerApp: Sendable {
    /// The app id, as in `POST /webhook/{app_id}` and in the records' `app_id`.
    public var id: String
    /// The app secret: the HMAC key of `X-Hub-Signature-256` and of `appsecret_proof`.
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

    /// The id as the event model types it.
    public var appID: AppID { AppID(id) }
}
