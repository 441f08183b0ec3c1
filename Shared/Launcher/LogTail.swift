import Foundation

/// The last lines of a log file, shown when a child fails to start.
public enum LogTail {
    /// The last `count` lines of `url`, indented; empty when the file is empty or unreadable.
    public static func lines(of url: URL, count: Int) -> String {
        guard let data = FileManager.default.contents(atPath: url.path) else { return "" }
        let text = String(decoding: data.suffix(64 * 1024), as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: true).suffix(count)
            .map { "    | " + $0 }.joined(separator: "\n")
    }
}
