import Foundation

/// One line of the bot's rules file: when a user's text matches, the bot answers with ``reply``.
public struct BotRule: Sendable {
    /// How a rule recognises a message.
    public enum Match: Sendable {
        /// The keyword (or phrase) appears in the text as whole words, ignoring case:
        /// `hi` matches "Hi there!" but not "this".
        case keyword(String)
        /// The regular expression (ICU syntax, case-insensitive) finds a match anywhere in the text.
        case regex(NSRegularExpression)
    }

    /// What the rule looks for.
    public let match: Match
    /// The answer sent when it matches.
    public let reply: String

    /// A rule answering `reply` when `match` recognises the text.
    public init(match: Match, reply: String) {
        self.match = match
        self.reply = reply
    }

    /// A keyword rule.
    public static func keyword(_ keyword: String, reply: String) -> BotRule {
        BotRule(match: .keyword(keyword), reply: reply)
    }

    /// A regular-expression rule; throws when `pattern` does not compile.
    public static func regex(_ pattern: String, reply: String) throws -> BotRule {
        BotRule(match: .regex(try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])), reply: reply)
    }

    /// Whether this rule recognises `text`.
    public func matches(_ text: String) -> Bool {
        switch match {
        case .keyword(let keyword):
            return Self.containsWords(keyword, in: text)
        case .regex(let expression):
            let range = NSRange(text.startIndex..<text.endIndex, in: text)
            return expression.firstMatch(in: text, options: [], range: range) != nil
        }
    }

    /// Whether `phrase` occurs in `text`, ignoring case, with no letter or digit right before or
    /// after it (so short keywords do not fire inside longer words).
    static func containsWords(_ phrase: String, in text: String) -> Bool {
        let needle = Array(phrase.lowercased())
        let haystack = Array(text.lowercased())
        guard !needle.isEmpty, needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            guard Array(haystack[start..<(start + needle.count)]) == needle else { continue }
            let end = start + needle.count
            let boundaryBefore = start == 0 || !isWordCharacter(haystack[start - 1]) || !isWordCharacter(needle[0])
            let boundaryAfter =
                end == haystack.count || !isWordCharacter(haystack[end]) || !isWordCharacter(needle[needle.count - 1])
            if boundaryBefore && boundaryAfter { return true }
        }
        return false
    }

    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_"
    }
}
