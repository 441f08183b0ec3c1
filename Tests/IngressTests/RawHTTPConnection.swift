import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A raw TCP connection to a local server, for requests no well-behaved client sends: a body that
/// stalls half-way, a head that never ends. Non-blocking, so a test never hangs on it.
final class RawHTTPConnection {
    private let fd: Int32

    /// Connects to `127.0.0.1:port`.
    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw RawError.socket }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        // deinit closes the socket, also when this initializer throws.
        guard result == 0 else { throw RawError.connect }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    }

    deinit { close(fd) }

    /// Sends `bytes`, waiting up to `timeout` for the peer to take them; false when it closed or
    /// did not take them in time.
    @discardableResult
    func send(_ bytes: [UInt8], timeout: Duration = .seconds(30)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if sent > 0 {
                offset += sent
            } else if sent < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                guard ContinuousClock.now < deadline else { return false }
                // Never block a thread of the cooperative pool: the server under test runs there too.
                try? await Task.sleep(for: .milliseconds(10))
            } else {
                return false
            }
        }
        return true
    }

    /// Sends `text` as UTF-8.
    @discardableResult
    func send(_ text: String) async -> Bool { await send(Array(text.utf8)) }

    /// Reads until the peer closes or `timeout` passes: what arrived and whether it closed.
    func readUntilClosed(timeout: Duration, stopAtHead: Bool = false) async -> (bytes: [UInt8], closed: Bool) {
        let deadline = ContinuousClock.now + timeout
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while ContinuousClock.now < deadline {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received += buffer[0..<count]
                if stopAtHead, String(decoding: received, as: UTF8.self).contains("\r\n\r\n") {
                    return (received, false)
                }
            } else if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK) {
                return (received, true)
            } else {
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
        return (received, false)
    }

    /// Reads until a response head has arrived, the peer closes, or `timeout` passes.
    func read(timeout: Duration) async -> String {
        String(decoding: await readUntilClosed(timeout: timeout, stopAtHead: true).bytes, as: UTF8.self)
    }

    enum RawError: Error { case socket, connect }
}
