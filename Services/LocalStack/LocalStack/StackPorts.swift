/// The HTTP port of every service of one stack.
public struct StackPorts: Sendable, Hashable {
    /// Port per service; the broker has none (it picks its own).
    public var byService: [StackService: Int]

    /// Ports given explicitly.
    public init(_ byService: [StackService: Int]) {
        self.byService = byService
    }

    /// The README's fixed ports moved by `base - 8070`: with the default base 8070 the simulator is on
    /// 8070, the ingress on 8080 and the workers on 8081–8083.
    public static func fixed(base: Int = 8070) -> StackPorts {
        let offset = base - 8070
        var ports: [StackService: Int] = [:]
        for service in StackService.allCases {
            if let port = service.defaultPort { ports[service] = port + offset }
        }
        return StackPorts(ports)
    }

    /// A free port for every service (tests run several stacks at once), picked at random below the
    /// kernel's ephemeral range: the kernel never hands those out to programs binding port 0 or
    /// opening connections, so a port stays free between this check and the service's bind.
    public static func ephemeral(host: String = "127.0.0.1") throws(StackError) -> StackPorts {
        let range = PortProbe.unassignedRange()
        var ports: [StackService: Int] = [:]
        var taken: Set<Int> = []
        for service in StackService.allCases where service.defaultPort != nil {
            var port: Int?
            for _ in 0..<200 {
                let candidate = Int.random(in: range)
                if !taken.contains(candidate), PortProbe.isFree(candidate, host: host) {
                    port = candidate
                    break
                }
            }
            guard let port else { throw StackError(.portProbe, "no free port found in \(range)") }
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
