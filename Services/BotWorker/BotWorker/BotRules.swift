import Foundation
import ServiceKit

/// The bot's answers: rules tried in order, the first match answers, and a fallback otherwise.
///
/// Loaded from the JSON file named by `BOT_RULES_FILE`:
/// ```json
/// {"rules": [{"match": "keyword", "pattern": "opening hours", "reply": "We are open 9 to 5."},
///            {"match": "regex", "pattern": "^(hi|hello|hey)\\b", "reply": "Hello! How can I help?"}],
///  "fallback": "Sorry, I did not get that. Type /help to talk to a person."}
/// ```
/// A bare array of rules is accepted too (the built-in fallback then applies). Without a file the
/// bot uses ``builtIn``.
public struct BotRules: Sendable {
    /// The rules, tried in file order.
    public var rules: [BotRule]
    /// The answer when no rule matches.
    public var fallback: String

    /// Rules with a fallback.
    public init(rules: [BotRule], fallback: String) {
        self.rules = rules
        self.fallback = fallback
    }

    /// The answer to `text`: the first matching rule's reply, else the fallback.
    public func reply(to text: String) -> String {
        rules.first { $0.matches(text) }?.reply ?? fallback
    }

    /// The fallback used when a file gives none.
    public static let defaultFallback = "Sorry, I did not understand that. Type /help to talk to a person."

    /// The answers used when `BOT_RULES_FILE` is unset: a greeting and a pointer to `/help`.
    public static let builtIn = BotRules(
        rules: [
            .keyword("hi", reply: "Hi! I am the bot. Ask me anything, or type /help to talk to a person."),
            .keyword("hello", reply: "Hello! I am the bot. Ask me anything, or type /help to talk to a person."),
            .keyword("thanks", reply: "You are welcome!"),
            .keyword("thank you", reply: "You are welcome!"),
        ],
        fallback: defaultFallback
    )
}

extension BotRules {
    /// Reads and validates the rules file at `path`. Errors name `BOT_RULES_FILE` and the field at
    /// fault (`rules[2].pattern is not a valid regular expression`), never a reply text.
    public static func load(path: String, variable: String = "BOT_RULES_FILE") throws(ConfigurationError) -> BotRules {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(variable: variable, problem: "names a file that cannot be read")
        }
        return try parse(data, variable: variable)
    }

    /// Parses the rules file's JSON (see the type's documentation for the shape).
    public static func parse(_ data: Data, variable: String = "BOT_RULES_FILE") throws(ConfigurationError) -> BotRules {
        let top: Any
        do {
            top = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw ConfigurationError(variable: variable, problem: "is not valid JSON")
        }
        let rawRules: Any?
        var fallback = defaultFallback
        if let object = top as? [String: Any] {
            let known: Set<String> = ["rules", "fallback"]
            if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
                throw ConfigurationError(
                    variable: variable, problem: "has an unknown field \"\(unknown)\" (expected rules, fallback)")
            }
            rawRules = object["rules"]
            if let value = object["fallback"] {
                guard let text = value as? String, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                    throw ConfigurationError(variable: variable, problem: "fallback must be a non-empty string")
                }
                fallback = text
            }
        } else if top is [Any] {
            rawRules = top
        } else {
            throw ConfigurationError(
                variable: variable,
                problem: "must hold a JSON object {\"rules\": [...], \"fallback\": \"...\"} or an array of rules")
        }
        guard let list = rawRules.map({ $0 as? [Any] }) ?? [] else {
            throw ConfigurationError(variable: variable, problem: "rules must be an array")
        }
        var rules: [BotRule] = []
        for (index, item) in list.enumerated() {
            rules.append(try rule(item, field: "rules[\(index)]", variable: variable))
        }
        return BotRules(rules: rules, fallback: fallback)
    }

    private static func rule(_ item: Any, field: String, variable: String) throws(ConfigurationError) -> BotRule {
        guard let object = item as? [String: Any] else {
            throw ConfigurationError(
                variable: variable, problem: "\(field) must be an object with match, pattern and reply")
        }
        let known: Set<String> = ["match", "pattern", "reply"]
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw ConfigurationError(
                variable: variable,
                problem: "\(field) has an unknown field \"\(unknown)\" (expected match, pattern, reply)")
        }
        let match = object["match"] as? String ?? "keyword"
        guard object["match"] == nil || object["match"] is String else {
            throw ConfigurationError(variable: variable, problem: "\(field).match must be \"keyword\" or \"regex\"")
        }
        guard let pattern = object["pattern"] as? String, !pattern.isEmpty else {
            throw ConfigurationError(variable: variable, problem: "\(field).pattern must be a non-empty string")
        }
        guard let reply = object["reply"] as? String, !reply.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        else {
            throw ConfigurationError(variable: variable, problem: "\(field).reply must be a non-empty string")
        }
        switch match.lowercased() {
        case "keyword":
            return .keyword(pattern, reply: reply)
        case "regex":
            do {
                return try .regex(pattern, reply: reply)
            } catch {
                throw ConfigurationError(
                    variable: variable, problem: "\(field).pattern is not a valid regular expression")
            }
        default:
            throw ConfigurationError(variable: variable, problem: "\(field).match must be \"keyword\" or \"regex\"")
        }
    }
}
