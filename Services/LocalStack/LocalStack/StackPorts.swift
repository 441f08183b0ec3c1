/// The HTTP port of every service of one stack.
public struct StackPorts: Sendable, Hashable {
    /// Port per service; the broker has none (it picks its own).
    public var byService: [StackService: Int]

    /// Ports given explicitly.
    public init(_ byService: [StackService: Int]) {
        self.byService = byService
    }

    /// TEAM.md's fixed ports moved by `base - 8070`: with the default base 8070 the simulator is on
    /// 8070, the ingress on 8080 and the workers on 8081–8083.
    public static func fixed(base: Int = 8070) -> StackPorts {
        let offset = base - 8070
        var ports: [StackService: Int] = [:]
        for service in StackService.allCases {
            if let port = service.defaultPort { ports[service] = port + offset }
        }
        return StackPorts(ports)
    }

    /// A free port for every service, asked from the kernel (tests run several stacks at once).
    public static func ephemeral(host: String = "127.0.0.1") throws(StackError) -> StackPorts {
        var ports: [StackService: Int] = [:]
        var taken: Set<Int> = []
        for service in StackService.allCases where service.defaultPort != nil {
            var port = try PortProbe.freePort(host: host)
            // The kernel may hand the same port out twice when the first socket is already closed.
            while taken.contains(port) { port = try PortProbe.freePort(host: host) }
            taken.insert(port)
            ports[service] = port
        }
        return StackPorts(ports)
    }

    /// The port of `service`, if it has one.
    public subscript(service: StackService) -> Int? {
        byService[service]
    }
}
