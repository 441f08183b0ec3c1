import Foundation

/// Regular-expression look-ups over file text (shell scripts in YAML, PromQL, Dockerfile).
enum TextPattern {
    /// The first capture group of `pattern` in `text`.
    static func first(_ pattern: String, in text: String) -> String? {
        all(pattern, in: text).first
    }

    /// Capture group 1 of every match of `pattern` in `text`.
    static func all(_ pattern: String, in text: String) -> [String] {
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return [] }
        return expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            guard match.numberOfRanges > 1, let range = Range(match.range(at: 1), in: text) else { return nil }
            return String(text[range])
        }
    }
}
