/// A W3C Trace Context `traceparent` value: `00-<32 hex trace id>-<16 hex span id>-<2 hex flags>`.
public struct TraceParent: Sendable, Hashable, CustomStringConvertible {
    /// 32 lowercase hex digits, not all zero.
    public let traceID: String
    /// 16 lowercase hex digits, not all zero.
    public let spanID: String
    /// Trace flags; bit 0 = sampled.
    public let flags: UInt8

    /// A new trace with a random trace id and span id (SystemRandomNumberGenerator), sampled.
    public static func random() -> TraceParent {
        var generator = SystemRandomNumberGenerator()
        return TraceParent(
            traceID: randomHex(bytes: 16, using: &generator), spanID: randomHex(bytes: 8, using: &generator),
            flags: 0x01)
    }

    private init(traceID: String, spanID: String, flags: UInt8) {
        self.traceID = traceID
        self.spanID = spanID
        self.flags = flags
    }

    /// Parses a header value; nil unless it is a well-formed version-00 (or later, not `ff`) value
    /// with non-zero lowercase-hex ids.
    public init?(_ header: String) {
        let parts = header.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0].utf8.count == 2, parts[0] != "ff", Hex.decode(parts[0]) != nil,
            parts[0] != "00" || parts.count == 4,
            TraceParent.isID(parts[1], length: 32), TraceParent.isID(parts[2], length: 16),
            parts[3].utf8.count == 2, let flags = Hex.decode(parts[3])?.first
        else { return nil }
        self.init(traceID: String(parts[1]), spanID: String(parts[2]), flags: flags)
    }

    /// A new span in the same trace (for a record derived from this one).
    public func child() -> TraceParent {
        var generator = SystemRandomNumberGenerator()
        return TraceParent(traceID: traceID, spanID: TraceParent.randomHex(bytes: 8, using: &generator), flags: flags)
    }

    /// True when the sampled flag is set.
    public var isSampled: Bool { flags & 0x01 != 0 }

    /// The header value, e.g. `00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01`.
    public var description: String { "00-\(traceID)-\(spanID)-\(Hex.encode([flags]))" }

    private static func isID(_ text: Substring, length: Int) -> Bool {
        text.utf8.count == length
            && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
            && text.utf8.contains { $0 != UInt8(ascii: "0") }
    }

    private static func randomHex(bytes count: Int, using generator: inout SystemRandomNumberGenerator) -> String {
        while true {
            let bytes = (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            // All-zero ids are invalid; the chance is negligible but the rule is absolute.
            if bytes.contains(where: { $0 != 0 }) { return Hex.encode(bytes) }
        }
    }
}
