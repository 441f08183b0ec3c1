extension PageState {
    /// `RESPONSE` and `UPDATE` sends: within 24 hours of the user's last message.
    static let standardWindowMilliseconds: Int64 = 24 * 3_600_000
    /// `MESSAGE_TAG` + `HUMAN_AGENT` (a person answering): within 7 days of it.
    static let humanAgentWindowMilliseconds: Int64 = 7 * 24 * 3_600_000
    /// Tags Meta stopped accepting on 27 April 2026 (error 100).
    static let retiredTags: Set<String> = ["CONFIRMED_EVENT_UPDATE", "ACCOUNT_UPDATE", "POST_PURCHASE_UPDATE"]

    /// Checks a send against the messaging window, in both protocol generations: the window belongs
    /// to the thread (passing control does not reset it) and only the user's messages open it.
    ///
    /// - `RESPONSE` / `UPDATE` (or no type): until 24 h after the user's last message.
    /// - `MESSAGE_TAG` with `HUMAN_AGENT`: until 7 days after it.
    /// - A retired, unknown or missing tag on `MESSAGE_TAG`: error 100, whatever the time.
    /// - Outside: 10/2018278.
    func checkWindow(
        _ thread: SimulatedThread, messagingType: String?, tag: String?, now: Int64
    ) throws(GraphError) {
        var limit = Self.standardWindowMilliseconds
        if messagingType == "MESSAGE_TAG" {
            guard let tag, !tag.isEmpty else {
                throw GraphError.invalidParameter("param tag is required when messaging_type is MESSAGE_TAG")
            }
            if Self.retiredTags.contains(tag) {
                throw GraphError.invalidParameter("param tag \(tag) is no longer supported")
            }
            guard tag == "HUMAN_AGENT" else { throw GraphError.invalidParameter("param tag \(tag) is not a valid tag") }
            limit = Self.humanAgentWindowMilliseconds
        }
        guard let last = thread.lastUserMessageAt, now - last <= limit else { throw GraphError.outsideWindow }
    }

    /// When `RESPONSE` sends stop being allowed in the thread of `thread` (ms since 1970).
    static func windowClosesAt(_ thread: SimulatedThread) -> Int64? {
        thread.lastUserMessageAt.map { $0 + standardWindowMilliseconds }
    }

    /// When `HUMAN_AGENT` sends stop being allowed (ms since 1970).
    static func humanAgentWindowClosesAt(_ thread: SimulatedThread) -> Int64? {
        thread.lastUserMessageAt.map { $0 + humanAgentWindowMilliseconds }
    }
}
