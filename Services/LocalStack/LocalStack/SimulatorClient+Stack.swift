import SimulatorClient

extension StackError {
    /// A failed call to the simulator's control API.
    init(_ error: SimulatorClientError) {
        self.init(.request, error.description)
    }
}

/// Runs a call to the simulator's control API, reporting its failure as a ``StackError``.
/// (The client throws only ``SimulatorClientError``; closures infer untyped throws.)
@discardableResult
func simulatorCall<Value>(_ body: () async throws -> Value) async throws(StackError) -> Value {
    do {
        return try await body()
    } catch let error as SimulatorClientError {
        throw StackError(error)
    } catch {
        throw StackError(.request, "the simulator's control API: \(error)")
    }
}
