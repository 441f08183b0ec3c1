import SimulatorClient

/// What one conversation step produced.
public struct StepOutcome: Sendable {
    /// The step.
    public let step: ConversationStep
    /// Its position in its script, from 1 (1 when run on its own).
    public var number: Int = 1
    /// The transcript entries from the step's action on (deliveries included).
    public let lines: [TranscriptLine]
    /// The thread once every expected effect was there.
    public let thread: SimulatedThreadView
    /// From the action until every expected effect was seen.
    public let elapsed: Duration
}
