/// The answer of a readiness probe: ready only when every named check passes.
public struct Readiness: Sendable, Equatable {
    /// Each check by name (`kafka`, `graph`, …) and whether it passed.
    public var checks: [String: Bool]

    /// A report over `checks`.
    public init(checks: [String: Bool]) {
        self.checks = checks
    }

    /// Whether every check passed.
    public var isReady: Bool { checks.values.allSatisfy { $0 } }

    /// A small JSON body: `{"ready":true,"checks":{"kafka":true}}`.
    public var json: String {
        let items = checks.keys.sorted().map { "\"\($0)\":\(checks[$0]! ? "true" : "false")" }
        return "{\"ready\":\(isReady ? "true" : "false"),\"checks\":{\(items.joined(separator: ","))}}"
    }
}
