import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Asks the kernel about TCP ports on this machine, and picks free ones for child processes.
public enum PortProbe {
    /// Every port ``freePorts(_:host:)`` has given out in this process.
    private static let handedOut = Mutex<Set<Int>>([])

    /// Whether a server could listen on `host:port` now. Binds with `SO_REUSEADDR`, as the services
    /// do, so sockets of a previous run still in TIME_WAIT do not count as busy.
    public static func isFree(_ port: Int, host: String = "127.0.0.1") -> Bool {
        (try? withBoundSocket(host: host, port: port) { _ in () }) != nil
    }

    /// Ports the kernel does not hand out on its own: from 20000 up to its ephemeral range
    /// (`/proc/sys/net/ipv4/ip_local_port_range`, usually 32768–60999).
    public static func unassignedRange() -> ClosedRange<Int> {
        let text = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? ""
        let low = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).first.flatMap { Int($0) }
        guard let low, low > 21_000 else { return 10_000...19_999 }
        return 20_000...(low - 1)
    }

    /// `count` different free ports of `host`, picked at random from ``unassignedRange()``: the
    /// kernel never hands those out to programs binding port 0 or opening connections, so a port
    /// stays free between this check and the child's bind. A port is handed out once per process
    /// and reserved across processes (``reserveAcrossProcesses(_:)``), so concurrent test runs and
    /// stacks on one machine do not collide; a program outside these launchers that binds one
    /// anyway is noticed by ``ReadinessProbe/waitForReady(_:url:port:using:)``.
    public static func freePorts(_ count: Int, host: String = "127.0.0.1") throws(LaunchError) -> [Int] {
        let range = unassignedRange()
        var ports: [Int] = []
        while ports.count < count {
            var port: Int?
            for _ in 0..<200 {
                let candidate = Int.random(in: range)
                // Never twice in one process: two stacks starting at once both see a port free, and a
                // service being restarted has left its port free for a moment.
                if !ports.contains(candidate), isFree(candidate, host: host),
                    handedOut.withLock({ $0.insert(candidate).inserted }), reserveAcrossProcesses(candidate)
                {
                    port = candidate
                    break
                }
            }
            guard let port else { throw LaunchError(.portProbe, "no free port found in \(range)") }
            ports.append(port)
        }
        return ports
    }

    /// Where ports are reserved across processes: one lock file per port.
    static let reservations = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("handover-ports")

    /// Takes an exclusive lock on `port`'s file for the rest of this process's life (the kernel
    /// drops it when the process ends, however it ends), so two processes on one machine (two
    /// test runs, a test run and `scripts/run`) never hand out the same port. False when it is held
    /// already (by another live process, or by an earlier reservation of this one).
    public static func reserveAcrossProcesses(_ port: Int) -> Bool {
        try? FileManager.default.createDirectory(at: reservations, withIntermediateDirectories: true)
        let descriptor = open(
            reservations.appendingPathComponent(String(port)).path, O_CREAT | O_RDWR | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { return true }  // no lock files here: the in-process set still holds
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return false
        }
        return true  // the descriptor stays open: the lock lasts as long as the process
    }

    /// A port the kernel picks from its ephemeral range (bind to port 0, read it, close). Not from
    /// ``unassignedRange()``, where launchers keep ports reserved for restarts. The kernel may hand
    /// the port to an outgoing connection before the child binds it: be ready to try another.
    public static func kernelAssignedPort(host: String = "127.0.0.1") throws(LaunchError) -> Int {
        try withBoundSocket(host: host, port: 0) { descriptor throws(LaunchError) -> Int in
            var address = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let named = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
            }
            guard named == 0 else { throw LaunchError(.portProbe, "no free port on \(host) (errno \(errno))") }
            return Int(UInt16(bigEndian: address.sin_port))
        }
    }

    private static func withBoundSocket<T>(
        host: String, port: Int, _ body: (Int32) throws(LaunchError) -> T
    ) throws(LaunchError) -> T {
        #if canImport(Glibc)
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw LaunchError(.portProbe, "socket() failed (errno \(errno))") }
        defer { close(descriptor) }
        var one: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            throw LaunchError(.portProbe, "\(host) is not an IPv4 address")
        }
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw LaunchError(.portInUse, "port \(port) on \(host) is in use") }
        return try body(descriptor)
    }
}
