import Foundation

extension KafkaConfiguration {
    /// The prefix of environment variables that carry librdkafka properties.
    public static let environmentPropertyPrefix = "KAFKA_PROPERTY_"

    /// librdkafka properties from `KAFKA_PROPERTY_<NAME>` variables.
    ///
    /// The name after the prefix is lowercased and every `_` becomes `.`; a doubled `__` stands for
    /// a literal `_`. So `KAFKA_PROPERTY_SECURITY_PROTOCOL=SASL_SSL` sets `security.protocol`,
    /// `KAFKA_PROPERTY_SASL_MECHANISMS=PLAIN` sets `sasl.mechanisms`, and
    /// `KAFKA_PROPERTY_FETCH_WAIT_MAX_MS=10` sets `fetch.wait.max.ms`. Variables with an empty value
    /// are ignored.
    public static func properties(
        fromEnvironment environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> [String: String] {
        var properties: [String: String] = [:]
        for (variable, value) in environment {
            guard let name = propertyName(forEnvironmentVariable: variable) else { continue }
            let value = value.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !value.isEmpty else { continue }
            properties[name] = value
        }
        return properties
    }

    /// The librdkafka property a `KAFKA_PROPERTY_*` variable sets, or `nil` for any other variable.
    public static func propertyName(forEnvironmentVariable variable: String) -> String? {
        guard variable.hasPrefix(environmentPropertyPrefix) else { return nil }
        let suffix = variable.dropFirst(environmentPropertyPrefix.count)
        guard !suffix.isEmpty else { return nil }
        // `__` is a literal underscore; a placeholder keeps it apart from the single `_` separators.
        let placeholder = "\u{0}"
        return suffix.lowercased()
            .replacingOccurrences(of: "__", with: placeholder)
            .replacingOccurrences(of: "_", with: ".")
            .replacingOccurrences(of: placeholder, with: "_")
    }

    /// The `KAFKA_PROPERTY_*` variable that sets librdkafka property `name` (the inverse of
    /// ``propertyName(forEnvironmentVariable:)``): `batch.num.messages` is `KAFKA_PROPERTY_BATCH_NUM_MESSAGES`.
    public static func environmentVariable(forProperty name: String) -> String {
        environmentPropertyPrefix
            + name.replacingOccurrences(of: "_", with: "__").replacingOccurrences(of: ".", with: "_").uppercased()
    }

    /// A configuration from the environment: `KAFKA_BROKERS` (or `defaultBootstrapServers` when
    /// unset) and every `KAFKA_PROPERTY_*` variable.
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        defaultBootstrapServers: String = "localhost:9092"
    ) {
        let brokers = environment["KAFKA_BROKERS"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        self.init(
            bootstrapServers: brokers.isEmpty ? defaultBootstrapServers : brokers,
            properties: Self.properties(fromEnvironment: environment))
    }
}
