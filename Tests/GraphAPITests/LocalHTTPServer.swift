import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A request context that knows the client's socket address, so a test server can count the
/// distinct connections it was reached over.
struct PeerRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The client end of the connection this request arrived on.
    let peer: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.peer = source.channel.remoteAddress
    }
}

/// Distinct client ports seen by a test server: one per TCP connection.
final class PeerLog: Sendable {
    private let ports = Mutex(Set<Int>())

    /// Records the connection a request came over.
    func record(_ context: PeerRequestContext) {
        guard let port = context.peer?.port else { return }
        ports.withLock { _ = $0.insert(port) }
    }

    /// How many distinct connections requests came over.
    var connectionCount: Int { ports.withLock { $0.count } }
}

/// Runs a real Hummingbird server on 127.0.0.1 with a kernel-chosen port for the duration of
/// `body`, then stops it.
func withLocalServer<Context: RequestContext, Result: Sendable>(
    _ router: Router<Context>,
    _ body: @Sendable (_ port: Int) async throws -> Result
) async throws -> Result where Context.Source == ApplicationRequestContextSource {
    let (ports, portContinuation) = AsyncStream<Int>.makeStream()
    let logger = quietLogger("test-server")
    let app = Application(
        router: router,
        configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in
            portContinuation.yield(channel.localAddress?.port ?? 0)
            portContinuation.finish()
        },
        logger: logger)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port != 0 else {
            group.cancelAll()
            throw LocalServerError.didNotStart
        }
        let result = try await body(port)
        group.cancelAll()
        return result
    }
}

/// The test server could not report its port.
enum LocalServerError: Error {
    case didNotStart
}

/// A logger for test fixtures: only critical messages (server shutdown noise stays out of the
/// test output).
func quietLogger(_ label: String) -> Logger {
    var logger = Logger(label: label)
    logger.logLevel = .critical
    return logger
}
