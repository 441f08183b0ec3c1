import Launcher

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

    /// A free port for every service (tests run several stacks at once), from
    /// ``PortProbe/freePorts(_:host:)``: below the kernel's ephemeral range, so a port stays free
    /// between this check and the service's bind.
    public static func ephemeral(host: String = "127.0.0.1") throws(StackError) -> StackPorts {
        let services = StackService.allCases.filter { $0.defaultPort != nil }
        do {
            return StackPorts(
                Dictionary(uniqueKeysWithValues: zip(services, try PortProbe.freePorts(services.count, host: host))))
        } catch {
            throw StackError(error)
        }
    }

    /// The port of `service`, if it has one.
    public subscript(service: StackService) -> Int? {
        byService[service]
    }
}
