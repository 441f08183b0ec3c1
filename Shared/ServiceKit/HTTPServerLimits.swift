import Hummingbird
import HummingbirdCore
import NIOCore

/// The connection limits every service's HTTP server runs with, so a client that opens a
/// connection and stalls holds it (and the memory behind it) for a bounded time.
///
/// Hummingbird's HTTP/1 channel keeps a connection open forever by default. Two bounds close it:
/// the idle timeout (nothing parsed for that long: a request head that never completes, a
/// keep-alive connection nobody uses, a body that stops arriving) and the request read timeout (the
/// time from a request's head to its last body byte, which a client trickling bytes cannot stretch).
public struct HTTPServerLimits: Sendable, Hashable {
    /// Closes a connection on which no complete request head, body chunk or request arrives for
    /// this long (`HTTP_IDLE_TIMEOUT_MS`, default 10000).
    public var idleTimeout: Duration = .seconds(10)
    /// Closes a connection whose request body has not fully arrived this long after its head
    /// (`HTTP_REQUEST_READ_TIMEOUT_MS`, default 10000).
    public var requestReadTimeout: Duration = .seconds(10)

    /// The defaults.
    public init() {}

    /// Reads `HTTP_IDLE_TIMEOUT_MS` and `HTTP_REQUEST_READ_TIMEOUT_MS`.
    public init(environment: ServiceEnvironment) throws(ConfigurationError) {
        idleTimeout = try environment.milliseconds("HTTP_IDLE_TIMEOUT_MS", default: idleTimeout, in: 100...3_600_000)
        requestReadTimeout = try environment.milliseconds(
            "HTTP_REQUEST_READ_TIMEOUT_MS", default: requestReadTimeout, in: 100...3_600_000)
    }

    /// The HTTP/1 server with these limits, for `Application(router:server:…)`.
    public var server: HTTPServerBuilder {
        let readTimeout = TimeAmount(requestReadTimeout)
        return .http1(
            configuration: .init(
                additionalChannelHandlers: [RequestReadDeadlineHandler(timeout: readTimeout)],
                idleTimeout: TimeAmount(idleTimeout)))
    }
}

extension TimeAmount {
    /// The same span as a NIO `TimeAmount`.
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
