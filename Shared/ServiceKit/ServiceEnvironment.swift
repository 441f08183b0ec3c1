import Foundation

/// Typed, fail-fast access to a service's environment variables (12-factor configuration).
///
/// We read a plain `[String: String]` rather than going through swift-configuration's `ConfigReader`:
/// its non-throwing getters fall back to the default when a value is malformed, and a container that
/// sets `PORT=80800` should refuse to start with the variable named, not listen somewhere else.
/// Tests build the same configuration from a dictionary.
public struct ServiceEnvironment: Sendable {
    /// Every variable, as given.
    public let variables: [String: String]

    /// Reads the process environment, or `variables` when given (tests).
    public init(_ variables: [String: String] = ProcessInfo.processInfo.environment) {
        self.variables = variables
    }

    /// The trimmed value of `name`, or `nil` when it is unset or blank.
    public func string(_ name: String) -> String? {
        guard let raw = variables[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty else {
            return nil
        }
        return raw
    }

    /// The value of `name`, or `defaultValue` when unset.
    public func string(_ name: String, default defaultValue: String) -> String {
        string(name) ?? defaultValue
    }

    /// The value of `name`; throws when it is unset.
    public func requiredString(_ name: String) throws(ConfigurationError) -> String {
        guard let value = string(name) else { throw ConfigurationError(variable: name, problem: "is required") }
        return value
    }

    /// An integer in `range`, or `defaultValue` when unset; throws when set but not such an integer.
    public func int(_ name: String, default defaultValue: Int, in range: ClosedRange<Int> = Int.min...Int.max)
        throws(ConfigurationError) -> Int
    {
        guard let raw = string(name) else { return defaultValue }
        guard let value = Int(raw), range.contains(value) else {
            throw ConfigurationError(
                variable: name, problem: "must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// A boolean (`true/false`, `1/0`, `yes/no`, `on/off`), or `defaultValue` when unset.
    public func bool(_ name: String, default defaultValue: Bool) throws(ConfigurationError) -> Bool {
        guard let raw = string(name)?.lowercased() else { return defaultValue }
        switch raw {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default: throw ConfigurationError(variable: name, problem: "must be true or false")
        }
    }

    /// One of `Value`'s raw values (compared lowercased), or `defaultValue` when unset; throws naming
    /// every allowed value when set to anything else.
    public func choice<Value: RawRepresentable & CaseIterable>(_ name: String, default defaultValue: Value)
        throws(ConfigurationError) -> Value where Value.RawValue == String
    {
        guard let raw = string(name) else { return defaultValue }
        guard let value = Value(rawValue: raw.lowercased()) else {
            let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw ConfigurationError(variable: name, problem: "must be one of \(allowed)")
        }
        return value
    }

    /// A duration given in milliseconds, or `defaultValue` when unset.
    public func milliseconds(
        _ name: String, default defaultValue: Duration, in range: ClosedRange<Int> = 0...86_400_000
    )
        throws(ConfigurationError) -> Duration
    {
        guard string(name) != nil else { return defaultValue }
        return .milliseconds(try int(name, default: 0, in: range))
    }

    /// A duration given in seconds, or `defaultValue` when unset.
    public func seconds(_ name: String, default defaultValue: Duration, in range: ClosedRange<Int> = 0...604_800)
        throws(ConfigurationError) -> Duration
    {
        guard string(name) != nil else { return defaultValue }
        return .seconds(try int(name, default: 0, in: range))
    }

    /// A comma-separated list (blank items dropped), or `defaultValue` when unset.
    public func list(_ name: String, default defaultValue: [String] = []) -> [String] {
        guard let raw = string(name) else { return defaultValue }
        return raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The TCP port in `PORT`, or `defaultValue`.
    public func port(default defaultValue: Int) throws(ConfigurationError) -> Int {
        try int("PORT", default: defaultValue, in: 0...65_535)
    }

    /// A secret from `name`, or from the file named by `name_FILE` (Kubernetes and Docker secrets
    /// are mounted as files). Setting both is an error; so is an unreadable or empty file, and so is
    /// a variable set to an empty or blank value: an empty HMAC key verifies anything signed with
    /// it, so a blank secret must stop the service rather than read as "unset".
    public func secret(_ name: String) throws(ConfigurationError) -> Secret? {
        let fileVariable = name + "_FILE"
        for variable in [name, fileVariable] where variables[variable] != nil && string(variable) == nil {
            throw ConfigurationError(variable: variable, problem: "is set but empty")
        }
        switch (string(name), string(fileVariable)) {
        case (nil, nil):
            return nil
        case (.some, .some):
            throw ConfigurationError(variable: name, problem: "and \(fileVariable) are both set; set one")
        case (.some(let value), nil):
            return Secret(value)
        case (nil, .some(let path)):
            return try Self.readSecretFile(path, variable: fileVariable)
        }
    }

    /// A secret that must be present (see ``secret(_:)``).
    public func requiredSecret(_ name: String) throws(ConfigurationError) -> Secret {
        guard let secret = try secret(name) else {
            throw ConfigurationError(variable: name, problem: "is required (or \(name)_FILE naming a file)")
        }
        return secret
    }

    /// Reads a secret file, trimming the trailing newline editors add.
    static func readSecretFile(_ path: String, variable: String) throws(ConfigurationError) -> Secret {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(variable: variable, problem: "names a file that cannot be read")
        }
        let value = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else { throw ConfigurationError(variable: variable, problem: "names an empty file") }
        return Secret(value)
    }
}
