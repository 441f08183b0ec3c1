import Launcher
import Testing

/// Free ports: different, free, and outside the kernel's own range.
struct PortProbeTests {
    @Test func freePortsAreDifferentFreeAndBelowTheEphemeralRange() throws {
        let ports = try PortProbe.freePorts(6)
        #expect(Set(ports).count == 6)
        for port in ports {
            #expect(PortProbe.unassignedRange().contains(port))
            #expect(PortProbe.isFree(port))
        }
    }

    @Test func aKernelAssignedPortIsFreeAndNotOneTheLaunchersReserve() throws {
        let port = try PortProbe.kernelAssignedPort()
        #expect(!PortProbe.unassignedRange().contains(port))
        #expect(PortProbe.isFree(port))
    }

    @Test func aHostThatIsNotAnIPv4AddressIsRefused() {
        #expect(!PortProbe.isFree(20_000, host: "localhost"))
        #expect(throws: LaunchError.self) { try PortProbe.kernelAssignedPort(host: "::1") }
    }
}
