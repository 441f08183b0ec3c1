import Foundation
import Logging

/// Process-wide logging set-up from `LOG_LEVEL` (default `info`) and `LOG_FORMAT` (`text`, or `json`
/// for one JSON object a line, which log collectors in containers parse without rules).
public enum LogBootstrap {
    /// The level when `LOG_LEVEL` is unset.
    public static let defaultLevel = Logger.Level.info
    /// The format when `LOG_FORMAT` is unset.
    public static let defaultFormat = "text"

    /// Bootstraps swift-log once for this process and returns a logger labelled `label`.
    /// Throws when `LOG_LEVEL` or `LOG_FORMAT` holds an unknown value.
    public static func bootstrap(label: String, environment: ServiceEnvironment) throws(ConfigurationError) -> Logger {
        let level = try logLevel(environment)
        let json: Bool
        switch environment.string("LOG_FORMAT", default: defaultFormat).lowercased() {
        case "text": json = false
        case "json": json = true
        default: throw ConfigurationError(variable: "LOG_FORMAT", problem: "must be text or json")
        }
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler =
                json ? JSONLineLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }

    /// The level named by `LOG_LEVEL` (trace, debug, info, notice, warning, error, critical).
    public static func logLevel(_ environment: ServiceEnvironment) throws(ConfigurationError) -> Logger.Level {
        let raw = environment.string("LOG_LEVEL", default: defaultLevel.rawValue).lowercased()
        guard let level = Logger.Level(rawValue: raw) else {
            throw ConfigurationError(
                variable: "LOG_LEVEL", problem: "must be one of trace, debug, info, notice, warning, error, critical")
        }
        return level
    }
}
