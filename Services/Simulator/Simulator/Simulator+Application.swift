import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle
import SimulatorClient

extension Simulator {
    /// The Hummingbird application serving the Graph endpoints, `/_sim/…`, `/healthz`, `/readyz` and
    /// `/metrics`, with the webhook dispatcher as one of its services. `onServerRunning` receives the
    /// bound port.
    public func makeApplication(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        -> some ApplicationProtocol
    {
        let router = Router(context: SimulatorRequestContext.self)
        addObservabilityRoutes(to: router)
        addControlRoutes(to: router)
        addGraphRoutes(to: router)
        let stats = self.stats
        return Application(
            router: router,
            server: .http1(configuration: .init(additionalChannelHandlers: [ConnectionCounter(stats: stats)])),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            services: [dispatcher],
            onServerRunning: { [self] channel in
                if let port = self.serverStarted(channel) { await onServerRunning(port) }
            },
            logger: logger
        )
    }

    /// Runs a simulator on its own port (use `port: 0`) for the duration of `body`, then stops it.
    /// For tests of other modules: `body` receives the running simulator (``baseURL`` is set).
    public static func withRunning<Result: Sendable>(
        configuration: SimulatorConfiguration, logger: Logger,
        _ body: (Simulator) async throws -> Result
    ) async throws -> Result {
        let simulator = try Simulator(configuration: configuration, logger: logger)
        // In a service group, so that stopping is a graceful shutdown as in production.
        let group = ServiceGroup(
            services: [simulator.makeApplication()], gracefulShutdownSignals: [], logger: logger)
        let server = Task {
            // Wakes runningPort() with an error when the server ends before it listened.
            defer { simulator.serverStopped() }
            try await group.run()
        }
        let result: Result
        do {
            _ = try await simulator.runningPort()
            result = try await body(simulator)
        } catch {
            await group.triggerGracefulShutdown()
            _ = await server.result
            throw error
        }
        await group.triggerGracefulShutdown()
        _ = await server.result
        return result
    }

    private func addObservabilityRoutes(to router: Router<SimulatorRequestContext>) {
        router.get("/healthz") { _, _ in
            Self.json(.ok, .object([("status", "ok")]))
        }
        router.get("/readyz") { [self] _, _ in
            port == nil
                ? Self.json(.serviceUnavailable, .object([("status", "starting")]))
                : Self.json(.ok, .object([("status", "ready")]))
        }
        router.get("/metrics") { [self] _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: stats.prometheusText)))
        }
    }

    /// A JSON answer.
    static func json(_ status: HTTPResponse.Status, _ value: JSONValue) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=UTF-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: value.serialized())))
    }

    /// Runs a handler, turning its error into Meta's error answer.
    static func answer(_ body: () async throws(GraphError) -> Response) async -> Response {
        do {
            return try await body()
        } catch {
            return error.response()
        }
    }

    /// The request body as JSON (`{}` when empty); a control-API error when it is not JSON.
    static func jsonBody(_ request: Request, _ context: SimulatorRequestContext) async throws(GraphError) -> JSONValue {
        let bytes: [UInt8]
        do {
            let buffer = try await request.body.collect(upTo: context.maxUploadSize)
            bytes = Array(buffer.readableBytesView)
        } catch {
            throw GraphError.control(.contentTooLarge, "the body is larger than 1 MiB")
        }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return .object([]) }
        guard let json = JSONValue.parse(bytes) else {
            throw GraphError.control(.badRequest, "the body is not valid JSON")
        }
        return json
    }
}

/// Builds the simulator's Hummingbird application (see ``Simulator``): the same application the
/// `handover-simulator` executable runs. `onServerRunning` receives the bound port, which tests use
/// with `port: 0`.
public func buildSimulator(
    configuration: SimulatorConfiguration, logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    try Simulator(configuration: configuration, logger: logger).makeApplication(onServerRunning: onServerRunning)
}
