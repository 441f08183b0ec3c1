import SimulatorClient

/// The fault rules in force and how many calls each has seen.
struct FaultPlan: Sendable {
    private struct Entry: Sendable {
        var rule: FaultRule
        var calls = 0
        var faulted = 0
        /// Smooth weighted round robin state, one per fault kind.
        var current = [0, 0, 0]
    }

    /// What to do with one call.
    struct Decision: Sendable {
        var latency: Duration = .zero
        var error: GraphError?
    }

    /// Keyed by endpoint name, or `"*"` for every endpoint.
    private var entries: [String: Entry] = [:]

    /// Sets (replaces) the rule for `key`, restarting its call count.
    mutating func set(_ rule: FaultRule, for key: String) {
        entries[key] = Entry(rule: rule)
    }

    /// Removes every rule.
    mutating func clear() {
        entries = [:]
    }

    /// The decision for one call: the endpoint's own rule, else the `"*"` rule.
    mutating func decide(_ endpoint: SimulatedEndpoint) -> Decision {
        let key = entries[endpoint.rawValue] != nil ? endpoint.rawValue : "*"
        guard var entry = entries[key] else { return Decision() }
        var decision = Decision(latency: entry.rule.latency)
        let weights = entry.rule.partsPerMillion
        let total = weights.reduce(0, +)
        // Integer arithmetic keeps the count exact: call n is faulted when ⌊(n+1)·s⌋ > ⌊n·s⌋.
        let isFaultSlot = (entry.calls + 1) * total / 1_000_000 > entry.calls * total / 1_000_000
        if isFaultSlot, entry.rule.limit.map({ entry.faulted < $0 }) ?? true {
            for index in weights.indices { entry.current[index] += weights[index] }
            let kind = weights.indices.max { entry.current[$0] < entry.current[$1] }!
            entry.current[kind] -= total
            decision.error = entry.rule.error(kind: kind)
            entry.faulted += 1
        }
        entry.calls += 1
        entries[key] = entry
        return decision
    }

    /// The rules with their counters, by endpoint (or `"*"`).
    var states: [String: FaultState] {
        entries.reduce(into: [:]) { states, item in
            states[item.key] = FaultState(
                rule: item.value.rule.setting(endpoint: item.key), calls: item.value.calls,
                faulted: item.value.faulted)
        }
    }
}
