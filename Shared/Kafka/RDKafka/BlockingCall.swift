import Dispatch

/// Runs the occasional blocking librdkafka call (metadata, synchronous commit, close, destroy) on
/// a dispatch queue, so it never holds a thread of Swift's cooperative pool.
enum BlockingCall {
    private static let queue = DispatchQueue(label: "kafka.blocking", attributes: .concurrent)

    /// Runs `body` off the cooperative pool and returns its result.
    static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: body()) }
        }
    }
}
