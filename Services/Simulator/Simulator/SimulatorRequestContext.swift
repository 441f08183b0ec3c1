import Hummingbird

/// The request context of the simulator's routes: Hummingbird's core context plus the client's
/// address and port, so Graph calls can be attributed to client connections.
struct SimulatorRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// `ip:port` of the client's TCP connection.
    let remoteAddress: String?

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress?.description
    }

    // Graph bodies are small; the limit keeps a bad client from filling memory.
    var maxUploadSize: Int { 1 << 20 }
}
