import Foundation

/// The optional `HANDOVER_CONFIG` file: several apps and pages for one process.
///
/// ```json
/// {"apps": [{"id": "1111", "secret_file": "/run/secrets/bot", "verify_token": "t", "allow_sha1": false}],
///  "pages": [{"id": "9999", "access_token_file": "/run/secrets/page"}]}
/// ```
/// Each secret may be given inline (`secret`, `verify_token`, `access_token`) or as a file path
/// (`…_file`), which is what mounted Kubernetes and Docker secrets look like.
public struct HandoverConfigFile: Sendable {
    /// One Page and its access token.
    public struct Page: Sendable {
        public var id: String
        public var accessToken: Secret
    }

    /// The Messenger apps this process acts for.
    public var apps: [MessengerApp]
    public var pages: [Page]

    /// Reads and validates the file at `path`; errors name the field at fault, never a secret.
    public static func load(path: String) throws(ConfigurationError) -> HandoverConfigFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(variable: "HANDOVER_CONFIG", problem: "names a file that cannot be read")
        }
        return try parse(data)
    }

    /// Parses the file's JSON.
    public static func parse(_ data: Data) throws(ConfigurationError) -> HandoverConfigFile {
        let raw: RawFile
        do {
            raw = try JSONDecoder().decode(RawFile.self, from: data)
        } catch {
            throw ConfigurationError(variable: "HANDOVER_CONFIG", problem: "is not valid JSON of the documented shape")
        }
        var apps: [MessengerApp] = []
        for (index, app) in (raw.apps ?? []).enumerated() {
            let field = "HANDOVER_CONFIG apps[\(index)]"
            guard !app.id.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ConfigurationError(variable: field + ".id", problem: "is required")
            }
            guard let secret = try secret(app.secret, file: app.secretFile, field: field + ".secret") else {
                throw ConfigurationError(variable: field + ".secret", problem: "is required (or secret_file)")
            }
            let token = try Self.secret(app.verifyToken, file: app.verifyTokenFile, field: field + ".verify_token")
            apps.append(MessengerApp(id: app.id, secret: secret, verifyToken: token, allowSHA1: app.allowSHA1 ?? false))
        }
        var pages: [Page] = []
        for (index, page) in (raw.pages ?? []).enumerated() {
            let field = "HANDOVER_CONFIG pages[\(index)]"
            guard !page.id.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ConfigurationError(variable: field + ".id", problem: "is required")
            }
            guard let token = try secret(page.accessToken, file: page.accessTokenFile, field: field + ".access_token")
            else {
                throw ConfigurationError(
                    variable: field + ".access_token", problem: "is required (or access_token_file)")
            }
            pages.append(Page(id: page.id, accessToken: token))
        }
        return HandoverConfigFile(apps: apps, pages: pages)
    }

    private static func secret(_ inline: String?, file: String?, field: String) throws(ConfigurationError) -> Secret? {
        switch (inline, file) {
        case (nil, nil): return nil
        case (.some, .some): throw ConfigurationError(variable: field, problem: "is given both inline and as a file")
        case (.some(let value), nil):
            // An empty key verifies bodies signed with an empty key: refuse it, never run on it.
            guard !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw ConfigurationError(variable: field, problem: "is empty")
            }
            return Secret(value)
        case (nil, .some(let path)):
            guard !path.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw ConfigurationError(variable: field + "_file", problem: "is empty")
            }
            return try ServiceEnvironment.readSecretFile(path, variable: field + "_file")
        }
    }

    private struct RawFile: Decodable {
        var apps: [RawApp]?
        var pages: [RawPage]?
    }

    private struct RawApp: Decodable {
        var id: String
        var secret: String?
        var secretFile: String?
        var verifyToken: String?
        var verifyTokenFile: String?
        var allowSHA1: Bool?

        enum CodingKeys: String, CodingKey {
            case id, secret
            case secretFile = "secret_file"
            case verifyToken = "verify_token"
            case verifyTokenFile = "verify_token_file"
            case allowSHA1 = "allow_sha1"
        }
    }

    private struct RawPage: Decodable {
        var id: String
        var accessToken: String?
        var accessTokenFile: String?

        enum CodingKeys: String, CodingKey {
            case id
            case accessToken = "access_token"
            case accessTokenFile = "access_token_file"
        }
    }
}
