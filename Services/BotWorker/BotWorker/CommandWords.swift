/// A set of words that trigger a command (`/help`, `/back`) when a message consists of one of them.
///
/// The whole message must be the word, ignoring case, surrounding spaces and trailing punctuation
/// ("Help!" counts; "this does not help" does not), so ordinary sentences never hand a
/// conversation over by accident.
public struct CommandWords: Sendable, Hashable {
    /// The words, lower-cased.
    public let words: Set<String>

    /// Words from a list such as `["/help", "Help", "agent"]`.
    public init<S: Sequence>(_ words: S) where S.Element == String {
        self.words = Set(words.map(Self.normalise).filter { !$0.isEmpty })
    }

    /// Whether `text` is one of the words.
    public func matches(_ text: String) -> Bool {
        words.contains(Self.normalise(text))
    }

    static func normalise(_ text: String) -> String {
        var trimmed = Substring(text.lowercased())
        while let last = trimmed.last, last.isWhitespace || ".!?".contains(last) { trimmed.removeLast() }
        while let first = trimmed.first, first.isWhitespace { trimmed.removeFirst() }
        return String(trimmed)
    }
}
