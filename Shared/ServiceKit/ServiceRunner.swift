import Logging
import ServiceLifecycle
import UnixSignals

/// Runs a service's long-lived parts until SIGTERM or SIGINT, then shuts them down in reverse
/// order (the HTTP server stops accepting before the Kafka producer flushes, for instance).
public enum ServiceRunner {
    /// Runs `services` in one `ServiceGroup` with graceful shutdown on SIGTERM and SIGINT.
    public static func run(_ services: [any Service], logger: Logger) async throws {
        let group = ServiceGroup(
            configuration: .init(
                services: services.map { .init(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                cancellationSignals: [],
                logger: logger
            )
        )
        try await group.run()
    }
}
