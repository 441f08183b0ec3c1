import ServiceKit

/// The simulator's server stopped before it listened (e.g. the port is taken).
public struct SimulatorStartError: UnavailableError, CustomStringConvertible {
    public var description: String { "the simulator stopped before it started listening" }
}
