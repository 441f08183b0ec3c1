import GraphAPI
import Kafka
import MessengerPlatform
import ServiceKit

extension WorkerConfiguration: CustomStringConvertible {
    /// The settings that matter when reading a log, with every secret left out (the app secret,
    /// page tokens and sensitive librdkafka properties such as `sasl.password`).
    public var description: String {
        "WorkerConfiguration(service: \(serviceName), app: \(appID), pages: \(pages.map(\.pageID)), "
            + "brokers: \(kafka.bootstrapServers), properties: \(kafka.redactedProperties), group: \(groupID), "
            + "topics: \(topics.prefix)*, graph: \(graph.baseURL)/\(graph.version), concurrency: \(concurrency), "
            + "maxInflight: \(effectiveMaxInflight), maxAttempts: \(maxAttempts), drainTimeout: \(drainTimeout), "
            + "dedupeWindow: \(dedupeWindow), commitInterval: \(commitInterval), "
            + "recoveryScanLimit: \(recoveryScanLimit), recoveryTimeout: \(recoveryTimeout))"
    }
}
