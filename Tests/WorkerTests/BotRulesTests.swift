import BotWorker
import Foundation
import ServiceKit
import Testing

@Suite("Bot rules file")
struct BotRulesTests {
    @Test func keywordMatchesWholeWordsIgnoringCase() {
        let rule = BotRule.keyword("hi", reply: "hello")
        #expect(rule.matches("Hi there!"))
        #expect(rule.matches("oh, HI"))
        #expect(!rule.matches("this is it"))
        #expect(!rule.matches("high"))
        #expect(BotRule.keyword("opening hours", reply: "x").matches("What are your Opening Hours?"))
        #expect(BotRule.keyword("/help", reply: "x").matches("/help"))
    }

    @Test func firstMatchingRuleAnswersAndFallbackOtherwise() throws {
        let rules = try BotRules.parse(
            Data(
                #"""
                {"rules": [{"match": "regex", "pattern": "^(hi|hey)\\b", "reply": "greeting"},
                           {"match": "keyword", "pattern": "hey", "reply": "second"},
                           {"pattern": "price", "reply": "it costs 5"}],
                 "fallback": "no idea"}
                """#.utf8))
        #expect(rules.reply(to: "HEY you") == "greeting")
        #expect(rules.reply(to: "they said hey") == "second")
        #expect(rules.reply(to: "what is the price?") == "it costs 5")
        #expect(rules.reply(to: "something else") == "no idea")
    }

    @Test func bareArrayOfRulesUsesTheBuiltInFallback() throws {
        let rules = try BotRules.parse(Data(#"[{"match": "keyword", "pattern": "a", "reply": "b"}]"#.utf8))
        #expect(rules.rules.count == 1)
        #expect(rules.reply(to: "zzz") == BotRules.defaultFallback)
    }

    @Test func builtInRulesGreetAndFallBack() {
        #expect(BotRules.builtIn.reply(to: "hi").contains("/help"))
        #expect(BotRules.builtIn.reply(to: "qwerty") == BotRules.defaultFallback)
    }

    @Test func exampleRulesFileInTheRepositoryParses() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Services/BotWorker/rules.example.json").path
        let rules = try BotRules.load(path: path)
        #expect(rules.rules.count >= 5)
        #expect(rules.reply(to: "Hello!").contains("bot"))
        #expect(rules.reply(to: "when do you ship?").contains("ship"))
        #expect(rules.reply(to: "blorp").contains("/help"))
    }

    @Test(arguments: [
        (#"not json"#, "is not valid JSON"),
        (#"42"#, "must hold a JSON object"),
        (#"{"rules": {}}"#, "rules must be an array"),
        (#"{"rulez": []}"#, "unknown field \"rulez\""),
        (#"{"rules": [], "fallback": ""}"#, "fallback must be a non-empty string"),
        (#"{"rules": ["hi"]}"#, "rules[0] must be an object"),
        (
            #"{"rules": [{"match": "glob", "pattern": "a", "reply": "b"}]}"#,
            "rules[0].match must be \"keyword\" or \"regex\""
        ),
        (#"{"rules": [{"match": "keyword", "reply": "b"}]}"#, "rules[0].pattern must be a non-empty string"),
        (
            #"{"rules": [{"match": "keyword", "pattern": "a", "reply": "b"}, {"match": "keyword", "pattern": "a"}]}"#,
            "rules[1].reply must be a non-empty string"
        ),
        (
            #"{"rules": [{"match": "regex", "pattern": "(unclosed", "reply": "b"}]}"#,
            "rules[0].pattern is not a valid regular expression"
        ),
        (
            #"{"rules": [{"match": "keyword", "pattern": "a", "reply": "b", "extra": 1}]}"#,
            "rules[0] has an unknown field \"extra\""
        ),
    ])
    func malformedRulesFileGivesAClearConfigurationError(json: String, problem: String) {
        #expect {
            _ = try BotRules.parse(Data(json.utf8))
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.variable == "BOT_RULES_FILE" && error.problem.contains(problem)
        }
    }

    @Test func unreadableRulesFileIsAConfigurationErrorNamingTheVariable() {
        let environment = ServiceEnvironment(["BOT_RULES_FILE": "/nonexistent/rules.json"])
        #expect {
            _ = try BotBehaviour(environment: environment)
        } throws: { error in
            (error as? ConfigurationError)?.variable == "BOT_RULES_FILE"
        }
    }

    @Test func configurationErrorNeverQuotesAReplyText() {
        let secretish = "REPLY-TEXT-SHOULD-NOT-LEAK"
        do {
            _ = try BotRules.parse(
                Data(#"{"rules": [{"match": "regex", "pattern": "(", "reply": "\#(secretish)"}]}"#.utf8))
            Issue.record("expected an error")
        } catch {
            #expect(!"\(error)".contains(secretish))
        }
    }
}
