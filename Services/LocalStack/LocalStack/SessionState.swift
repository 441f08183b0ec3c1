import Synchronization

/// What the session remembers between commands: who the user is, what has been printed, and until
/// when to ask the simulator often.
final class SessionState: Sendable {
    private struct Values {
        var user: String
        var printed: [String: Int] = [:]
        var hurryUntil: ContinuousClock.Instant = .now
    }

    private let values: Mutex<Values>

    init(user: String) {
        values = Mutex(Values(user: user))
    }

    var user: String { values.withLock { $0.user } }

    func switchUser(_ user: String) {
        values.withLock { $0.user = user }
    }

    func lastSeq(of user: String) -> Int {
        values.withLock { $0.printed[user] ?? 0 }
    }

    func advance(_ user: String, to seq: Int) {
        values.withLock { $0.printed[user] = max($0.printed[user] ?? 0, seq) }
    }

    /// Ask often for the next few seconds: answers to a command arrive within them.
    func hurry() {
        values.withLock { $0.hurryUntil = .now + .seconds(5) }
    }

    /// 50 ms while hurrying, then up to 1 s.
    func pause() -> Duration {
        let remaining = values.withLock { $0.hurryUntil } - .now
        if remaining > .zero { return .milliseconds(50) }
        return remaining < .seconds(-10) ? .seconds(1) : .milliseconds(250)
    }
}
