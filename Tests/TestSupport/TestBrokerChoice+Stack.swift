import LocalStack

extension TestBrokerChoice {
    /// The same broker for a local stack of processes: the development broker for the mock, a tansu
    /// process for tansu, the cluster itself otherwise.
    public func stackBroker() throws -> StackBroker {
        switch self {
        case .mock: return .development
        case .tansu:
            guard let executable = TansuBroker.locateExecutable(searching: [KafkaTestBroker.repositoryDirectory]) else {
                throw TestBrokerError.tansuMissing
            }
            return .tansu(executable: executable)
        case .external(let servers): return .external(bootstrapServers: servers)
        }
    }
}
