import Synchronization

/// A W3C Trace Context `traceparent` value: `00-<32 hex trace id>-<16 hex span id>-<2 hex flags>`.
public struct TraceParent: Sendable, Hashable, CustomStringConvertible {
    /// 32 lowercase hex digits, not all zero.
    public let traceID: String
    /// 16 lowercase hex digits, not all zero.
    public let spanID: String
    /// Trace flags; bit 0 = sampled.
    public let flags: UInt8

    /// A new trace with a random trace id and span id (see ``IDGenerator``), sampled.
    public static func random() -> TraceParent {
        TraceParent(traceID: randomHex(words: 2), spanID: randomHex(words: 1), flags: 0x01)
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
        TraceParent(traceID: traceID, spanID: TraceParent.randomHex(words: 1), flags: flags)
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

    /// `words` × 16 hex digits, never all zero.
    private static func randomHex(words: Int) -> String {
        while true {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(words * 8)
            for _ in 0..<words {
                let word = IDGenerator.next()
                for shift in stride(from: 56, through: 0, by: -8) {
                    bytes.append(UInt8(truncatingIfNeeded: word >> shift))
                }
            }
            // All-zero ids are invalid; the chance is negligible but the rule is absolute.
            if bytes.contains(where: { $0 != 0 }) { return Hex.encode(bytes) }
        }
    }
}

/// Trace and span ids: SplitMix64 over one shared atomic counter, seeded once from the system's
/// random source. Ids must be unique and unpredictable enough not to collide across services
/// (W3C Trace Context asks for randomness, not secrecy); asking the kernel for every byte cost
/// about 9 µs per webhook event, this costs a few nanoseconds and never blocks.
enum IDGenerator {
    private static let state: Atomic<UInt64> = {
        var system = SystemRandomNumberGenerator()
        return Atomic(system.next())
    }()

    /// The next 64 random bits.
    static func next() -> UInt64 {
        var z = state.wrappingAdd(0x9E37_79B9_7F4A_7C15, ordering: .relaxed).newValue
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension TraceParent {
    /// The trace of the event the current task is working on (a worker sets it for each event it
    /// handles); outgoing HTTP calls made for the event carry it as their `traceparent` header, so
    /// one webhook can be followed from the ingress through the workers to Meta and the desk.
    @TaskLocal public static var current: TraceParent?

    /// The `traceparent` header field for an outgoing call made in ``current``, if any.
    public static var outgoingHeader: (name: String, value: String)? {
        current.map { (RecordHeaders.Name.traceparent, $0.description) }
    }
}
