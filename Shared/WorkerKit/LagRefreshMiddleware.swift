import Hummingbird
import Kafka

/// Refreshes `kafka_consumergroup_lag` from the consumer's latest statistics (every second) just
/// before `/metrics` renders, so a scrape always sees the newest lag without a timer of its own.
struct LagRefreshMiddleware<Context: RequestContext>: RouterMiddleware {
    let consumer: KafkaConsumer
    let metrics: WorkerMetrics

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if request.uri.path == "/metrics" { metrics.publishLag(consumer.lag()) }
        return try await next(request, context)
    }
}
