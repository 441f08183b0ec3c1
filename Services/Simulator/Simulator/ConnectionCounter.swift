import NIOCore

/// Counts accepted TCP connections: the server adds one to every new child channel, so tests can
/// check that a client reuses its connections.
final class ConnectionCounter: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    private let stats: SimulatorStats

    init(stats: SimulatorStats) {
        self.stats = stats
    }

    func handlerAdded(context: ChannelHandlerContext) {
        stats.connectionOpened()
    }
}
