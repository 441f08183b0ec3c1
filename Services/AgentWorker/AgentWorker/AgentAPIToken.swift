import Crypto

/// The bearer token that guards the agent API (`AGENT_API_TOKEN`).
///
/// Both sides are hashed before a constant-time compare, so neither the token's bytes nor its
/// length leak through response timing.
public struct AgentAPIToken: Sendable {
    private let digest: [UInt8]

    /// A token whose value is `token`; it must not be empty.
    public init(_ token: String) {
        digest = Array(SHA256.hash(data: Array(token.utf8)))
    }

    /// Whether an `Authorization` header value is `Bearer <this token>` (scheme case-insensitive).
    public func authorizes(_ authorization: String?) -> Bool {
        guard let authorization else { return false }
        let parts = authorization.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return false }
        let given = Array(SHA256.hash(data: Array(parts[1].utf8)))
        var difference: UInt8 = 0
        for index in 0..<digest.count { difference |= digest[index] ^ given[index] }
        return difference == 0
    }
}
