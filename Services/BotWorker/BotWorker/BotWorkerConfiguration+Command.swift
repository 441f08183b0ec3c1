import MessengerPlatform
import ServiceKit
import WorkerKit

extension BotWorkerConfiguration {
    /// `handover-bot-worker` on the command line: what `--help` says and every variable it reads.
    public static let command = ServiceCommand(
        name: serviceName,
        summary: "The primary (default) app: answers users from its rules, hands a conversation to a person"
            + " (the Page Inbox by default) when asked, and takes it back; it reads the webhook events from"
            + " Kafka and acts through the Graph API.",
        variables: WorkerConfiguration.environmentVariables(serviceName: serviceName, defaultPort: defaultPort)
            + BotBehaviour.environmentVariables)
}

extension BotBehaviour {
    /// Every variable ``init(environment:)`` reads, with the defaults of ``init(rules:)``.
    public static var environmentVariables: [EnvironmentVariable] {
        let defaults = BotBehaviour()
        func list(_ words: [String]) -> String { words.joined(separator: ",") }
        return [
            EnvironmentVariable(
                name: "BOT_RULES_FILE", default: nil,
                meaning: "A JSON file of the bot's answers to ordinary text; built-in rules when unset."),
            EnvironmentVariable(
                name: "BOT_HELP_WORDS", default: list(defaultHelpWords),
                meaning: "Comma-separated messages that ask for a person."),
            EnvironmentVariable(
                name: "BOT_HELP_PAYLOADS", default: list(defaultHelpPayloads),
                meaning: "Comma-separated postback or quick-reply payloads that ask for a person."),
            EnvironmentVariable(
                name: "BOT_BACK_WORDS", default: list(defaultBackWords),
                meaning: "Comma-separated messages, seen on standby, that bring the bot back."),
            EnvironmentVariable(
                name: "HANDOVER_TARGET_APP_ID", default: defaults.handoverTarget.rawValue,
                meaning: "The app a help request passes control to (the Page Inbox by default)."),
            EnvironmentVariable(
                name: "BOT_REQUEST_POLICY", default: defaults.requestPolicy.rawValue,
                meaning: "Who gets control on request_thread_control: inbox-only, always or never."),
            EnvironmentVariable(
                name: "BOT_HANDOVER_REPLY", default: defaultHandoverReply, meaning: "Sent before handing over."),
            EnvironmentVariable(
                name: "BOT_BACK_REPLY", default: defaultBackReply, meaning: "Sent after taking the thread back."),
            EnvironmentVariable(
                name: "BOT_WELCOME_BACK", default: nil,
                meaning: "Sent when another app passes control back to the bot; nothing when unset."),
            EnvironmentVariable(
                name: "BOT_HANDOVER_METADATA", default: defaultHandoverMetadata,
                meaning: "The metadata of the pass on a help request, which the receiving app sees."),
            EnvironmentVariable(
                name: "BOT_PERSON_BUTTON", default: nil,
                meaning: "Title (at most 20 characters) of a quick-reply button under every answer that hands over"
                    + " like a help word; none when unset."),
        ]
    }
}
