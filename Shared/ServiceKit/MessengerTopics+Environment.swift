import MessengerPlatform

extension MessengerTopics {
    /// Reads `KAFKA_TOPIC_PREFIX` (default `messenger.`).
    public init(environment: ServiceEnvironment) {
        self.init(prefix: environment.string("KAFKA_TOPIC_PREFIX", default: "messenger."))
    }
}
