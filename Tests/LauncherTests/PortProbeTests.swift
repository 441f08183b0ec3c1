import Foundation
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

    @Test func aReservedPortIsHeldAgainstOtherProcessesForThisProcesssLife() throws {
        let port = try #require(try PortProbe.freePorts(1).first)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("handover-ports/\(port)").path
        // Another process (util-linux flock) cannot take the port's lock while this process lives…
        let other = Process()
        other.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        other.arguments = ["--nonblock", "--conflict-exit-code", "75", file, "true"]
        try other.run()
        other.waitUntilExit()
        #expect(other.terminationStatus == 75, "another process took a port this process reserved")
        // …and neither can a second reservation, from here or from another launcher.
        #expect(!PortProbe.reserveAcrossProcesses(port))
    }

    @Test func aHostThatIsNotAnIPv4AddressIsRefused() {
        #expect(!PortProbe.isFree(20_000, host: "localhost"))
        #expect(throws: LaunchError.self) { try PortProbe.kernelAssignedPort(host: "::1") }
    }
}
