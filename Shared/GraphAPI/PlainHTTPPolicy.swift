/// Whether the Page access token may travel over plain HTTP, which anyone on the path can read.
///
/// Every Graph call carries the token, so the policy is checked once, when a client is made, against
/// the scheme and host of `GraphAPIConfiguration.baseURL`. `https://` is always allowed.
public enum PlainHTTPPolicy: String, Sendable, CaseIterable {
    /// `https://` only: production.
    case refuse = "no"
    /// Plain `http://` to this machine only (`localhost`, `127.0.0.0/8`, `::1`): the local stack and tests.
    case loopback
    /// Plain `http://` to any host: a simulator in a container network. Local development only.
    case anyHost = "any-host"

    /// Why a client must not send the token to `baseURL`, or `nil` when it may.
    public func refusal(baseURL: String) -> String? {
        guard let url = GraphBaseURL(baseURL) else {
            return "\(baseURL) is not an http:// or https:// URL with a host"
        }
        guard url.scheme == "http" else { return nil }
        switch self {
        case .anyHost:
            return nil
        case .loopback where url.isLoopback:
            return nil
        case .loopback:
            return "\(baseURL) is plain http:// to \(url.host), which is not this machine;"
                + " the page token is sent over plain HTTP to localhost, 127.0.0.0/8 and ::1 only"
        case .refuse:
            return "\(baseURL) is plain http://; the page token is sent over https:// only"
        }
    }
}

/// The scheme and host of a Graph base URL, read without Foundation's lenient parsing.
struct GraphBaseURL: Equatable {
    /// `http` or `https`, lowercased.
    let scheme: String
    /// The host, lowercased, without brackets or port.
    let host: String

    init?(_ text: String) {
        guard let separator = text.firstRange(of: "://") else { return nil }
        let scheme = text[..<separator.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        var authority = text[separator.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        // Credentials in the URL would be sent to the host; a base URL never needs them.
        guard !authority.contains("@"), !authority.isEmpty else { return nil }
        let host: Substring
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
            authority = authority[authority.index(after: close)...]
        } else {
            host = authority.prefix { $0 != ":" }
            authority = authority.dropFirst(host.count)
        }
        guard !host.isEmpty,
            authority.isEmpty || (authority.first == ":" && authority.dropFirst().allSatisfy(\.isASCIIDigit))
        else { return nil }
        self.scheme = scheme
        self.host = host.lowercased()
    }

    /// `localhost`, an address in `127.0.0.0/8`, or `::1`.
    var isLoopback: Bool {
        if host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127"
            && parts.allSatisfy { part in UInt8(part).map { _ in part.allSatisfy(\.isASCIIDigit) } ?? false }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
