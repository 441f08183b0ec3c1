import MetricsReading
import TestSupport

extension WorkerTestbed {
    /// The worker's `/metrics`.
    func metrics(of worker: RunningWorker) async throws -> MetricsText {
        MetricsText(text: try await get(worker.baseURL + "/metrics").body)
    }
}
