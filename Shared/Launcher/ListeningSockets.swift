import Foundation

/// Which process listens on a TCP port, from `/proc`: so a readiness answer is trusted only when it
/// comes from our child, not from another program that took the port first (two test runs picking
/// the same free port, say).
public enum ListeningSockets {
    /// Whether process `pid` has a listening TCP socket (IPv4 or IPv6) on `port`.
    public static func process(_ pid: Int32, listensOn port: Int) -> Bool {
        let owned = socketInodes(of: pid)
        guard !owned.isEmpty else { return false }
        for table in ["/proc/\(pid)/net/tcp", "/proc/\(pid)/net/tcp6"] {
            for (listeningPort, inode) in listeningSockets(in: table) where listeningPort == port {
                if owned.contains(inode) { return true }
            }
        }
        return false
    }

    /// The inodes of the sockets among the open files of `pid`.
    private static func socketInodes(of pid: Int32) -> Set<String> {
        let folder = "/proc/\(pid)/fd"
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        var inodes: Set<String> = []
        for entry in entries {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "\(folder)/\(entry)"),
                target.hasPrefix("socket:[")
            else { continue }
            inodes.insert(String(target.dropFirst("socket:[".count).dropLast()))
        }
        return inodes
    }

    /// `(port, inode)` of every socket in LISTEN state (`0A`) of a `/proc/net/tcp`-style table.
    private static func listeningSockets(in table: String) -> [(Int, String)] {
        guard let data = FileManager.default.contents(atPath: table) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").dropFirst().compactMap { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count > 9, fields[3] == "0A", let colon = fields[1].lastIndex(of: ":"),
                let port = Int(fields[1][fields[1].index(after: colon)...], radix: 16)
            else { return nil }
            return (port, String(fields[9]))
        }
    }
}
