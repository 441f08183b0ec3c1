import Crypto

/// Comparisons whose duration does not depend on where (or whether) the inputs differ.
enum ConstantTime {
    /// Equal byte sequences, compared in time independent of content and of the length of either:
    /// both sides are hashed first, then the fixed-size digests are compared byte by byte.
    static func equal(_ a: some Sequence<UInt8>, _ b: some Sequence<UInt8>) -> Bool {
        let da = SHA256.hash(data: Array(a))
        let db = SHA256.hash(data: Array(b))
        return equalDigests(Array(da), Array(db))
    }

    /// Equal byte arrays of known, public length (e.g. two 32-byte MACs).
    static func equalDigests(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<a.count {
            difference |= a[i] ^ b[i]
        }
        return difference == 0
    }
}
