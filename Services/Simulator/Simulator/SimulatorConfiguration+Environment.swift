import Foundation
import ServiceKit
import SimulatorClient

extension SimulatorConfiguration {
    /// `SIMULATOR_HOST` when unset: every interface (the library's own default is the loopback).
    public static let environmentDefaultHost = "0.0.0.0"

    /// Reads the configuration of the `handover-simulator` executable.
    ///
    /// Order: defaults, then the JSON file named by `SIMULATOR_CONFIG`, then single variables (which
    /// win), then the two-app shorthand (`SIMULATOR_BOT_*` as the primary/default app,
    /// `SIMULATOR_AGENT_*` as a secondary). See readme-simulator.md for the table.
    public init(environment: ServiceEnvironment) throws(ConfigurationError) {
        self.init(host: Self.environmentDefaultHost)
        if let path = environment.string("SIMULATOR_CONFIG") {
            try self.apply(fileAt: path)
        }
        port = try environment.port(default: port)
        host = environment.string("SIMULATOR_HOST", default: host)
        pageID = environment.string("SIMULATOR_PAGE_ID", default: pageID)
        pageName = environment.string("SIMULATOR_PAGE_NAME", default: pageName)
        if let raw = environment.string("SIMULATOR_MODE") {
            guard let value = Mode(rawValue: raw.lowercased()) else {
                throw ConfigurationError(variable: "SIMULATOR_MODE", problem: "must be handover or routing")
            }
            mode = value
        }
        idleTimeout = try environment.seconds(
            "SIMULATOR_IDLE_TIMEOUT_SECONDS", default: idleTimeout, in: 1...(30 * 86_400))
        if let raw = environment.string("SIMULATOR_DEFAULT_APP") {
            guard ["primary", "none"].contains(raw.lowercased()) else {
                throw ConfigurationError(variable: "SIMULATOR_DEFAULT_APP", problem: "must be primary or none")
            }
            hasDefaultApp = raw.lowercased() == "primary"
        }
        if let raw = environment.string("SIMULATOR_TAKE_RECEIVERS") {
            guard let value = TakeReceivers(rawValue: raw.lowercased()) else {
                throw ConfigurationError(
                    variable: "SIMULATOR_TAKE_RECEIVERS", problem: "must be previous_owner or every_app")
            }
            takeReceivers = value
        }
        requireAppSecretProof = try environment.bool(
            "SIMULATOR_REQUIRE_APPSECRET_PROOF", default: requireAppSecretProof)
        if let raw = environment.string("SIMULATOR_TAKE_ANSWER") {
            guard let value = TakeAnswer(rawValue: raw.lowercased()) else {
                throw ConfigurationError(
                    variable: "SIMULATOR_TAKE_ANSWER", problem: "must be success, thread_owner or alternating")
            }
            takeAnswer = value
        }
        if let raw = environment.string("SIMULATOR_ID_STYLE") {
            guard let value = IDStyle(rawValue: raw.lowercased()) else {
                throw ConfigurationError(variable: "SIMULATOR_ID_STYLE", problem: "must be meta, string or number")
            }
            idStyle = value
        }
        webhookTimeout = try environment.milliseconds(
            "SIMULATOR_WEBHOOK_TIMEOUT_MS", default: webhookTimeout, in: 1...120_000)
        webhookBatchSize = try environment.int("SIMULATOR_WEBHOOK_BATCH_SIZE", default: webhookBatchSize, in: 1...1000)
        if environment.string("SIMULATOR_WEBHOOK_RETRY_DELAYS_MS") != nil {
            var delays: [Duration] = []
            for item in environment.list("SIMULATOR_WEBHOOK_RETRY_DELAYS_MS") {
                guard let milliseconds = Int(item), milliseconds >= 0 else {
                    throw ConfigurationError(
                        variable: "SIMULATOR_WEBHOOK_RETRY_DELAYS_MS",
                        problem: "must be a comma-separated list of milliseconds")
                }
                delays.append(.milliseconds(milliseconds))
            }
            webhookRetry = WebhookRetryPolicy(delays: delays)
        }
        let signSHA1 = try environment.bool("SIMULATOR_SIGN_SHA1", default: false)
        for (prefix, role) in [("SIMULATOR_BOT", App.Role.primary), ("SIMULATOR_AGENT", .secondary)] {
            guard let id = environment.string(prefix + "_APP_ID") else { continue }
            let secret = try environment.requiredSecret(prefix + "_APP_SECRET").value
            // `_PAGE_TOKEN` is the documented name; `_TOKEN` is accepted as a shorthand.
            var token = try environment.secret(prefix + "_PAGE_TOKEN")
            if token == nil { token = try environment.secret(prefix + "_TOKEN") }
            guard let token else {
                throw ConfigurationError(
                    variable: prefix + "_PAGE_TOKEN", problem: "is required when \(prefix)_APP_ID is set")
            }
            let app = App(
                id: id,
                name: environment.string(prefix + "_APP_NAME"),
                secret: secret,
                pageAccessToken: token.value,
                webhookURL: environment.string(prefix + "_WEBHOOK_URL"),
                role: role,
                isDefault: role == .primary,
                signSHA1: signSHA1
            )
            apps.removeAll { $0.id == id }
            apps.append(app)
        }
        try validate()
    }

    /// Checks what a running simulator relies on: distinct tokens, at most one primary.
    public func validate() throws(ConfigurationError) {
        var tokens: Set<String> = []
        for app in effectiveApps {
            if let token = app.pageAccessToken, !tokens.insert(token).inserted {
                throw ConfigurationError(variable: "apps", problem: "give each app its own page access token")
            }
        }
        if effectiveApps.filter({ $0.role == .primary }).count > 1 {
            throw ConfigurationError(variable: "apps", problem: "may have at most one primary receiver")
        }
        if effectiveApps.filter(\.isDefault).count > 1 {
            throw ConfigurationError(variable: "apps", problem: "may have at most one default app")
        }
    }

    /// Applies the JSON configuration file at `path` (format in readme-simulator.md).
    mutating func apply(fileAt path: String) throws(ConfigurationError) {
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(variable: "SIMULATOR_CONFIG", problem: "names a file that cannot be read")
        }
        guard let json = JSONValue.parse(Array(bytes)), json.objectValue != nil else {
            throw ConfigurationError(variable: "SIMULATOR_CONFIG", problem: "must name a JSON object file")
        }
        try apply(json: json)
    }

    /// Applies a configuration document (the file format).
    public mutating func apply(json: JSONValue) throws(ConfigurationError) {
        func field(_ name: String) -> String { "SIMULATOR_CONFIG: \(name)" }
        if let value = json["page_id"]?.stringValue { pageID = value }
        if let value = json["page_name"]?.stringValue { pageName = value }
        if let raw = json["mode"]?.stringValue {
            guard let value = Mode(rawValue: raw) else {
                throw ConfigurationError(variable: field("mode"), problem: "must be handover or routing")
            }
            mode = value
        }
        if let value = json["idle_timeout_seconds"]?.intValue { idleTimeout = .seconds(value) }
        if let value = json["require_appsecret_proof"]?.boolValue { requireAppSecretProof = value }
        if let raw = json["take_answer"]?.stringValue {
            guard let value = TakeAnswer(rawValue: raw) else {
                throw ConfigurationError(
                    variable: field("take_answer"), problem: "must be success, thread_owner or alternating")
            }
            takeAnswer = value
        }
        if let raw = json["id_style"]?.stringValue {
            guard let value = IDStyle(rawValue: raw) else {
                throw ConfigurationError(variable: field("id_style"), problem: "must be meta, string or number")
            }
            idStyle = value
        }
        if let value = json["webhook_timeout_ms"]?.intValue { webhookTimeout = .milliseconds(value) }
        if let value = json["webhook_batch_size"]?.intValue { webhookBatchSize = max(1, Int(value)) }
        if let values = json["webhook_retry_delays_ms"]?.arrayValue {
            webhookRetry = WebhookRetryPolicy(delays: values.compactMap(\.intValue).map { .milliseconds($0) })
        }
        guard let list = json["apps"] else { return }
        guard let entries = list.arrayValue else {
            throw ConfigurationError(variable: field("apps"), problem: "must be an array")
        }
        for (index, entry) in entries.enumerated() {
            let app = try App(json: entry, field: field("apps[\(index)]"))
            apps.removeAll { $0.id == app.id }
            apps.append(app)
        }
    }
}

extension SimulatorConfiguration.App {
    /// An app from its JSON form in the configuration file.
    init(json: JSONValue, field: String) throws(ConfigurationError) {
        guard let id = json["id"]?.stringValue else {
            throw ConfigurationError(variable: field, problem: "needs an id")
        }
        let secret: String
        if let value = json["secret"]?.stringValue {
            secret = value
        } else if let path = json["secret_file"]?.stringValue {
            guard let bytes = FileManager.default.contents(atPath: path),
                case let value = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines),
                !value.isEmpty
            else {
                throw ConfigurationError(variable: field + ".secret_file", problem: "names a file that cannot be read")
            }
            secret = value
        } else if id == Self.pageInboxID {
            secret = ""
        } else {
            throw ConfigurationError(variable: field, problem: "needs a secret or secret_file")
        }
        let role: Role
        switch json["role"]?.stringValue ?? "secondary" {
        case "primary", "primary_receiver": role = .primary
        case "secondary", "secondary_receiver": role = .secondary
        case "none": role = .none
        default: throw ConfigurationError(variable: field + ".role", problem: "must be primary, secondary or none")
        }
        var fields = Self.allFields
        if let values = json["subscribed_fields"]?.arrayValue {
            fields = Set(values.compactMap(\.stringValue))
        }
        self.init(
            id: id,
            name: json["name"]?.stringValue,
            secret: secret,
            pageAccessToken: json["page_access_token"]?.stringValue,
            webhookURL: json["webhook_url"]?.stringValue,
            role: role,
            isDefault: json["default"]?.boolValue ?? false,
            subscribedFields: fields,
            signSHA1: json["sign_sha1"]?.boolValue ?? false
        )
    }
}
