import SimulatorClient

/// One line of a thread's (or the page's) history as the simulator keeps it: the wire form, plus,
/// for a delivery, which delivery's current state the views show.
struct TranscriptEntry: Sendable {
    /// The entry (sequence number and time set).
    let line: TranscriptLine
    /// For a `.delivery` entry: the delivery whose current state is rendered.
    let deliveryID: Int?
}
