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

    /// The token of an `Authorization: Bearer <token>` value (scheme case-insensitive), or nil.
    public static func bearer(_ authorization: String?) -> String? {
        guard let authorization else { return nil }
        let parts = authorization.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1])
    }

    /// Whether an `Authorization` header value is `Bearer <this token>` (scheme case-insensitive).
    public func authorizes(_ authorization: String?) -> Bool {
        guard let token = Self.bearer(authorization) else { return false }
        let given = Array(SHA256.hash(data: Array(token.utf8)))
        var difference: UInt8 = 0
        for index in 0..<digest.count { difference |= digest[index] ^ given[index] }
        return difference == 0
    }
}
