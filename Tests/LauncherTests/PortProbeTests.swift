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

    @Test func aPortAnotherProcessReservedIsNotHandedOut() async throws {
        let port = Int.random(in: PortProbe.unassignedRange())
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("handover-ports/\(port)").path
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        // Another process (util-linux flock) holds the port's lock for a moment.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = ["--exclusive", file, "sleep", "2"]
        try holder.run()
        try await Task.sleep(for: .milliseconds(500))
        #expect(!PortProbe.reserveAcrossProcesses(port), "held by the other process")
        holder.waitUntilExit()
        #expect(PortProbe.reserveAcrossProcesses(port), "free once that process is gone")
    }

    @Test func aHostThatIsNotAnIPv4AddressIsRefused() {
        #expect(!PortProbe.isFree(20_000, host: "localhost"))
        #expect(throws: LaunchError.self) { try PortProbe.kernelAssignedPort(host: "::1") }
    }
}
