import Foundation
import Launcher

/// The Kafka broker a local stack talks to.
///
/// - `development`: `handover-devbroker`, librdkafka's mock cluster in a process of ours (the default:
///   nothing to install, topics created with the stack's partition count).
/// - `tansu`: tansu, an independent Apache-Kafka-compatible broker (memory storage), started as a
///   child process on a free loopback port; the topics are created through the admin API.
/// - `external`: a broker someone else runs (`host:port[,host:port…]`). The stack starts nothing,
///   ensures the topics through the admin API (CreateTopics; existing topics are left as they
///   are), and never deletes anything.
public enum StackBroker: Sendable, Equatable, CustomStringConvertible {
    case development
    case tansu(executable: URL)
    case external(bootstrapServers: String)

    /// Reads `--broker`'s value: `mock`, `tansu` or `host:port[,…]`. `tansu` is looked up with
    /// ``TansuBroker/locateExecutable(searching:)``.
    public static func parse(_ value: String, searching folders: [URL] = []) throws(StackError) -> StackBroker {
        switch value {
        case "mock", "dev", "devbroker": return .development
        case "tansu":
            guard let executable = TansuBroker.locateExecutable(searching: folders) else {
                throw StackError(
                    .launch(.executableMissing),
                    "tansu is not installed: run scripts/install-deps (it puts it in .deps/bin), or set TANSU_BIN")
            }
            return .tansu(executable: executable)
        default:
            guard let address = BrokerAddress.parse(value) else {
                throw StackError(.configuration, "--broker takes mock, tansu or host:port[,host:port…], not \(value)")
            }
            return .external(bootstrapServers: address)
        }
    }

    /// Whether the stack starts a broker process of its own.
    public var startsProcess: Bool {
        if case .external = self { return false }
        return true
    }

    /// Whether the stack creates the topics through the admin API (the development broker creates
    /// its own at start).
    public var needsTopicsEnsured: Bool { self != .development }

    public var description: String {
        switch self {
        case .development: "mock (handover-devbroker)"
        case .tansu: "tansu"
        case .external(let servers): servers
        }
    }
}
