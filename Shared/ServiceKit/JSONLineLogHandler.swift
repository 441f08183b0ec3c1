import Foundation
import Logging
import MessengerPlatform

/// Writes each log record as one JSON object on standard error:
/// `{"ts":"…","level":"info","logger":"…","msg":"…","thread.key":"…",…}`.
public struct JSONLineLogHandler: LogHandler {
    /// The logger's label, written as `logger`.
    public let label: String
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]

    /// A handler for loggers labelled `label`.
    public init(label: String) {
        self.label = label
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [String: String] = [:]
        for (key, value) in metadata { fields[key] = "\(value)" }
        for (key, value) in event.metadata ?? [:] { fields[key] = "\(value)" }
        var line = "{\"ts\":\(Self.quote(Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(Date())))"
        line += ",\"level\":\(Self.quote(event.level.rawValue)),\"logger\":\(Self.quote(label))"
        line += ",\"msg\":\(Self.quote(event.message.description))"
        for key in fields.keys.sorted() { line += ",\(Self.quote(key)):\(Self.quote(fields[key]!))" }
        line += "}\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    static func quote(_ text: String) -> String { JSONString.quoted(text) }
}
