/// The fault rules in force and how many calls each has seen.
struct FaultPlan: Sendable {
    private struct Entry: Sendable {
        var rule: FaultRule
        var calls = 0
        var faulted = 0
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
    mutating func decide(_ endpoint: GraphEndpoint) -> Decision {
        let key = entries[endpoint.rawValue] != nil ? endpoint.rawValue : "*"
        guard var entry = entries[key] else { return Decision() }
        var decision = Decision(latency: entry.rule.latency)
        if entry.rule.limit.map({ entry.faulted < $0 }) ?? true {
            decision.error = entry.rule.error(forCall: entry.calls)
            if decision.error != nil { entry.faulted += 1 }
        }
        entry.calls += 1
        entries[key] = entry
        return decision
    }

    /// The rules with their counters.
    var json: JSONValue {
        .object(
            entries.keys.sorted().map { key in
                let entry = entries[key]!
                var members = entry.rule.json.objectValue ?? []
                members.append(("calls", .int(Int64(entry.calls))))
                members.append(("faulted", .int(Int64(entry.faulted))))
                return (key, .object(members))
            })
    }
}
