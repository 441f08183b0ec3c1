/// The webhook verification handshake: Meta calls
/// `GET <callback>?hub.mode=subscribe&hub.verify_token=T&hub.challenge=N` and expects `200 N`
/// when the token matches, `403` otherwise.
public enum WebhookHandshake {
    /// The query parameter names Meta uses.
    public static let modeParameter = "hub.mode"
    /// The query parameter carrying the verify token.
    public static let verifyTokenParameter = "hub.verify_token"
    /// The query parameter carrying the challenge to echo.
    public static let challengeParameter = "hub.challenge"

    /// What to answer.
    public enum Answer: Sendable, Hashable {
        /// Answer 200 with the challenge as the body.
        case accept(String)
        /// Answer 403.
        case reject
    }

    /// Accepts only when `mode` is `subscribe`, `verifyToken` equals `expectedToken` (compared in
    /// constant time; an empty expected token never matches) and a non-empty challenge is present.
    public static func answer(mode: String?, verifyToken: String?, challenge: String?, expectedToken: String) -> Answer
    {
        guard mode == "subscribe", let verifyToken, let challenge, !challenge.isEmpty, !expectedToken.isEmpty,
            ConstantTime.equal(verifyToken.utf8, expectedToken.utf8)
        else { return .reject }
        return .accept(challenge)
    }
}
