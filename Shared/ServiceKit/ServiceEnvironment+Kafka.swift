import Kafka

extension ServiceEnvironment {
    /// The Kafka configuration of the environment: `KAFKA_BROKERS` and every `KAFKA_PROPERTY_*`
    /// variable, where `KAFKA_PROPERTY_<NAME>_FILE` reads property `<NAME>` from a file (a mounted
    /// secret: `KAFKA_PROPERTY_SASL_PASSWORD_FILE=/var/run/secrets/handover/kafka-sasl-password`).
    /// Setting a property both ways, or naming an unreadable or empty file, is refused.
    public func kafkaConfiguration() throws(ConfigurationError) -> KafkaConfiguration {
        var configuration = KafkaConfiguration(environment: variables)
        let prefix = KafkaConfiguration.environmentPropertyPrefix
        for variable in variables.keys.sorted() where variable.hasPrefix(prefix) && variable.hasSuffix("_FILE") {
            let direct = String(variable.dropLast("_FILE".count))
            guard let name = KafkaConfiguration.propertyName(forEnvironmentVariable: direct) else { continue }
            configuration.properties[name + ".file"] = nil
            guard string(variable) != nil else {
                throw ConfigurationError(variable: variable, problem: "is set but empty")
            }
            if string(direct) != nil {
                throw ConfigurationError(variable: direct, problem: "and \(variable) are both set; set one")
            }
            configuration.properties[name] = try secret(direct)?.value
        }
        return configuration
    }
}
