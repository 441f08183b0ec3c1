import Foundation

/// Reads the development broker's bootstrap address from what it writes: the file named by
/// `DEVBROKER_BOOTSTRAP_FILE`, or the `KAFKA_BROKERS=host:port` line it prints on standard output.
enum BrokerAddress {
    /// The address in `file` (either `KAFKA_BROKERS=host:port` or `host:port`), once completely written.
    static func read(file: URL) -> String? {
        guard let data = FileManager.default.contents(atPath: file.path),
            let text = String(data: data, encoding: .utf8)
        else { return nil }
        guard let first = text.split(separator: "\n", omittingEmptySubsequences: true).first else { return nil }
        return parse(String(first))
    }

    /// The address of the first complete `KAFKA_BROKERS=` line of `log`.
    static func read(log: URL) -> String? {
        guard let data = FileManager.default.contents(atPath: log.path),
            let text = String(data: data, encoding: .utf8)
        else { return nil }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        where line.hasPrefix("KAFKA_BROKERS=") {
            if let address = parse(String(line)) { return address }
        }
        return nil
    }

    /// `host:port[,host:port…]` from a line with or without the `KAFKA_BROKERS=` prefix.
    static func parse(_ line: String) -> String? {
        var value = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if value.hasPrefix("KAFKA_BROKERS=") { value.removeFirst("KAFKA_BROKERS=".count) }
        let parts = value.split(separator: ",")
        guard !parts.isEmpty else { return nil }
        for part in parts {
            guard let colon = part.lastIndex(of: ":"), colon != part.startIndex,
                let port = Int(part[part.index(after: colon)...]), (1...65_535).contains(port)
            else { return nil }
        }
        return value
    }
}
