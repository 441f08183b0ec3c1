import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Asks the kernel about TCP ports on this machine, before the stack's services try to listen.
public enum PortProbe {
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

    private static func withBoundSocket<T>(host: String, port: Int, _ body: (Int32) throws -> T) throws -> T {
        #if canImport(Glibc)
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw StackError(.portProbe, "socket() failed (errno \(errno))") }
        defer { close(descriptor) }
        var one: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            throw StackError(.portProbe, "\(host) is not an IPv4 address")
        }
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw StackError(.portInUse, "port \(port) on \(host) is in use") }
        return try body(descriptor)
    }
}
