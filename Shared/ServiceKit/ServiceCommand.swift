import Foundation
import Logging
import NIOCore

/// The start-up path every service executable shares: answers `--help` and `--version`, refuses
/// any other argument, bootstraps logging, runs the service and turns how it ended into an exit
/// status (``ServiceExitCode``) with one line on stderr, never a trap.
///
/// ```swift
/// await command.run { environment, logger in
///     let configuration = try MyConfiguration(environment: environment)
///     try await ServiceRunner.run([try buildMyService(configuration, logger: logger)], logger: logger)
/// }
/// ```
public struct ServiceCommand: Sendable {
    /// The executable's name, e.g. `handover-ingress`; also the label of its logger.
    public var name: String
    /// One paragraph: what the executable does.
    public var summary: String
    /// Every environment variable it reads, in the order `--help` lists them.
    public var variables: [EnvironmentVariable]

    /// A command `name` described by `summary`, reading `variables`.
    public init(name: String, summary: String, variables: [EnvironmentVariable]) {
        self.name = name
        self.summary = summary
        self.variables = variables
    }

    /// What a command line asks for.
    public enum Invocation: Sendable, Hashable {
        /// No arguments: start the service.
        case run
        /// `--help` or `-h`.
        case help
        /// `--version`.
        case version
        /// The first argument the executable does not know.
        case unknown(String)
    }

    /// What `arguments` (without the executable's own path) ask for: the first of `--help`, `-h`
    /// and `--version` decides, and any other argument is refused.
    public static func invocation(_ arguments: [String]) -> Invocation {
        if let unknown = arguments.first(where: { !["--help", "-h", "--version"].contains($0) }) {
            return .unknown(unknown)
        }
        switch arguments.first {
        case nil: return .run
        case "--version": return .version
        default: return .help
        }
    }

    /// Runs the executable and exits: `start` builds the service from the environment and returns
    /// when it has shut down cleanly (exit 0); whatever it throws is printed as `<name>: <error>`
    /// and exits with ``exitCode(for:)``.
    public func run(
        arguments: [String] = Array(CommandLine.arguments.dropFirst()),
        environment: ServiceEnvironment = ServiceEnvironment(),
        isolation: isolated (any Actor)? = #isolation,
        _ start: (ServiceEnvironment, Logger) async throws -> Void
    ) async -> Never {
        switch Self.invocation(arguments) {
        case .help:
            print(helpText, terminator: "")
            exit(ServiceExitCode.success.rawValue)
        case .version:
            print(versionLine)
            exit(ServiceExitCode.success.rawValue)
        case .unknown(let argument):
            stop(
                "unknown argument '\(argument)' (the configuration is read from the environment; see --help)",
                status: .usage)
        case .run:
            break
        }
        do {
            let logger = try LogBootstrap.bootstrap(label: name, environment: environment)
            try await start(environment, logger)
        } catch {
            stop(String(describing: error), status: Self.exitCode(for: error))
        }
        exit(ServiceExitCode.success.rawValue)
    }

    /// The exit status for an error that stopped a service: 78 for a ``ConfigurationError``, 69 for
    /// an ``UnavailableError`` or a failure to bind the listening socket, 1 for anything else.
    public static func exitCode(for error: any Error) -> ServiceExitCode {
        switch error {
        case is ConfigurationError: .configuration
        case is any UnavailableError: .unavailable
        case let error as IOError where [EADDRINUSE, EADDRNOTAVAIL, EACCES].contains(error.errnoCode): .unavailable
        default: .failure
        }
    }

    /// `<name> <version>`, what `--version` prints.
    public var versionLine: String { "\(name) \(HandoverVersion.current)" }

    /// Writes `<name>: <message>` as one line on stderr and exits with `status`.
    private func stop(_ message: String, status: ServiceExitCode) -> Never {
        let line = message.split(whereSeparator: \.isNewline).joined(separator: " ")
        FileHandle.standardError.write(Data("\(name): \(line)\n".utf8))
        exit(status.rawValue)
    }
}
