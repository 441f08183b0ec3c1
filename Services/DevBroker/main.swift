import ServiceKit

// handover-devbroker: a Kafka-protocol broker for laptops and tests (librdkafka's mock cluster),
// with the system's topics created. `--help` lists the configuration.
await DevBrokerConfiguration.command.run { environment, logger in
    let configuration = try DevBrokerConfiguration(environment: environment)
    try await ServiceRunner.run([DevBrokerService(configuration: configuration, logger: logger)], logger: logger)
}
