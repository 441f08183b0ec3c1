import BotWorker
import ServiceKit

// handover-bot-worker: the primary (default) app's automated answers and handovers, from Kafka.
// `--help` lists the configuration.
await BotWorkerConfiguration.command.run { environment, logger in
    let configuration = try BotWorkerConfiguration(environment: environment)
    let app = try buildBotWorker(configuration: configuration, logger: logger)
    try await ServiceRunner.run([app], logger: logger)
}
