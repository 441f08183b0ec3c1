import Foundation

/// One Messenger app of the local stack, with the credentials the simulator, the ingress and its
/// worker share. The local stack makes fresh random secrets for every run.
public struct StackApp: Sendable, Hashable, CustomStringConvertible {
    /// The app id (digits, as Meta's are).
    public var id: String
    /// A display name, shown by the simulator and in transcripts.
    public var name: String
    /// The app secret (webhook signatures, `appsecret_proof`).
    public var secret: String
    /// The app's Page access token.
    public var pageToken: String
    /// The webhook verify token.
    public var verifyToken: String

    /// An app with the given credentials.
    public init(id: String, name: String, secret: String, pageToken: String, verifyToken: String) {
        self.id = id
        self.name = name
        self.secret = secret
        self.pageToken = pageToken
        self.verifyToken = verifyToken
    }

    /// An app with fresh random credentials.
    public static func random(id: String, name: String) -> StackApp {
        StackApp(
            id: id, name: name, secret: randomToken(), pageToken: "EAA" + randomToken(), verifyToken: randomToken())
    }

    /// 32 random hex digits.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// Id and name only: never the secrets.
    public var description: String { "\(name) (\(id))" }
}
